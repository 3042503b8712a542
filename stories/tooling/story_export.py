"""A story as a JSON document, and back: its updates, claims, sources and status history.

``export_story`` writes everything an editor typed or a reader sees, with sources and
people named by their slugs and user names rather than by database ids, so the document
can be read into another database (``manage.py export_story`` / ``import_story``).

``import_story`` writes through the models' ``save()``, so the live cursor is right and
every body is rendered and sanitised again on the way in: a document is input like any
other. Creation times are kept (they order claims on source pages); the live cursor's
columns and ``modified_at`` are the importing database's own.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from stories.models import Claim, ClaimStatusChange, Source, Story, Update

FORMAT = "liveblog-story"
FORMAT_VERSION = 1

STORY_FIELDS = (
    "title",
    "slug",
    "summary",
    "status",
    "started_at",
    "ended_at",
    "time_zone",
    "poll_interval",
    "created_at",
)
SOURCE_FIELDS = ("name", "slug", "kind", "url", "description", "created_at")
UPDATE_FIELDS = (
    "headline",
    "body",
    "published_at",
    "is_key_event",
    "is_pinned",
    "correction_note",
    "created_at",
    "edited_at",
)
CLAIM_FIELDS = (
    "text",
    "status",
    "note",
    "attribution",
    "is_verbatim",
    "source_url",
    "stated_at",
    "position",
    "created_at",
    "status_changed_at",
    "previous_status",
    "previous_status_since",
)
STATUS_CHANGE_FIELDS = ("from_status", "to_status", "changed_at", "note")


class ImportRefused(ValueError):
    """The document cannot be imported as it is; the message says why."""


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _values(instance, names) -> dict:
    return {name: _plain(getattr(instance, name)) for name in names}


def _username(user, people: dict | None = None) -> str | None:
    if user is None:
        return None
    if people is not None:
        # Bylines show the full name: carry it for accounts the other side lacks.
        people[user.get_username()] = {"first_name": user.first_name, "last_name": user.last_name}
    return user.get_username()


def export_story(story: Story) -> dict:
    updates = (
        story.updates.select_related("author")
        .prefetch_related("claims__status_changes__changed_by", "claims__responds_to__update")
        .order_by("published_at", "id")
    )
    sources: dict[int, Source] = {}
    people: dict[str, dict] = {}
    exported_updates = []
    for update in updates:
        claims = []
        for claim in update.claims.all():
            sources[claim.source_id] = claim.source
            responds_to = None
            if claim.responds_to is not None:
                other = claim.responds_to
                responds_to = {
                    "ref": other.pk,
                    "story": other.update.story.slug,
                    "source": other.source.slug,
                    "text": other.text,
                }
            claims.append(
                {
                    "ref": claim.pk,
                    "source": claim.source.slug,
                    **_values(claim, CLAIM_FIELDS),
                    "responds_to": responds_to,
                    "status_changes": [
                        {
                            **_values(change, STATUS_CHANGE_FIELDS),
                            "changed_by": _username(change.changed_by, people),
                        }
                        for change in claim.status_changes.all()
                    ],
                }
            )
        exported_updates.append(
            {
                "ref": update.pk,
                "author": _username(update.author, people),
                **_values(update, UPDATE_FIELDS),
                "claims": claims,
            }
        )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "story": _values(story, STORY_FIELDS),
        "sources": [_values(source, SOURCE_FIELDS) for source in sorted(sources.values(), key=str)],
        "people": [{"username": name, **names} for name, names in sorted(people.items())],
        "updates": exported_updates,
    }


_DATETIMES = {
    "started_at",
    "ended_at",
    "created_at",
    "published_at",
    "edited_at",
    "stated_at",
    "status_changed_at",
    "previous_status_since",
    "changed_at",
}


def _fields(data: dict, names) -> dict:
    values = {}
    for name in names:
        value = data.get(name)
        if name in _DATETIMES and value is not None:
            parsed = parse_datetime(value)
            if parsed is None:
                raise ImportRefused(f"{name}: {value!r} is not a date and time.")
            value = parsed
        if value is not None or name in _DATETIMES:
            values[name] = value
    return values


@contextmanager
def _keeping_creation_times():
    """Let saves write the document's ``created_at`` instead of the current time.

    ``auto_now_add`` is switched off on the four models for the duration; the import
    command runs alone in its process, so nothing else saves meanwhile.
    """
    fields = [model._meta.get_field("created_at") for model in (Story, Source, Update, Claim)]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


class _People:
    """Accounts by user name; a missing one is made, inactive, so its byline survives."""

    def __init__(self, listed: list[dict]):
        self.names = {p["username"]: (p["first_name"], p["last_name"]) for p in listed}
        self.created: list[str] = []

    def __call__(self, username: str | None):
        if not username:
            return None
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            first_name, last_name = self.names.get(username, ("", ""))
            user = User(
                **{User.USERNAME_FIELD: username},
                first_name=first_name,
                last_name=last_name,
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            self.created.append(username)
        return user


def _check(data: dict) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused("This is not a story exported by export_story.")
    if data.get("version") != FORMAT_VERSION:
        raise ImportRefused(f"Unknown export version {data.get('version')!r}.")
    slug = data["story"]["slug"]
    if Story.objects.filter(slug=slug).exists():
        raise ImportRefused(f"A story with the slug {slug!r} exists already.")


def import_story(*, data: dict) -> tuple[Story, list[str]]:
    """Create the story of an export document; return it and notes on what was adapted."""
    _check(data)
    notes: list[str] = []
    person = _People(data.get("people", []))
    with transaction.atomic(), _keeping_creation_times():
        story = Story(**_fields(data["story"], STORY_FIELDS))
        story.full_clean(validate_unique=False)
        story.save()
        sources = {}
        for item in data["sources"]:
            source = Source.objects.filter(slug=item["slug"]).first()
            if source is None:
                source = Source(**_fields(item, SOURCE_FIELDS))
                source.full_clean()
                source.save()
            elif source.name != item["name"]:
                notes.append(f"Source {item['slug']!r} exists here as {source.name!r}; kept.")
            sources[item["slug"]] = source

        claims_by_ref: dict[int, Claim] = {}
        answers = []
        for item in data["updates"]:
            update = Update(
                story=story,
                author=person(item["author"]),
                **_fields(item, UPDATE_FIELDS),
            )
            update.full_clean(exclude=["story", "author"])
            update.save()
            for claim_data in item["claims"]:
                claim = Claim(
                    update=update,
                    source=sources[claim_data["source"]],
                    **_fields(claim_data, CLAIM_FIELDS),
                )
                claim.full_clean(exclude=["update", "source", "responds_to"])
                claim.save()
                claims_by_ref[claim_data["ref"]] = claim
                if claim_data["responds_to"]:
                    answers.append((claim, claim_data["responds_to"]))
                for change in claim_data["status_changes"]:
                    ClaimStatusChange.objects.create(
                        claim=claim,
                        changed_by=person(change["changed_by"]),
                        **_fields(change, STATUS_CHANGE_FIELDS),
                    )

        for claim, target in answers:
            if target["story"] == story.slug:
                claim.responds_to = claims_by_ref.get(target["ref"])
            else:
                claim.responds_to = Claim.objects.filter(
                    update__story__slug=target["story"],
                    source__slug=target["source"],
                    text=target["text"],
                ).first()
            if claim.responds_to is None:
                notes.append(f"Claim {claim.text[:40]!r} answered a claim not found here.")
            else:
                claim.save()
    if person.created:
        notes.append("Inactive accounts made for the bylines: " + ", ".join(person.created))
    return story, notes
