"""What we knew, and when: a thread's status at a past moment, rebuilt from its history.

``?at=<ISO date-time>`` on the "Who said what" page and on a thread's page shows each
claim as readers could see it then: only claims published by that moment, each with
the status its thread had at that moment. The status history (``ClaimStatusChange``)
is the record: the status at ``t`` is the ``to_status`` of the last change at or before
``t``; before the first change it is that change's ``from_status``; with no change at
all it is the thread's status now. The note shown is the one recorded with that last
change (a later note may tell what was not known yet).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateparse import parse_datetime

# Longer than any ISO date-time with an offset and microseconds.
MAX_LENGTH = 40


class BadMoment(ValueError):
    """``?at=`` is not a date and time."""


def parse_at(value: str | None, time_zone: str) -> datetime | None:
    """The moment ``?at=`` names (in the story's time zone when it has no offset)."""
    if value is None or value == "":
        return None
    if len(value) > MAX_LENGTH:
        raise BadMoment(value[:MAX_LENGTH])
    try:
        moment = parse_datetime(value.strip())
    except (ValueError, OverflowError) as error:
        raise BadMoment(value) from error
    if moment is None:
        raise BadMoment(value)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=ZoneInfo(time_zone))
    try:
        return moment.astimezone(ZoneInfo("UTC"))
    except (ValueError, OverflowError) as error:
        raise BadMoment(value) from error


def last_change_by(changes: list, at: datetime):
    """The last of ``changes`` (in time order) made at or before ``at``, or None."""
    last = None
    for change in changes:
        if change.changed_at > at:
            break
        last = change
    return last


def status_at(changes: list, at: datetime, current: str) -> str:
    last = last_change_by(changes, at)
    if last is not None:
        return last.to_status
    later = [change for change in changes if change.changed_at > at]
    return later[0].from_status if later else current


def note_at(changes: list, at: datetime, current: str) -> str:
    last = last_change_by(changes, at)
    if last is not None:
        return last.note
    return "" if any(change.changed_at > at for change in changes) else current


def as_it_was(verdict, changes: list, at: datetime, created_at: datetime) -> None:
    """Set ``verdict`` (a thread or a claim) to its status, note and last change at ``at``."""
    last = last_change_by(changes, at)
    verdict.status = status_at(changes, at, verdict.status)
    verdict.note = note_at(changes, at, verdict.note)
    verdict.status_changed_at = last.changed_at if last else None
    verdict.previous_status = last.from_status if last else ""
    earlier = [change for change in changes if last and change.changed_at < last.changed_at]
    verdict.previous_status_since = (
        (earlier[-1].changed_at if earlier else created_at) if last else None
    )


def claims_at(claims: list, changes_by_thread: dict, at: datetime) -> list:
    """The claims published by ``at``, each set to its thread's status then."""
    shown = []
    for claim in claims:
        if claim.update.published_at > at:
            continue
        changes = changes_by_thread.get(claim.thread_id, [])
        as_it_was(claim, changes, at, claim.thread.created_at)
        shown.append(claim)
    return shown
