"""Asking for saved copies: when updates and claims are saved, and again on request.

Called from ``Update.save()`` and ``Claim.save()``, inside their transaction, so the
job row (django-tasks-db keeps jobs in the same database) commits with the update or
not at all. An address already asked for, for the same update or claim, is not asked
for again: saving an update twice makes one copy.
"""

from stories.evidence.addresses import embedded_addresses
from stories.evidence.jobs import capture_saved_copy, recheck_saved_copy
from stories.evidence.jobs import touch as touch_update
from stories.models.saved_copies import SavedCopy


def _request(**fields) -> SavedCopy:
    copy = SavedCopy.objects.create(**fields)
    capture_saved_copy.enqueue(copy.pk)
    return copy


def request_for_update(update) -> None:
    """A saved copy of each address the body embeds that has none yet."""
    addresses = embedded_addresses(update.body)
    if not addresses:
        return
    known = set(
        SavedCopy.objects.filter(update=update, claim=None, address__in=addresses).values_list(
            "address", flat=True
        )
    )
    for address in addresses:
        if address not in known:
            _request(update=update, address=address)


def request_for_claim(claim) -> None:
    """A saved copy of the claim's source address, if it has none yet."""
    address = claim.source_url
    if address and not SavedCopy.objects.filter(claim=claim, address=address).exists():
        _request(update_id=claim.update_id, claim=claim, address=address)


def capture_again(copy: SavedCopy) -> SavedCopy:
    """A new saved copy of the same address, as it is now (the earlier one is kept).

    The update is saved again so the desk shows the new copy on its way.
    """
    again = _request(update_id=copy.update_id, claim_id=copy.claim_id, address=copy.address)
    touch_update(again)
    return again


def recheck(copy: SavedCopy) -> None:
    recheck_saved_copy.enqueue(copy.pk)
