"""The demo's saved copies, stored with the demo so no internet is needed to see them.

The demo document gives, for an update, ``saved_copies`` (posts its body embeds) and,
for a claim, ``saved_copy`` (its source's page): what the page said, in our own words,
and when it was saved. Saving the update or the claim asked for a copy (a pending row and
a job); here that row is filled as a capture would fill it, body and hash included, so
the job later finds it done and does nothing.
"""

import hashlib
from html import escape

from django.utils import timezone

from stories.evidence import storage
from stories.evidence.cards import snapshot
from stories.models import SavedCopy

FIELDS = ("provider", "title", "author", "text", "embed_address")


def _page(data: dict) -> bytes:
    """The page as the demo keeps it: a small HTML document of the copy's own words."""
    title, text = escape(data["title"]), escape(data["text"])
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1><p>{text}</p></article></body></html>"
    ).encode()


def _fill(copy: SavedCopy, data: dict, at) -> None:
    body = _page(data)
    copy.sha256 = hashlib.sha256(body).hexdigest()
    copy.body_file = storage.store_body(body, copy.sha256)
    for name in FIELDS:
        setattr(copy, name, data.get(name, ""))
    copy.final_address, copy.http_status, copy.content_type = copy.address, 200, "text/html"
    copy.published_at = at(data["published_minutes"]) if "published_minutes" in data else None
    copy.captured_at = at(data["saved_minutes"])
    copy.state, copy.attempts = SavedCopy.State.DONE, 1
    copy.original = data.get("original", SavedCopy.Original.UNCHECKED)
    copy.changes = data.get("changes", "")
    if copy.original != SavedCopy.Original.UNCHECKED:
        copy.rechecked_at = min(timezone.now(), at(data["saved_minutes"] + 180))
    copy.save()


def fill_update_copies(update, copies: list[dict], at) -> None:
    for data in copies:
        copy = SavedCopy.objects.get(update=update, claim=None, address=data["address"])
        _fill(copy, data, at)


def fill_claim_copy(claim, data: dict | None, at) -> None:
    if data:
        _fill(SavedCopy.objects.get(claim=claim, address=claim.source_url), data, at)


def show(update) -> None:
    """Put the filled copies on the update, as a finished job does."""
    if SavedCopy.objects.filter(update=update, state=SavedCopy.State.DONE).exists():
        update.saved_copies_shown = snapshot(update.pk)
        update.save(update_fields=["saved_copies_shown", "modified_at"])
