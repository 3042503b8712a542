"""Times as a story's pages show them: read in the story's time zone, in the language's
formats, as ``{% timezone story.time_zone %}`` with the ``date``, ``claim_time`` and
``machine_time`` filters shows them in templates."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils import dateformat
from django.utils.formats import get_format


def machine(moment: datetime) -> str:
    """A ``<time datetime>`` value: UTC, to the second (the ``machine_time`` filter)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def sortable(moment: datetime) -> str:
    """The moment in microseconds since the epoch, as ``date:"Uu"`` writes it."""
    return f"{int(moment.timestamp())}{moment.microsecond:06d}"


class StoryClock:
    def __init__(self, time_zone: str):
        self.zone = ZoneInfo(time_zone)

    def shown(self, moment: datetime, format_name: str = "DATETIME_FORMAT") -> str:
        """``moment|date:format_name`` in the story's time zone."""
        return dateformat.format(moment.astimezone(self.zone), get_format(format_name))

    def near(self, moment: datetime, reference: datetime | None) -> str:
        """The time alone, or the date and time when not on the day of ``reference``:
        the ``claim_time`` filter, so "Confirmed 14:02 — was unverified at 09:15"
        never hides that days went by."""
        local = moment.astimezone(self.zone)
        same_day = reference is not None and reference.astimezone(self.zone).date() == local.date()
        return dateformat.format(
            local, get_format("TIME_FORMAT" if same_day else "SHORT_DATETIME_FORMAT")
        )
