"""Keyset ("seek") pagination tokens: a position in a newest-first list.

A token is ``<microseconds since the epoch>-<id>`` of the last row shown; the next page
holds the rows strictly older than it. Unlike OFFSET, the cost of a page does not grow
with how deep it is, and rows added at the top never shift what the next page holds.
"""

import re
from datetime import UTC, datetime, timedelta

from django.db.models import Q

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TOKEN = re.compile(r"^(?P<micros>-?\d{1,17})-(?P<pk>\d{1,18})$")
MAX_MICROS = int((datetime(9999, 12, 31, tzinfo=UTC) - EPOCH) / timedelta(microseconds=1))
# Python's datetimes start at year 1: a token before that cannot be a position.
MIN_MICROS = int((datetime(1, 1, 2, tzinfo=UTC) - EPOCH) / timedelta(microseconds=1))


class BadToken(ValueError):
    pass


def encode(moment: datetime, pk: int) -> str:
    return f"{(moment - EPOCH) // timedelta(microseconds=1)}-{pk}"


def decode(token: str) -> tuple[datetime, int]:
    match = _TOKEN.match(token or "")
    if not match:
        raise BadToken(token)
    micros, pk = int(match["micros"]), int(match["pk"])
    if not (MIN_MICROS < micros < MAX_MICROS) or pk > 2**63 - 1:
        raise BadToken(token)
    return EPOCH + timedelta(microseconds=micros), pk


def page(rows, *, before: tuple[datetime, int] | None, size: int, time_field: str, oldest=False):
    """One page of ``rows`` (a QuerySet ordered newest first by ``time_field``, then id).

    Returns the page's rows and the token of the next, older page (None on the last).
    Used by the story stream, the source pages and the API alike. With ``oldest``, the
    rows are ordered oldest first and ``before`` is the position the page follows.
    """
    if before is not None:
        moment, pk = before
        after, beyond, id_beyond = ("gte", "gt", "id__gt") if oldest else ("lte", "lt", "id__lt")
        # time <= … lets PostgreSQL start its index scan at the position; the OR alone
        # is only a filter, and the scan would walk down from the newest row.
        rows = rows.filter(**{f"{time_field}__{after}": moment}).filter(
            Q(**{f"{time_field}__{beyond}": moment}) | Q(**{time_field: moment, id_beyond: pk})
        )
    found = list(rows[: size + 1])
    if len(found) <= size:
        return found, None
    found = found[:size]
    return found, encode(getattr(found[-1], time_field), found[-1].pk)
