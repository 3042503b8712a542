"""What an update shows of its saved copies, kept on the update itself.

A poll or a page renders many updates and must not query per update, nor even once more
per page: so when a capture or a re-check finishes, the job writes the done copies'
card fields into ``Update.saved_copies_shown`` (:func:`snapshot`) and saves the update,
which moves its version (new fragment cache key, and open pages learn of it through the
live cursor). Templates, feeds, JSON-LD and the API read them back with
:func:`embedded_copies` and :func:`claim_copy`.
"""

from dataclasses import dataclass, fields
from datetime import datetime

from django.urls import reverse
from django.utils.dateparse import parse_datetime

from stories.evidence.addresses import embedded_addresses
from stories.models import display
from stories.syndication.public_url import absolute_url

CARD_TEXT_LENGTH = 600


@dataclass(frozen=True)
class ShownCopy:
    pk: int
    claim_id: int | None
    address: str
    provider: str
    title: str
    author: str
    published_at: datetime | None
    text: str
    thumbnail: str
    embed_address: str
    captured_at: datetime | None
    original: str
    state: str
    failure_reason: str


def _stored(copy) -> dict:
    values = {field.name: getattr(copy, field.name) for field in fields(ShownCopy)}
    values["text"] = values["text"][:CARD_TEXT_LENGTH]
    for name in ("published_at", "captured_at"):
        values[name] = values[name].isoformat() if values[name] else None
    return values


def snapshot(update_id: int) -> list[dict]:
    """An update's copies, newest first, as the update keeps them (readers see done ones)."""
    from stories.models.saved_copies import SavedCopy

    copies = SavedCopy.objects.filter(update_id=update_id).order_by("-requested_at", "-id")
    return [_stored(copy) for copy in copies]


def _all(update) -> list[ShownCopy]:
    shown = []
    for values in getattr(update, "saved_copies_shown", None) or []:
        values = dict(values)
        for name in ("published_at", "captured_at"):
            values[name] = parse_datetime(values[name]) if values[name] else None
        shown.append(ShownCopy(**values))
    return shown


def _shown(update) -> list[ShownCopy]:
    """What readers may see: saved copies only."""
    return [copy for copy in _all(update) if copy.state == "done"]


def desk_notices(updates) -> dict[int, list]:
    """For the desk, by update id: each address whose latest copy is not saved (failed,
    or on its way), in one query for all the updates."""
    from stories.models.saved_copies import SavedCopy

    latest = {}
    copies = SavedCopy.objects.filter(update__in=updates).order_by("-requested_at", "-id")
    for copy in copies.only("update_id", "claim_id", "address", "state", "failure_reason"):
        latest.setdefault((copy.update_id, copy.claim_id, copy.address), copy)
    notices: dict[int, list] = {}
    for copy in latest.values():
        if copy.state != SavedCopy.State.DONE:
            notices.setdefault(copy.update_id, []).append(copy)
    return notices


def embedded_copies(update) -> list[ShownCopy]:
    """The latest saved copy of each address the body embeds, in the body's order."""
    latest = {}
    for copy in _shown(update):  # newest first
        if copy.claim_id is None and copy.address not in latest:
            latest[copy.address] = copy
    if not latest:
        return []
    return [latest[address] for address in embedded_addresses(update.body) if address in latest]


def claim_copy(claim, update) -> ShownCopy | None:
    """The latest saved copy of the claim's current source address, or None."""
    for copy in _shown(update):
        if copy.claim_id == claim.pk and copy.address == claim.source_url:
            return copy
    return None


def shown_ids(update) -> set[int]:
    """The saved copies the update shows now (an address taken out of it is not shown)."""
    shown = {copy.pk for copy in embedded_copies(update)}
    claims = (claim_copy(claim, update) for claim in display.shown(update, "claims"))
    return shown | {copy.pk for copy in claims if copy is not None}


def card_data(copy: ShownCopy, request=None) -> dict:
    """A card as a link with its title and the saved copy's address, never a player."""
    return {
        "url": copy.address,
        "title": copy.title,
        "provider": copy.provider,
        "author": copy.author,
        "published_at": copy.published_at,
        "saved_copy_url": absolute_url(reverse("stories:saved_copy", args=[copy.pk]), request),
        "saved_at": copy.captured_at,
        "original": copy.original,
    }
