"""A claim's verification status: its values and how every surface presents them.

The one place that says what each status is called, which symbol stands beside the
word (so the status never rests on colour alone), which CSS class colours it (the
colours themselves are custom properties in static/css/claim-status.css) and how it
maps onto a schema.org ``Rating`` for fact-check markup. Pages, the admin, feeds and
JSON-LD all read it from here.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

# Google's fact-check scale: 1 is false, 5 is true, 3 half-way between.
WORST_RATING = 1
BEST_RATING = 5


class ClaimStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")
    FALSE = "false", _("False")


@dataclass(frozen=True)
class StatusStyle:
    status: ClaimStatus
    symbol: str
    # The verdict as schema.org's Rating.alternateName and its place on the scale;
    # None while the newsroom has reached no verdict.
    textual_rating: str | None
    rating_value: int | None

    @property
    def value(self) -> str:
        return self.status.value

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def css_class(self) -> str:
        return f"claim-status--{self.status.value}"

    @property
    def has_verdict(self) -> bool:
        return self.rating_value is not None


STYLES = {
    style.status.value: style
    for style in (
        StatusStyle(ClaimStatus.UNVERIFIED, "?", None, None),
        StatusStyle(ClaimStatus.CONFIRMED, "✓", _("True"), BEST_RATING),
        StatusStyle(ClaimStatus.DISPUTED, "⚖", _("Disputed"), 3),
        StatusStyle(ClaimStatus.FALSE, "✗", _("False"), WORST_RATING),
    )
}


def style_for(status: str) -> StatusStyle:
    return STYLES[status]


def badge(status: str) -> SafeString:
    """The status as a coloured pill: symbol (hidden from screen readers) and word."""
    style = style_for(status)
    return format_html(
        '<span class="claim-status {}"><span class="claim-status-symbol" aria-hidden="true">'
        "{}</span> {}</span>",
        style.css_class,
        style.symbol,
        style.label,
    )


# The verdicts that put a banner above an update quoting the claim, worst first.
BANNER_STATUSES = (ClaimStatus.FALSE, ClaimStatus.DISPUTED)


def flagged_claim(claims):
    """The claim whose thread is false (or else disputed), for an update's verdict banner.

    A claim's status is its thread's, so the banner follows the thread at the next poll
    (the update is sent again, and its fragment key holds each claim's status).
    """
    for status in BANNER_STATUSES:
        for claim in claims:
            if claim.status == status:
                return claim
    return None


def count_field(status: str) -> str:
    """Name of the annotation holding how many claims have ``status``."""
    return f"{status}_count"


def counts(row) -> list[tuple[StatusStyle, int]]:
    """The non-zero status counts annotated on ``row`` (an object or a dict), in order."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name, 0)
    pairs = [(style, get(count_field(value)) or 0) for value, style in STYLES.items()]
    return [(style, n) for style, n in pairs if n]


def status_count_aggregates(prefix: str = "", condition: models.Q | None = None) -> dict:
    """Conditional aggregates counting claims by status, for ``annotate()``/``aggregate()``.

    ``prefix`` is the path from the queried model to the claims (``"claims__"`` from a
    source, ``""`` from claims themselves); ``condition`` restricts which claims count.
    Everything is counted in the one query it is added to.
    """
    base = condition or models.Q()
    aggregates = {"claim_count": models.Count(f"{prefix}pk", filter=base)}
    for value in STYLES:
        aggregates[count_field(value)] = models.Count(
            f"{prefix}pk", filter=base & models.Q(**{f"{prefix}status": value})
        )
    return aggregates
