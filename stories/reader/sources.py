"""Who said what: the list of sources, a source's page, and a story's claims by source."""

from django.db.models import Case, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from stories import claim_status, http, keyset, verdict_history
from stories.http import HtmxHttpRequest
from stories.live import state as live_state
from stories.models import Claim, Source, Story
from stories.reader.language import render_story_page
from stories.reader.streams import page_size
from stories.reader.threads import bad_moment, claims_shown, story_threads


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


def _by_source(claims: list) -> list[Source]:
    """The sources of ``claims``, most claims first, each with its claims and counts."""
    sources: dict[int, Source] = {}
    for claim in claims:
        source = sources.setdefault(claim.source_id, claim.source)
        if not hasattr(source, "story_claims"):
            source.story_claims = []
        source.story_claims.append(claim)
    for source in sources.values():
        statuses = [claim.status for claim in source.story_claims]
        source.claim_count = len(statuses)
        for value in claim_status.STYLES:
            setattr(source, claim_status.count_field(value), statuses.count(value))
    return sorted(sources.values(), key=lambda source: (-source.claim_count, source.name))


@require_safe
def story_sources(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Who said what in a story: its claims by thread and by source, now or ``?at=``.

    Counts are made from the claims shown, so the time view counts statuses as they were.
    """
    live_state.current_state(slug)  # releases scheduled updates that are due
    story = get_object_or_404(Story.objects.public(), slug=slug)
    try:
        at = verdict_history.parse_at(request.GET.get("at"), story.time_zone)
    except verdict_history.BadMoment:
        return bad_moment()
    claims = list(
        Claim.objects.visible()
        .filter(update__story=story)
        .for_display()
        .order_by("-update__published_at", "-update_id", "position", "id")
    )
    threads, moments = story_threads(claims, at)
    context = {
        "story": story,
        "sources": _by_source(claims_shown(claims, threads)),
        "threads": threads,
        "moments": moments,
        "at": at,
    }
    response = render_story_page(request, story, "stories/story_sources.html", context)
    return http.story_page(story.poll_interval).apply(response)
