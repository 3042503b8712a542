"""Reader-facing pages of a story: the story list, the story page, its poll, permalinks.

Public pages never touch the session or CSRF machinery (``stories/http.py``).
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from stories import http, keyset
from stories.alerts import vapid
from stories.http import HtmxHttpRequest
from stories.live import proxy_refresh
from stories.live import state as live_state
from stories.live.poll import Kind, PollAnswer, look, read_changes
from stories.models import Source, Story, Tag
from stories.reader import rendered
from stories.reader.language import render_story_page, story_answer, story_html
from stories.reader.streams import key_events_box, stream_page
from stories.stream_filter import StreamFilter
from stories.syndication.public_url import absolute_url

PAGE = "stories/story_detail.html"
STORIES_PER_PAGE = 20


@require_safe
@http.HOME
def home(request: HtmxHttpRequest) -> HttpResponse:
    page = Paginator(Story.objects.for_home(), STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "stories/home.html", {"page": page})


def _stream_position(request: HtmxHttpRequest) -> tuple | None:
    """The ``?before=`` position in the stream; raises ValueError when it is no position."""
    if "before" not in request.GET:
        return None
    try:
        return keyset.decode(request.GET["before"])
    except keyset.BadToken:
        raise ValueError(_("That is not a position in this story's stream.")) from None


def _stream_filter(request: HtmxHttpRequest) -> tuple[StreamFilter, tuple | None]:
    """The filter and position asked for; ValueError (a 400) when either is malformed."""
    stream = StreamFilter.from_query(request.GET)
    return stream, _stream_position(request)


@require_safe
@vary_on_headers("HX-Request")
def story_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The story page; with ``?before=<token>`` it starts deeper in the stream.

    ``?source=``, ``?tag=``, ``?key=1`` and ``?order=oldest`` filter and order the
    stream (``stories/stream_filter.py``); an unknown source or tag is a 404.
    An htmx request for ``?before=`` ("show older updates") gets only the next page.
    The HTML is reused while the story's version stays the same (``rendered``).
    """
    state = live_state.current_state(slug)  # releases scheduled updates that are due
    if state is None:
        raise Http404(_("No such story."))
    try:
        stream, before = _stream_filter(request)
    except ValueError as error:
        return http.bad_request(str(error))
    part = bool(request.htmx) and before is not None
    origin = absolute_url("/", request)
    copy = rendered.Copy("page", state.pk, before, stream, part, origin)
    page = copy.get(state.version)
    if page is None:
        story = get_object_or_404(Story.objects.public(), slug=slug)
        page = _render_page(request, story, before, stream, part)
        copy.keep(story.version, page, http.story_page(story.poll_interval).max_age)
    return http.story_page(state.poll_interval).apply(story_answer(page))


def _render_page(request, story: Story, before, stream: StreamFilter, part: bool):
    source = stream.source and get_object_or_404(Source.objects.public(), slug=stream.source)
    tag = stream.tag and get_object_or_404(Tag, slug=stream.tag)
    found = stream_page(
        story,
        before=before,
        source=source or None,
        tag=tag or None,
        key_only=stream.key_only,
        oldest=stream.oldest_first,
        with_pinned=not part,
    )
    context = {
        "story": story,
        "updates": found.updates,
        "older_token": found.older_token,
        "source_filter": source or None,
        "tag_filter": tag or None,
        "stream": stream,
    }
    template = PAGE
    if part:
        template += "#older-updates"
    else:
        context |= {
            "key_events": key_events_box(story),
            "pinned": found.pinned,
            "is_older_page": before is not None,
            # The key browsers subscribe to alerts with; none when alerts are off.
            "alerts_key": vapid.public_key() if vapid.is_configured() else "",
        }
    return story_html(request, story, template, context)


@require_safe
def story_poll(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """What changed in a story since the reader's cursor (``?since=<version>``).

    204 when nothing changed, 286 (htmx's "stop polling") when nothing changed and the
    story has ended, a reload when the page is too far behind, otherwise the changed
    updates, removals and boxes as HTML, with the poller carrying the new cursor. The
    decision is ``stories.live.poll``'s; this maps it to HTTP.
    """
    since = http.parse_cursor(request.GET.get("since"))
    if since is None:
        return http.bad_request(_("The poll needs a numeric cursor: ?since=<version>."))
    # The stream's filter, checked for shape only: resolving its source or tag would cost
    # a query on answers that otherwise need none (see stories/live/changes.py).
    try:
        stream = StreamFilter.from_query(request.GET)
    except ValueError as error:
        return http.bad_request(str(error))
    # META, not request.headers: building the headers mapping costs more than this whole
    # nothing-changed answer, the path that carries almost all of a breaking story's load.
    refreshing = request.META.get(proxy_refresh.META_HEADER)
    if refreshing is not None:  # nginx asks again after a commit (set only by nginx)
        live_state.catch_up(slug, refreshing)
    answer = look(slug, since, stream=stream, if_none_match=request.META.get("HTTP_IF_NONE_MATCH"))
    if answer is None:
        raise Http404(_("No such story."))
    proxy_refresh.remember(request, answer.state.pk, since)
    if answer.kind == Kind.CHANGES:
        answer, response = _changes_response(request, answer, since, stream)
    else:
        response = _poll_response(answer)
    response["ETag"] = answer.etag
    return http.poll_answer(answer.max_age, answer.poll_interval).apply(response)


def _changes_response(request: HtmxHttpRequest, answer: PollAnswer, since: int, stream):
    """The changes since ``since`` as HTML: rendered once for every reader at that cursor."""
    copy = rendered.Copy("poll")
    page = copy.get(answer.etag)
    if page is None:
        answer = read_changes(answer, since, stream=stream)
        if answer is None:
            raise Http404(_("No such story."))
        if answer.kind != Kind.CHANGES:
            return answer, _poll_response(answer)
        changes = answer.changes
        context = {"story": changes.story, "changes": changes, "stream": stream}
        page = story_html(request, changes.story, f"{PAGE}#poll-answer", context)
        copy.keep(answer.etag, page, answer.max_age)
    return answer, story_answer(page)


def _poll_response(answer: PollAnswer) -> HttpResponse:
    if answer.kind == Kind.NOT_MODIFIED:
        return HttpResponse(status=304)
    if answer.kind == Kind.NOTHING_NEW:
        return HttpResponse(status=204)
    if answer.kind == Kind.ENDED:
        return HttpResponse(status=286)
    # Kind.RELOAD: reloading the page is far cheaper than sending most of the story,
    # and shows the reader the same thing.
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    return response


@require_safe
@http.ARCHIVE
def update_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    story = get_object_or_404(Story.objects.public(), slug=slug)
    updates = story.updates.due().for_display().prefetch_related("claims__status_changes")
    update = get_object_or_404(updates, pk=pk)
    update.story = story
    context = {"story": story, "update": update}
    return render_story_page(request, story, "stories/update_detail.html", context)
