"""A story as a JSON document: its updates, claims, sources and status history.

``export_story`` writes everything an editor typed or a reader sees, with sources and
people named by their slugs and user names rather than by database ids, so the document
can be read into another database (``manage.py export_story``). ``story_import`` reads it
back; the format and the fields it carries, defined here, are shared by both.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from stories.models import Claim, Source, Story, Update

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
    "language",
    "poll_interval",
    "created_at",
    # The "What we know" box as it is (its earlier versions are not carried).
    "known_points",
    "known_at",
)
SOURCE_FIELDS = (
    "name",
    "slug",
    "kind",
    "side",
    "is_independent",
    "url",
    "description",
    "created_at",
)
UPDATE_FIELDS = (
    "headline",
    "body",
    "published_at",
    "is_key_event",
    "is_pinned",
    "correction_note",
    "created_at",
    "edited_at",
    # Carried so that a draft or a submission stays unseen by readers after an import.
    "state",
    "review_note",
)
CLAIM_FIELDS = (
    "text",
    "status",
    "note",
    "attribution",
    "stance",
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


def _responds_to(claim: Claim) -> dict | None:
    """The answered claim by its ref, and by what finds it in another story's database."""
    other = claim.responds_to
    if other is None:
        return None
    return {
        "ref": other.pk,
        "story": other.update.story.slug,
        "source": other.source.slug,
        "text": other.text,
    }


def _claim(claim: Claim, people: dict, threads: set[int]) -> dict:
    """The claim; its thread's history goes with the first of the thread's claims."""
    thread = claim.thread
    changes = [] if thread.pk in threads else thread.status_changes.all()
    threads.add(thread.pk)
    return {
        "ref": claim.pk,
        "source": claim.source.slug,
        **_values(claim, CLAIM_FIELDS),
        "thread": {"ref": thread.pk, "wording": thread.wording},
        "responds_to": _responds_to(claim),
        "status_changes": [
            {
                **_values(change, STATUS_CHANGE_FIELDS),
                "changed_by": _username(change.changed_by, people),
                "through_this_claim": change.claim_id == claim.pk,
            }
            for change in changes
        ],
    }


def _update(update: Update, people: dict, sources: dict[int, Source], threads: set) -> dict:
    claims = []
    for claim in update.claims.all():
        sources[claim.source_id] = claim.source
        claims.append(_claim(claim, people, threads))
    return {
        "ref": update.pk,
        "author": _username(update.author, people),
        **_values(update, UPDATE_FIELDS),
        "claims": claims,
    }


def export_story(story: Story) -> dict:
    """The export document of ``story``; ``story_import.import_story`` reads it back."""
    updates = (
        story.updates.select_related("author")
        .prefetch_related(
            "claims__thread__status_changes__changed_by", "claims__responds_to__update"
        )
        .order_by("published_at", "id")
    )
    sources: dict[int, Source] = {}
    people: dict[str, dict] = {}
    threads: set[int] = set()
    exported_updates = [_update(update, people, sources, threads) for update in updates]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "story": _values(story, STORY_FIELDS),
        "sources": [_values(source, SOURCE_FIELDS) for source in sorted(sources.values(), key=str)],
        "people": [{"username": name, **names} for name, names in sorted(people.items())],
        "updates": exported_updates,
    }
