"""schema.org structured data for the reader pages, built as plain dicts.

Each builder returns JSON-ready data; templates emit it with the ``json_ld`` filter
(stories/templatetags/structured_data.py), which escapes it for a ``<script>`` element.
Fact checks follow Google's ClaimReview guidelines: one review per claim the newsroom
has reached a verdict on, on the page that shows that verdict.
"""

from django.conf import settings
from django.http import HttpRequest

from stories import claim_status
from stories.models import Claim, Source, Update


def newsroom(request: HttpRequest) -> dict:
    """The organisation publishing the pages: the author of their reviews."""
    return {
        "@type": "Organization",
        "name": settings.LIVEBLOG["NEWSROOM_NAME"],
        "url": request.build_absolute_uri("/"),
    }


def source_entity(source: Source) -> dict:
    data = {
        "@type": "Person" if source.kind == Source.Kind.PERSON else "Organization",
        "name": source.name,
    }
    if source.url:
        data["url"] = source.url
    return data


def claim_review(claim: Claim, *, request: HttpRequest) -> dict | None:
    """A ClaimReview of ``claim``, or None while its status is no verdict."""
    style = claim_status.style_for(claim.status)
    if not style.has_verdict:
        return None
    update: Update = claim.update
    said = {
        "@type": "Claim",
        "author": source_entity(claim.source),
        # Without its own time the claim was made when the update reported it.
        "datePublished": (claim.stated_at or update.published_at).isoformat(),
    }
    if claim.source_url:
        said["appearance"] = {"@type": "CreativeWork", "url": claim.source_url}
    # The verdict was published with the update, or later when the status changed.
    reviewed_at = max(claim.status_changed_at or update.published_at, update.published_at)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": request.build_absolute_uri(f"{update.get_absolute_url()}#claim-{claim.pk}"),
        "datePublished": reviewed_at.isoformat(),
        "author": newsroom(request),
        "claimReviewed": claim.text,
        "itemReviewed": said,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": style.rating_value,
            "bestRating": claim_status.BEST_RATING,
            "worstRating": claim_status.WORST_RATING,
            "alternateName": str(style.textual_rating),
        },
    }
    if claim.note:
        review["reviewBody"] = claim.note
    return review


def claim_reviews(update: Update, *, request: HttpRequest) -> list[dict]:
    """ClaimReviews for the update's claims that have a verdict, in the page's order."""
    reviews = (claim_review(claim, request=request) for claim in update.claims.all())
    return [review for review in reviews if review is not None]
