"""The desk's preview of the cards a body will show, before it is posted.

An address with a saved copy already (of any update) shows that copy's card at once. An
address never seen is asked for in the background: a preview copy (no update; the
story's desk owns it) is queued, never fetched in the request, and the preview shows a
placeholder that asks the desk for the result every two seconds (htmx) until the copy
is saved or has failed (``stories/desk/card_previews.py``). Readers never see a preview
copy: it belongs to no update, so no public page, feed or admin list shows it.

Typing must not queue the same address again and again: a preview copy of the address
asked for in the last ``REUSE_FOR`` is reused, and a story's desk asks for at most
``BUDGET`` new preview copies in that time (after that the card is made on posting).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from stories.evidence.addresses import ADDRESS_LINE, MAX_EMBEDS, embedded_addresses
from stories.evidence.jobs import capture_saved_copy
from stories.models.saved_copies import SavedCopy

REUSE_FOR = timedelta(minutes=10)
BUDGET = 30
# Preview copies older than this are deleted by ``manage.py recheck_saved_copies``: the
# update, once posted, has its own copy. (Their files stay, as a deleted update's do:
# bodies are stored once under their SHA-256 and may be another copy's too.)
KEEP_FOR = timedelta(days=1)


@dataclass(frozen=True)
class PreviewCard:
    address: str
    copy: SavedCopy | None = None
    # Why the address gets no card in the preview (it stays a plain link).
    problem: str = ""

    @property
    def pending(self) -> bool:
        return self.copy is not None and self.copy.state == SavedCopy.State.PENDING


def unusable_lines(body: str) -> list[str]:
    """Lines that look like an address alone on a line but are not a web address."""
    usable = set(embedded_addresses(body))
    lines = (ADDRESS_LINE.match(line) for line in body.splitlines())
    found = [match.group(1) for match in lines if match and match.group(1) not in usable]
    return list(dict.fromkeys(found))[:MAX_EMBEDS]


def _latest(addresses: list[str], story) -> dict[str, SavedCopy]:
    """The newest saved copy of each address, else this desk's recent preview copy."""
    found: dict[str, SavedCopy] = {}
    done = SavedCopy.objects.done().filter(address__in=addresses).order_by("-captured_at")
    for copy in done:
        found.setdefault(copy.address, copy)
    since = timezone.now() - REUSE_FOR
    asked = SavedCopy.objects.filter(story=story, address__in=addresses, requested_at__gte=since)
    for copy in asked.order_by("-requested_at", "-id"):
        found.setdefault(copy.address, copy)
    return found


def _ask(address: str, story) -> PreviewCard:
    since = timezone.now() - REUSE_FOR
    if SavedCopy.objects.filter(story=story, requested_at__gte=since).count() >= BUDGET:
        too_many = _("Many new addresses were previewed just now: the card is made on posting.")
        return PreviewCard(address, problem=too_many)
    copy = SavedCopy.objects.create(story=story, address=address)
    capture_saved_copy.enqueue(copy.pk)
    return PreviewCard(address, copy)


def preview_cards(body: str, story) -> list[PreviewCard]:
    """Each address the body embeds with its card, on its way, or why it has none."""
    addresses = embedded_addresses(body)
    found = _latest(addresses, story) if addresses else {}
    cards = [
        PreviewCard(address, found[address]) if address in found else _ask(address, story)
        for address in addresses
    ]
    not_addresses = _("This is not a web address a card can be made of; it stays as typed.")
    return cards + [PreviewCard(line, problem=not_addresses) for line in unusable_lines(body)]


def prune() -> int:
    """Delete the preview copies asked for more than ``KEEP_FOR`` ago; return how many."""
    old = SavedCopy.objects.filter(update=None, requested_at__lt=timezone.now() - KEEP_FOR)
    return old.delete()[0]
