"""Stories, updates and claims as the JSON API gives them."""

from django.http import HttpRequest
from django.urls import reverse

from stories.evidence import cards
from stories.models import Story, display
from stories.rich_text import plain_text
from stories.syndication.public_url import absolute_url, with_absolute_links
from stories.syndication.timestamps import update_changed_at


def story_data(story: Story, request: HttpRequest) -> dict:
    return {
        "slug": story.slug,
        "url": absolute_url(story.get_absolute_url(), request),
        "title": story.title,
        "summary": story.summary,
        "status": story.status,
        "time_zone": story.time_zone,
        "language": story.language,
        "started_at": story.started_at,
        "ended_at": story.ended_at,
        "poll_interval": story.poll_interval,
        "version": story.version,
        # The editors' "What we know" box: its points and when they were written.
        "what_we_know": {"points": story.known_list, "as_of": story.known_at}
        if story.known_at
        else None,
    }


def claim_data(claim, request: HttpRequest, update=None) -> dict:
    """A claim; with its ``update`` (copies prefetched), the saved copy of its source."""
    copy = cards.claim_copy(claim, update)
    return {
        "id": claim.pk,
        "source": {
            "name": claim.source.name,
            "slug": claim.source.slug,
            "kind": claim.source.kind,
            "url": absolute_url(claim.source.get_absolute_url(), request),
        },
        "text": claim.text,
        "attribution": claim.attribution,
        "is_verbatim": claim.is_verbatim,
        "status": claim.status,
        "status_label": str(claim.get_status_display()),
        "status_changed_at": claim.status_changed_at,
        "previous_status": claim.previous_status,
        "note": claim.note,
        "source_url": claim.source_url,
        "stated_at": claim.stated_at,
        "responds_to": claim.answered_claim.pk if claim.answered_claim else None,
        "thread": claim.thread_id,
        "thread_url": absolute_url(
            reverse("stories:claim_thread", args=[claim.thread_id]), request
        ),
        "stance": claim.stance,
        "saved_copy": cards.card_data(copy, request) if copy else None,
    }


def update_data(update, request: HttpRequest) -> dict:
    """An update loaded with ``for_display()``, so its claims cost no query here."""
    names = update.byline_names
    return {
        "id": update.pk,
        "url": absolute_url(update.get_absolute_url(), request),
        "headline": update.headline,
        "body_html": with_absolute_links(update.body_html, request),
        "body_text": plain_text(update.body),
        "author": names[0] if names else None,
        # Everyone in the byline, the author first.
        "authors": names,
        "published_at": update.published_at,
        "updated_at": update_changed_at(update),
        "edited_at": update.edited_at,
        "is_key_event": update.is_key_event,
        "is_pinned": update.is_pinned,
        "correction_note": update.correction_note,
        "version": update.version,
        "claims": [claim_data(claim, request, update) for claim in update.claims.all()],
        "cards": [cards.card_data(copy, request) for copy in cards.embedded_copies(update)],
        "tags": [tag.slug for tag in display.shown(update, "tags")],
    }
