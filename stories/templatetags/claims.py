"""Claim statuses in templates, from their one definition in stories/claim_status.py."""

from django import template
from django.template.defaultfilters import date as date_format
from django.utils import timezone

from stories import claim_status
from stories.reader.markup import Setting
from stories.reader.markup import claim_html as claim_markup

register = template.Library()


@register.simple_tag
def claim_html(claim, story, update=None, hide_source=False):
    """``{% claim_html claim story %}``: a claim's ``<li>`` (``stories.reader.markup``);
    with ``update``, the saved copy of its source from that update's copies; with
    ``hide_source``, without its source, where a heading names it."""
    return claim_markup(claim, Setting.of(story, hide_source=hide_source), update)


@register.filter
def status_badge(status: str):
    """``{{ claim.status|status_badge }}``: the symbol and word in the status colours."""
    return claim_status.badge(status)


@register.filter
def status_label(status: str) -> str:
    return claim_status.style_for(status).label if status else ""


@register.filter
def status_counts(row) -> list:
    """``{% for style, n in source|status_counts %}``: non-zero counts, in status order."""
    return claim_status.counts(row)


@register.filter
def claim_time(moment, reference):
    """A claim's time as "14:02", or "3 Feb, 14:02" when not on the day of ``reference``.

    Both are read in the current time zone (the story's, inside ``{% timezone %}``), so
    "Confirmed 14:02 — was unverified at 09:15" never hides that days went by.
    """
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    same_day = reference is not None and timezone.localtime(reference).date() == local.date()
    return date_format(local, "TIME_FORMAT" if same_day else "SHORT_DATETIME_FORMAT")


@register.filter
def flagged_claim(update):
    """The update's claim whose thread is false (or else disputed), for the verdict banner;
    reads the prefetched ``update.claims``."""
    return claim_status.flagged_claim(update.claims.all())
