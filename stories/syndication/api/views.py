"""The JSON API's endpoints: each reads through the same QuerySets, stream and poll as
the pages do, and maps the answer to JSON and HTTP."""

from typing import Literal

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError
from ninja.responses import Status

from stories import http, keyset
from stories.live import state as live_state
from stories.live.poll import Kind, poll, poll_max_age
from stories.models import Story
from stories.reader.streams import stream_page
from stories.syndication.api.data import story_data, update_data
from stories.syndication.api.schemas import ChangesOut, Error, StoryOut, StoryPage, UpdatePage
from stories.syndication.api.write_schemas import ObjectBodyParser

api = NinjaAPI(
    title="Live news API",
    version="1",
    description=(
        "Public live blogs to read: stories, their updates with attributed claims, and the "
        "changes since a cursor. For the newsroom's field tools and bots, writes with a "
        "token from the admin (API tokens): updates with claims, images, claim statuses."
    ),
    urls_namespace="api",
    parser=ObjectBodyParser(),
)

STORIES_PER_PAGE = 50
# A story's slug, as in the page URLs; checked here so odd bytes never reach the database.
SLUG = Path(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=200)
TOO_FAR_BEHIND = _(
    "That cursor is too far behind to catch up: list the story's updates "
    "again and follow the version that answer gives."
)


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = sorted({str(error["loc"][-1]) for error in exc.errors})
    message = _("Invalid parameter: %(names)s.") % {"names": ", ".join(fields)}
    return api.create_response(request, {"detail": message}, status=400)


def _not_modified(etag: str, policy: http.CachePolicy) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = etag
    return policy.apply(response)


@api.get("/stories", response={200: StoryPage, 400: Error}, summary="Public stories")
def list_stories(
    request: HttpRequest,
    response: HttpResponse,
    status: Literal["live", "ended"] | None = None,
    page: int = Query(1, ge=1, le=100_000),
):
    """Live stories first, then ended ones; newest activity first within each."""
    stories = Story.objects.for_home()
    if status is not None:
        stories = stories.filter(status=status)
    paginator = Paginator(stories, STORIES_PER_PAGE)
    if page > paginator.num_pages:
        rows, next_page = [], None
    else:
        current = paginator.page(page)
        rows = current.object_list
        next_page = current.next_page_number() if current.has_next() else None
    http.HOME.apply(response)
    return {"stories": [story_data(story, request) for story in rows], "next_page": next_page}


@api.get("/stories/{slug}", response={200: StoryOut, 400: Error, 404: Error}, summary="One story")
def get_story(request: HttpRequest, response: HttpResponse, slug: str = SLUG):
    story = get_object_or_404(Story.objects.public(), slug=slug)
    http.api_answer(poll_max_age(story.poll_interval), story.poll_interval).apply(response)
    return story_data(story, request)


@api.get(
    "/stories/{slug}/updates",
    response={200: UpdatePage, 304: None, 400: Error, 404: Error},
    summary="A story's updates, newest first",
)
def list_updates(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = SLUG,
    before: str | None = Query(
        None,
        # Every token this matches decodes (stories/keyset.py): years 1653 to 5138.
        pattern=r"^(\d{1,17}|-\d{1,16})-\d{1,18}$",
        description="A next_before token.",
    ),
    limit: int = Query(20, ge=1, le=100),
):
    """One page of published updates; ``next_before`` opens the next, older page.

    Keep the returned ``version`` and ask ``/changes?since=<version>`` for what changes
    afterwards: updates changed while you page through arrive there too.
    """
    try:
        position = None if before is None else keyset.decode(before)
    except keyset.BadToken:
        return Status(400, {"detail": _("That is not a position in this story's stream.")})
    state = live_state.current_state(slug)
    if state is None:
        raise Http404(_("No such story."))
    policy = http.api_answer(poll_max_age(state.poll_interval), state.poll_interval)
    etag = f'"{state.pk}.{state.version}.{before or ""}.{limit}"'
    if request.headers.get("If-None-Match") == etag:
        return _not_modified(etag, policy)
    story = get_object_or_404(Story.objects.public(), pk=state.pk)
    response["ETag"] = f'"{state.pk}.{story.version}.{before or ""}.{limit}"'
    http.api_answer(poll_max_age(story.poll_interval), story.poll_interval).apply(response)
    return _update_page(story, position, limit, request)


def _update_page(story: Story, position, limit: int, request: HttpRequest) -> dict:
    stream = stream_page(story, before=position, size=limit)
    return {
        "story": story_data(story, request),
        "version": story.version,
        "updates": [update_data(update, request) for update in stream.updates],
        "next_before": stream.older_token,
    }


@api.get(
    "/stories/{slug}/changes",
    response={200: ChangesOut, 304: None, 400: Error, 404: Error, 410: Error},
    summary="What changed since a cursor",
)
def list_changes(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = SLUG,
    since: int = Query(..., ge=0, le=http.MAX_VERSION, description="A version from this API."),
):
    """Updates changed after cursor ``since``, ids of removed ones, and the new cursor.

    The same answer the story page's poll gets, as JSON: apply ``updates`` (replacing
    any you have with the same id), drop ``removed_ids``, then ask again with
    ``version``. Once the story has ended and nothing is left, stop asking.
    """
    answer = poll(slug, since, if_none_match=request.headers.get("If-None-Match"))
    if answer is None:
        raise Http404(_("No such story."))
    policy = http.api_answer(answer.max_age, answer.poll_interval)
    if answer.kind == Kind.NOT_MODIFIED:
        return _not_modified(answer.etag, policy)
    if answer.kind == Kind.RELOAD:
        return Status(410, {"detail": TOO_FAR_BEHIND})
    response["ETag"] = answer.etag
    policy.apply(response)
    return _changes_data(answer, since, request)


def _changes_data(answer, since: int, request: HttpRequest) -> dict:
    changes = answer.changes
    if answer.kind != Kind.CHANGES:
        status = "ended" if answer.kind == Kind.ENDED else "live"
        nothing = {"story": None, "updates": [], "removed_ids": []}
        return {"since": since, "version": since, "status": status, **nothing}
    return {
        "since": since,
        "version": changes.version,
        "status": changes.story.status,
        "story": story_data(changes.story, request),
        "updates": [update_data(update, request) for update in changes.updates],
        "removed_ids": changes.removed_ids,
    }
