"""The ``machine_time`` filter: a moment as a ``<time datetime>`` value.

UTC, to the second: HTML's datetime syntax allows at most three decimals, and readers'
pages never need sub-second precision (``date:"c"`` would print microseconds).
"""

from datetime import UTC, datetime

from django import template

register = template.Library()


@register.filter
def machine_time(moment: datetime | None) -> str:
    if not moment:
        return ""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()
