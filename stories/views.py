"""Reader-facing pages: the story list, story pages, their polls, permalinks and sources.

Public pages never touch the session or CSRF machinery, so they set no cookies and do
not vary on them: an HTTP cache in front of the app may serve them to everyone.
"""

import re
from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Q, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_htmx.middleware import HtmxDetails

from stories import cursor, keyset
from stories.models import Claim, Source, Story, Update, visible_claims

KEY_EVENTS_SHOWN = cursor.KEY_EVENTS_SHOWN
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
POLL_ANSWER = "stories/story_detail.html#poll-answer"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _page_size() -> int:
    return settings.LIVEBLOG["PAGE_SIZE"]


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _public_cache(response: HttpResponse, max_age: int, stale: int | None = None) -> HttpResponse:
    patch_cache_control(
        response,
        public=True,
        max_age=max_age,
        stale_while_revalidate=max_age if stale is None else stale,
    )
    return response


@require_safe
def home(request: HtmxHttpRequest) -> HttpResponse:
    paginator = Paginator(Story.objects.for_home(), 20)
    page = paginator.get_page(request.GET.get("page"))
    response = render(request, "stories/home.html", {"page": page})
    return _public_cache(response, 10, 30)


def stream_page(
    story: Story,
    before: tuple | None,
    now,
    source: Source | None = None,
    size: int | None = None,
) -> tuple[list[Update], str | None]:
    """One page of the story's stream, newest first, and the token of the next page.

    With ``source``, only the updates carrying a claim from that source; ``size``
    overrides the page size.
    """
    size = size or _page_size()
    updates = story.updates.due(now).for_display().newest_first()
    if source is not None:
        updates = updates.with_claims_from(source)
    if before is not None:
        updates = updates.before(*before)
    rows = list(updates[: size + 1])
    for update in rows:
        update.story = story
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, keyset.encode(rows[-1].published_at, rows[-1].pk)


@require_safe
def story_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The story page; with ``?before=<token>`` it starts deeper in the stream.

    An htmx request for ``?before=`` ("show older updates") gets only the next page.
    """
    cursor.current_state(slug)  # releases scheduled updates that are due
    story = get_object_or_404(Story.objects.public(), slug=slug)
    now = timezone.now()
    before = None
    if "before" in request.GET:
        try:
            before = keyset.decode(request.GET["before"])
        except keyset.BadToken:
            return _bad_request(_("That is not a position in this story's stream."))
    source = None
    if request.GET.get("source"):
        if not SLUG.fullmatch(request.GET["source"]):
            return _bad_request(_("That is not a source's slug."))
        source = get_object_or_404(Source, slug=request.GET["source"])
    updates, older_token = stream_page(story, before, now, source)
    context = {
        "story": story,
        "updates": updates,
        "older_token": older_token,
        "source_filter": source,
        "source_slug": source.slug if source else "",
    }
    if request.htmx and before is not None:
        response = render(request, "stories/story_detail.html#older-updates", context)
    else:
        published = story.updates.due(now)
        context |= {
            "key_events": list(
                published.key_events()
                .newest_first()
                .only("pk", "story_id", "headline", "body", "published_at")[:KEY_EVENTS_SHOWN]
            ),
            "pinned": published.filter(is_pinned=True).for_display().first(),
            "is_older_page": before is not None,
        }
        response = render(request, "stories/story_detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return _public_cache(response, min(5, story.poll_interval), story.poll_interval)


def poll_max_age(poll_interval: int) -> int:
    """How long a poll answer may be reused: a few seconds, never half an interval."""
    return max(1, min(settings.LIVEBLOG["POLL_MAX_AGE"], poll_interval // 2))


def _parse_cursor(value: str | None) -> int | None:
    # isascii(): str.isdigit() also accepts digits int() refuses, such as "²".
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)


@require_safe
def story_poll(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """What changed in a story since the reader's cursor (``?since=<version>``).

    204 when nothing changed, 286 (htmx's "stop polling") when nothing changed and the
    story has ended, otherwise the changed updates, removals and boxes as HTML, with
    the poller carrying the new cursor. Nothing-changed answers read only the cache.
    """
    since = _parse_cursor(request.GET.get("since"))
    if since is None:
        return _bad_request(_("The poll needs a numeric cursor: ?since=<version>."))
    # The stream's source filter, checked for shape only: resolving it would cost a
    # query on answers that otherwise need none (see cursor.changes_since).
    source = request.GET.get("source") or None
    if source is not None and not SLUG.fullmatch(source):
        return _bad_request(_("That is not a source's slug."))
    now = timezone.now()
    state = cursor.current_state(slug, now)
    if state is None:
        raise Http404(_("No such story."))
    etag = f'"{state.pk}.{since}.{state.version}.{state.status}.{source or ""}"'
    max_age = poll_max_age(state.poll_interval)
    # META, not request.headers: building the headers mapping costs more than this whole
    # nothing-changed answer, the path that carries almost all of a breaking story's load.
    if request.META.get("HTTP_IF_NONE_MATCH") == etag:
        response = HttpResponse(status=304)
    elif since >= state.version:
        response = HttpResponse(status=286 if state.is_ended else 204)
    elif state.is_too_far_behind(since):
        # Too far behind to catch up in one answer (a page left open for days, or a
        # crafted ?since=0 on a story of thousands of updates): reloading the page is far
        # cheaper than sending the whole story, and shows the reader the same thing.
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
    else:
        changes = cursor.changes_since(state.pk, since, now, source=source)
        if changes is None:
            raise Http404(_("No such story."))
        if not changes.story_changed:
            response = HttpResponse(status=286 if changes.story.is_ended else 204)
        else:
            etag = f'"{state.pk}.{since}.{changes.version}.{changes.story.status}.{source or ""}"'
            context = {"story": changes.story, "changes": changes, "source_slug": source or ""}
            response = render(request, POLL_ANSWER, context)
    response["ETag"] = etag
    # A browser re-asks for the same cursor one interval later: by then its copy must be
    # past max-age AND the stale window, or it would be shown the old answer once more
    # and a change would wait a second interval.
    return _public_cache(response, max_age, max(0, state.poll_interval - max_age - 1))


@require_safe
def update_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    story = get_object_or_404(Story.objects.public(), slug=slug)
    updates = story.updates.due().for_display().prefetch_related("claims__status_changes")
    update = get_object_or_404(updates, pk=pk)
    update.story = story
    context = {"story": story, "update": update}
    response = render(request, "stories/update_detail.html", context)
    return _public_cache(response, 30, 60)


@require_safe
def source_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every source, grouped by kind, with what it has claimed counted by status."""
    kind_order = Case(
        *(When(kind=kind, then=n) for n, kind in enumerate(Source.Kind.values)),
        default=len(Source.Kind.values),
    )
    sources = Source.objects.with_status_counts().order_by(kind_order, "name")
    response = render(request, "stories/source_list.html", {"sources": sources})
    return _public_cache(response, 30, 60)


@require_safe
def source_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Everything a source has claimed across the stories, newest first, by keyset."""
    source = get_object_or_404(Source.objects.with_status_counts(), slug=slug)
    claims = (
        Claim.objects.filter(visible_claims(), source=source)
        .select_related(
            "update__story", "source", "responds_to__source", "responds_to__update__story"
        )
        .order_by("-created_at", "-id")
    )
    if "before" in request.GET:
        try:
            moment, pk = keyset.decode(request.GET["before"])
        except keyset.BadToken:
            return _bad_request(_("That is not a position in this source's claims."))
        # created_at <= … bounds the index scan; the OR alone would be a filter on it.
        claims = claims.filter(created_at__lte=moment).filter(
            Q(created_at__lt=moment) | Q(created_at=moment, id__lt=pk)
        )
    rows = list(claims[: _page_size() + 1])
    older_token = None
    if len(rows) > _page_size():
        rows = rows[: _page_size()]
        older_token = keyset.encode(rows[-1].created_at, rows[-1].pk)
    context = {
        "source": source,
        "claims": rows,
        "older_token": older_token,
        "is_older_page": "before" in request.GET,
    }
    response = render(request, "stories/source_detail.html", context)
    return _public_cache(response, 30, 60)


@require_safe
def story_sources(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Who said what in a story: its claims grouped by source, with status counts."""
    cursor.current_state(slug)  # releases scheduled updates that are due
    story = get_object_or_404(Story.objects.public(), slug=slug)
    in_story = Q(claims__update__story=story)
    sources = list(
        Source.objects.filter(in_story)
        .with_status_counts(in_story)
        .filter(claim_count__gt=0)
        .order_by("-claim_count", "name")
    )
    claims = (
        Claim.objects.filter(visible_claims(), update__story=story)
        .select_related(
            "update__story", "source", "responds_to__source", "responds_to__update__story"
        )
        .order_by("-update__published_at", "-update_id", "position", "id")
    )
    by_source = defaultdict(list)
    for claim in claims:
        by_source[claim.source_id].append(claim)
    for source in sources:
        source.story_claims = by_source[source.pk]
    response = render(request, "stories/story_sources.html", {"story": story, "sources": sources})
    return _public_cache(response, min(5, story.poll_interval), story.poll_interval)
