"""Who said what: the list of sources, a source's page, and a story's claims by source."""

from collections import defaultdict

from django.db.models import Case, Q, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from stories import http, keyset
from stories.http import HtmxHttpRequest
from stories.live import state as live_state
from stories.models import Claim, Source, Story
from stories.reader.language import render_story_page
from stories.reader.streams import page_size


@require_safe
@http.ARCHIVE
def source_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every source, grouped by kind, with what it has claimed counted by status."""
    kind_order = Case(
        *(When(kind=kind, then=n) for n, kind in enumerate(Source.Kind.values)),
        default=len(Source.Kind.values),
    )
    sources = Source.objects.public().with_status_counts().order_by(kind_order, "name")
    return render(request, "stories/source_list.html", {"sources": sources})


@require_safe
def source_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Everything a source has claimed across the stories, newest first, by keyset."""
    source = get_object_or_404(Source.objects.public().with_status_counts(), slug=slug)
    before = None
    if "before" in request.GET:
        try:
            before = keyset.decode(request.GET["before"])
        except keyset.BadToken:
            return http.bad_request(_("That is not a position in this source's claims."))
    claims = Claim.objects.visible().filter(source=source).for_display()
    rows, older_token = keyset.page(
        claims.order_by("-created_at", "-id"),
        before=before,
        size=page_size(),
        time_field="created_at",
    )
    context = {
        "source": source,
        "claims": rows,
        "older_token": older_token,
        "is_older_page": before is not None,
    }
    return http.ARCHIVE.apply(render(request, "stories/source_detail.html", context))


@require_safe
def story_sources(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Who said what in a story: its claims grouped by source, with status counts."""
    live_state.current_state(slug)  # releases scheduled updates that are due
    story = get_object_or_404(Story.objects.public(), slug=slug)
    in_story = Q(claims__update__story=story)
    sources = list(
        Source.objects.filter(in_story)
        .with_status_counts(in_story)
        .filter(claim_count__gt=0)
        .order_by("-claim_count", "name")
    )
    claims = (
        Claim.objects.visible()
        .filter(update__story=story)
        .for_display()
        .order_by("-update__published_at", "-update_id", "position", "id")
    )
    by_source = defaultdict(list)
    for claim in claims:
        by_source[claim.source_id].append(claim)
    for source in sources:
        source.story_claims = by_source[source.pk]
    context = {"story": story, "sources": sources}
    response = render_story_page(request, story, "stories/story_sources.html", context)
    return http.story_page(story.poll_interval).apply(response)
