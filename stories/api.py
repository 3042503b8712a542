"""The read-only JSON API for apps and partners, under ``/api/`` (django-ninja).

Its schema is served at ``/api/openapi.json`` and browsable at ``/api/docs``. It keeps
the page poll's cursor semantics (``stories/cursor.py``): a client lists a story's
updates, keeps the ``version`` that came with them, and asks for
``/api/stories/<slug>/changes?since=<version>``, which returns every update changed
after that cursor, the ids of those removed and the new cursor, so nothing is missed
or sent twice. Answers are public and short-lived in HTTP caches, with ETags; a
"nothing new" answer comes from the cached story state without touching the database.
"""

from datetime import datetime
from typing import Literal

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import ValidationError
from ninja.responses import Status

from stories import cursor, keyset
from stories.models import Story
from stories.public_url import absolute_url, with_absolute_links
from stories.rich_text import plain_text
from stories.timestamps import update_changed_at
from stories.views import poll_max_age, stream_page

api = NinjaAPI(
    title="Live news API",
    version="1",
    description=(
        "Read-only access to public live blogs: stories, their updates with attributed "
        "claims, and the changes since a cursor."
    ),
    urls_namespace="api",
)

STORIES_PER_PAGE = 50
# A story's slug, as in the page URLs; checked here so odd bytes never reach the database.
SLUG = Path(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=200)
# Versions are PostgreSQL bigints; a larger cursor is a client's mistake, not a 500.
MAX_VERSION = 2**63 - 1


class Error(Schema):
    detail: str


class SourceOut(Schema):
    name: str
    slug: str
    kind: str
    url: str


class ClaimOut(Schema):
    id: int
    source: SourceOut
    text: str
    attribution: str
    is_verbatim: bool
    status: Literal["unverified", "confirmed", "disputed", "false"]
    status_label: str = Field(description="The status in the site's language.")
    status_changed_at: datetime | None
    previous_status: str = Field(description="Empty until the status first changes.")
    note: str = Field(description="The newsroom's note on the claim.")
    source_url: str
    stated_at: datetime | None
    responds_to: int | None = Field(description="The claim this one answers, if any.")


class UpdateOut(Schema):
    id: int
    url: str
    headline: str
    body_html: str = Field(description="Sanitised HTML; its links and images are absolute.")
    body_text: str
    author: str | None
    published_at: datetime
    updated_at: datetime = Field(description="Latest edit or claim status change.")
    edited_at: datetime | None
    is_key_event: bool
    is_pinned: bool
    correction_note: str
    version: int
    claims: list[ClaimOut]


class StoryOut(Schema):
    slug: str
    url: str
    title: str
    summary: str
    status: Literal["live", "ended"]
    time_zone: str
    started_at: datetime | None
    ended_at: datetime | None
    poll_interval: int = Field(description="Seconds between polls for changes.")
    version: int = Field(description="The story's cursor when this was read.")


class StoryPage(Schema):
    stories: list[StoryOut]
    next_page: int | None


class UpdatePage(Schema):
    story: StoryOut
    version: int = Field(description="Ask for changes since this cursor.")
    updates: list[UpdateOut] = Field(description="Newest first.")
    next_before: str | None = Field(description="Pass as ?before= for the next, older page.")


class ChangesOut(Schema):
    since: int
    version: int = Field(description="The new cursor.")
    status: Literal["live", "ended"]
    story: StoryOut | None = Field(description="The story when anything changed.")
    updates: list[UpdateOut] = Field(description="New and changed updates, newest first.")
    removed_ids: list[int] = Field(description="Updates readers must no longer show.")


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = sorted({str(error["loc"][-1]) for error in exc.errors})
    message = _("Invalid parameter: %(names)s.") % {"names": ", ".join(fields)}
    return api.create_response(request, {"detail": message}, status=400)


def _public_cache(response: HttpResponse, max_age: int, stale: int) -> None:
    patch_cache_control(response, public=True, max_age=max_age, stale_while_revalidate=stale)


def _not_modified(request: HttpRequest, etag: str, max_age: int, stale: int) -> HttpResponse | None:
    if request.headers.get("If-None-Match") != etag:
        return None
    response = HttpResponse(status=304)
    response["ETag"] = etag
    _public_cache(response, max_age, stale)
    return response


def _current_state(slug: str) -> cursor.StoryState:
    """The public story's cursor state, with scheduled updates released once due."""
    state = cursor.current_state(slug)
    if state is None:
        raise Http404(_("No such story."))
    return state


def story_data(story: Story, request: HttpRequest) -> dict:
    return {
        "slug": story.slug,
        "url": absolute_url(story.get_absolute_url(), request),
        "title": story.title,
        "summary": story.summary,
        "status": story.status,
        "time_zone": story.time_zone,
        "started_at": story.started_at,
        "ended_at": story.ended_at,
        "poll_interval": story.poll_interval,
        "version": story.version,
    }


def claim_data(claim, request: HttpRequest) -> dict:
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
        "responds_to": claim.responds_to_id,
    }


def update_data(update, request: HttpRequest) -> dict:
    """An update loaded with ``for_display()``, so its claims cost no query here."""
    author = update.author
    return {
        "id": update.pk,
        "url": absolute_url(update.get_absolute_url(), request),
        "headline": update.headline,
        "body_html": with_absolute_links(update.body_html, request),
        "body_text": plain_text(update.body),
        "author": (author.get_full_name() or author.get_username()) if author else None,
        "published_at": update.published_at,
        "updated_at": update_changed_at(update),
        "edited_at": update.edited_at,
        "is_key_event": update.is_key_event,
        "is_pinned": update.is_pinned,
        "correction_note": update.correction_note,
        "version": update.version,
        "claims": [claim_data(claim, request) for claim in update.claims.all()],
    }


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
    _public_cache(response, 10, 30)
    return {"stories": [story_data(story, request) for story in rows], "next_page": next_page}


@api.get("/stories/{slug}", response={200: StoryOut, 400: Error, 404: Error}, summary="One story")
def get_story(request: HttpRequest, response: HttpResponse, slug: str = SLUG):
    story = get_object_or_404(Story.objects.public(), slug=slug)
    _public_cache(response, poll_max_age(story.poll_interval), story.poll_interval)
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
    position = None
    if before is not None:
        try:
            position = keyset.decode(before)
        except keyset.BadToken:
            return Status(400, {"detail": _("That is not a position in this story's stream.")})
    state = _current_state(slug)
    etag = f'"{state.pk}.{state.version}.{before or ""}.{limit}"'
    stale = state.poll_interval
    if cached := _not_modified(request, etag, poll_max_age(state.poll_interval), stale):
        return cached
    story = get_object_or_404(Story.objects.public(), pk=state.pk)
    updates, next_before = stream_page(story, position, timezone.now(), size=limit)
    response["ETag"] = f'"{state.pk}.{story.version}.{before or ""}.{limit}"'
    _public_cache(response, poll_max_age(story.poll_interval), story.poll_interval)
    return {
        "story": story_data(story, request),
        "version": story.version,
        "updates": [update_data(update, request) for update in updates],
        "next_before": next_before,
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
    since: int = Query(..., ge=0, le=MAX_VERSION, description="A version from this API."),
):
    """Updates changed after cursor ``since``, ids of removed ones, and the new cursor.

    The same answer the story page's poll gets, as JSON: apply ``updates`` (replacing
    any you have with the same id), drop ``removed_ids``, then ask again with
    ``version``. Once the story has ended and nothing is left, stop asking.
    """
    state = _current_state(slug)
    max_age, stale = poll_max_age(state.poll_interval), state.poll_interval
    etag = f'"{state.pk}.{since}.{state.version}.{state.status}"'
    if cached := _not_modified(request, etag, max_age, stale):
        return cached
    if state.is_too_far_behind(since):
        return Status(
            410,
            {
                "detail": _(
                    "That cursor is too far behind to catch up: list the story's updates "
                    "again and follow the version that answer gives."
                )
            },
        )
    answer = {"since": since, "version": since, "status": state.status, "story": None}
    answer |= {"updates": [], "removed_ids": []}
    if since < state.version:
        changes = cursor.changes_since(state.pk, since)
        if changes is None:
            raise Http404(_("No such story."))
        etag = f'"{state.pk}.{since}.{changes.version}.{changes.story.status}"'
        if changes.story_changed:
            answer |= {
                "version": changes.version,
                "status": changes.story.status,
                "story": story_data(changes.story, request),
                "updates": [update_data(update, request) for update in changes.updates],
                "removed_ids": changes.removed_ids,
            }
    response["ETag"] = etag
    _public_cache(response, max_age, stale)
    return answer
