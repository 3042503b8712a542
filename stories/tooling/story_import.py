"""Read a story written by ``story_export.export_story`` into this database.

``import_story`` writes through the models' ``save()``, so the live cursor is right and
every body is rendered and sanitised again on the way in: a document is input like any
other. Creation times are kept (they order claims on source pages); the live cursor's
columns and ``modified_at`` are the importing database's own.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.dateparse import parse_datetime

from stories.models import Claim, ClaimStatusChange, Source, Story, Update
from stories.tooling.story_export import (
    CLAIM_FIELDS,
    FORMAT,
    FORMAT_VERSION,
    SOURCE_FIELDS,
    STATUS_CHANGE_FIELDS,
    STORY_FIELDS,
    UPDATE_FIELDS,
)


class ImportRefused(ValueError):
    """The document cannot be imported as it is; the message says why."""


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


class _Importer:
    """One document's import: its accounts, its sources by slug, its claims by ref.

    Answers are linked once every claim of the story exists, in whatever order the
    document lists them; ``notes`` collects what was adapted to this database.
    """

    def __init__(self, data: dict):
        self.person = _People(data.get("people", []))
        self.notes: list[str] = []
        self.sources: dict[str, Source] = {}
        self.claims_by_ref: dict[int, Claim] = {}
        self.answers: list[tuple[Claim, dict]] = []

    def add_story(self, data: dict) -> Story:
        story = Story(**_fields(data, STORY_FIELDS))
        story.full_clean(validate_unique=False)
        story.save()
        return story

    def add_source(self, item: dict) -> None:
        source = Source.objects.filter(slug=item["slug"]).first()
        if source is None:
            source = Source(**_fields(item, SOURCE_FIELDS))
            source.full_clean()
            source.save()
        elif source.name != item["name"]:
            self.notes.append(f"Source {item['slug']!r} exists here as {source.name!r}; kept.")
        self.sources[item["slug"]] = source

    def add_update(self, story: Story, item: dict) -> None:
        update = Update(
            story=story, author=self.person(item["author"]), **_fields(item, UPDATE_FIELDS)
        )
        update.full_clean(exclude=["story", "author"])
        update.save()
        for claim_data in item["claims"]:
            self.add_claim(update, claim_data)

    def add_claim(self, update: Update, data: dict) -> None:
        claim = Claim(
            update=update, source=self.sources[data["source"]], **_fields(data, CLAIM_FIELDS)
        )
        claim.full_clean(exclude=["update", "source", "responds_to"])
        claim.save()
        self.claims_by_ref[data["ref"]] = claim
        if data["responds_to"]:
            self.answers.append((claim, data["responds_to"]))
        for change in data["status_changes"]:
            ClaimStatusChange.objects.create(
                claim=claim,
                changed_by=self.person(change["changed_by"]),
                **_fields(change, STATUS_CHANGE_FIELDS),
            )

    def link_answers(self, story: Story) -> None:
        """Point each answer at its claim: in this story by ref, in another by its words."""
        for claim, target in self.answers:
            if target["story"] == story.slug:
                claim.responds_to = self.claims_by_ref.get(target["ref"])
            else:
                claim.responds_to = Claim.objects.filter(
                    update__story__slug=target["story"],
                    source__slug=target["source"],
                    text=target["text"],
                ).first()
            if claim.responds_to is None:
                self.notes.append(f"Claim {claim.text[:40]!r} answered a claim not found here.")
            else:
                claim.save()


def import_story(*, data: dict) -> tuple[Story, list[str]]:
    """Create the story of an export document; return it and notes on what was adapted."""
    _check(data)
    importer = _Importer(data)
    with transaction.atomic(), _keeping_creation_times():
        story = importer.add_story(data["story"])
        for item in data["sources"]:
            importer.add_source(item)
        for item in data["updates"]:
            importer.add_update(story, item)
        importer.link_answers(story)
    if importer.person.created:
        importer.notes.append(
            "Inactive accounts made for the bylines: " + ", ".join(importer.person.created)
        )
    return story, importer.notes
