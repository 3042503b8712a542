"""schema.org structured data for the reader pages, built as plain dicts.

Each builder returns JSON-ready data; templates emit it with the ``json_ld`` filter
(stories/templatetags/structured_data.py), which escapes it for a ``<script>`` element.
Fact checks follow Google's ClaimReview guidelines: one review per claim the newsroom
has reached a verdict on, on the page that shows that verdict. The live blog follows
Google's guidelines for live coverage: a ``LiveBlogPosting`` whose ``liveBlogUpdate``
entries are the updates on the page, with the coverage window in
``coverageStartTime``/``coverageEndTime``; its times are UTC, its texts plain.
"""

import functools
import unicodedata

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from stories import claim_status
from stories.evidence import cards
from stories.links import links
from stories.models import Claim, Source, Update, display
from stories.rich_text import plain_text
from stories.syndication.public_url import absolute_url
from stories.syndication.timestamps import story_changed_at, update_changed_at, utc_iso

# Google shows at most this many characters of a headline.
HEADLINE_LENGTH = 110


def newsroom(request: HttpRequest | None) -> dict:
    """The organisation publishing the pages: the author of their reviews."""
    return {
        "@type": "Organization",
        "name": settings.LIVEBLOG["NEWSROOM_NAME"],
        "url": absolute_url(reverse("stories:home"), request),
    }


def source_entity(source: Source) -> dict:
    data = {
        "@type": "Person" if source.kind == Source.Kind.PERSON else "Organization",
        "name": source.name,
    }
    if source.url:
        data["url"] = source.url
    return data


def _rating(style) -> dict:
    return {
        "@type": "Rating",
        "ratingValue": style.rating_value,
        "bestRating": claim_status.BEST_RATING,
        "worstRating": claim_status.WORST_RATING,
        "alternateName": str(style.textual_rating),
    }


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
        "reviewRating": _rating(style),
    }
    if claim.note:
        review["reviewBody"] = claim.note
    return review


def thread_review(thread, claims: list, *, request: HttpRequest) -> dict | None:
    """A ClaimReview of a thread (its wording, as first made), or None without a verdict.

    ``claims`` are the thread's claims readers can see, first made first.
    """
    style = claim_status.style_for(thread.status)
    if not style.has_verdict or not claims:
        return None
    first = claims[0]
    said = {
        "@type": "Claim",
        "author": source_entity(first.source),
        "datePublished": (first.stated_at or first.update.published_at).isoformat(),
        "appearance": [
            {"@type": "CreativeWork", "url": claim.source_url}
            for claim in claims
            if claim.source_url
        ],
    }
    reviewed_at = max(
        thread.status_changed_at or first.update.published_at, first.update.published_at
    )
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute_url(thread.get_absolute_url(), request),
        "datePublished": reviewed_at.isoformat(),
        "author": newsroom(request),
        "claimReviewed": thread.wording,
        "itemReviewed": _without_empty(said),
        "reviewRating": _rating(style),
    }
    if thread.note:
        review["reviewBody"] = thread.note
    return review


def claim_reviews(update: Update, *, request: HttpRequest) -> list[dict]:
    """ClaimReviews for the update's claims that have a verdict, in the page's order."""
    reviews = (claim_review(claim, request=request) for claim in display.shown(update, "claims"))
    return [review for review in reviews if review is not None]


# --- the live blog and its updates ----------------------------------------------------


def update_headline(update) -> str:
    """The update's headline, or the start of its text when it has none."""
    text = update.headline or plain_text(update.body)
    if len(text) <= HEADLINE_LENGTH:
        # What Truncator returns for a text this short, without its walk over each
        # character: a page asks for each update's headline several times.
        return unicodedata.normalize("NFC", text)
    return _shortened(text, get_language())


# Like plain_text(): the key-events box shows the same headlines on every page.
@functools.lru_cache(maxsize=2048)
def _shortened(text: str, language: str | None) -> str:
    # The language is the ellipsis's (Truncator translates it).
    return Truncator(text).chars(HEADLINE_LENGTH)


def author_person(user) -> dict | None:
    if user is None:
        return None
    return {"@type": "Person", "name": user.get_full_name() or user.get_username()}


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _update_fields(update, request: HttpRequest | None) -> dict:
    return {
        "headline": update_headline(update),
        # update.get_absolute_url(), without a reverse() for each of a page's updates.
        "url": absolute_url(links().update(update), request),
        "datePublished": utc_iso(update.published_at),
        "dateModified": utc_iso(update_changed_at(update)),
        "articleBody": plain_text(update.body),
        "author": _authors(update),
        # Embedded posts and claims' sources, as links with our saved copy (archivedAt).
        "sharedContent": [_creative_work(copy, request) for copy in cards.embedded_copies(update)],
        "citation": [
            _creative_work(copy, request)
            for copy in (
                cards.claim_copy(claim, update) for claim in display.shown(update, "claims")
            )
            if copy
        ],
    }


def _creative_work(copy, request) -> dict:
    card = cards.card_data(copy, request)
    return _without_empty(
        {
            "@type": "CreativeWork",
            "url": card["url"],
            "name": card["title"],
            "archivedAt": card["saved_copy_url"],
        }
    )


def _authors(update) -> dict | list | None:
    """The update's author, or the list of everyone in its byline when there are several."""
    people = [author_person(person) for person in update.bylines]
    if len(people) > 1:
        return people
    return people[0] if people else None


def live_blog_posting(story, updates, request: HttpRequest | None = None) -> dict:
    """The story as a ``LiveBlogPosting`` with ``updates`` (those on the page) as entries."""
    url = absolute_url(story.get_absolute_url(), request)
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "LiveBlogPosting",
            "@id": url,
            "url": url,
            "headline": Truncator(story.title).chars(HEADLINE_LENGTH),
            "description": _description(story),
            "inLanguage": story.language,
            "datePublished": utc_iso(story.started_at or story.created_at),
            "dateModified": utc_iso(story_changed_at(story, updates)),
            "coverageStartTime": utc_iso(story.started_at),
            "coverageEndTime": utc_iso(story.ended_at) if story.is_ended else None,
            "publisher": newsroom(request),
            "liveBlogUpdate": [
                _without_empty({"@type": "BlogPosting", **_update_fields(update, request)})
                for update in updates
            ],
        }
    )


def _description(story) -> str:
    """The story's summary, then its "What we know" points when the editors keep them."""
    points = story.known_list
    if not points:
        return story.summary or story.title
    known = _("What we know: %(points)s") % {"points": "; ".join(points)}
    return f"{story.summary} {known}".strip()


def update_article(update, request: HttpRequest | None = None) -> dict:
    """An update's permalink page as a ``NewsArticle`` that is part of the live blog."""
    story = update.story
    story_url = absolute_url(story.get_absolute_url(), request)
    fields = _update_fields(update, request)
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": fields["url"],
            "mainEntityOfPage": fields["url"],
            **fields,
            "inLanguage": story.language,
            "publisher": newsroom(request),
            "isPartOf": {"@type": "LiveBlogPosting", "@id": story_url, "headline": story.title},
        }
    )
