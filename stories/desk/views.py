"""The desk page, and the list of updates its poller refreshes."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from stories import http, permissions
from stories.desk.answers import QUEUE, STREAM, page, render_parts
from stories.desk.context import stream_context
from stories.http import HtmxHttpRequest
from stories.live import state as live_state
from stories.live.cache import StoryState
from stories.live.poll import Kind, decide
from stories.models import Story


@require_safe
def desk(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id)
    if not permissions.can_open_desk(request.user, story):
        raise PermissionDenied
    return page(request, model_admin, story, {})


@require_safe
def desk_updates(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """The list, for the desk's poller: 204 while the story's version is ``?since=``."""
    story = get_object_or_404(Story, pk=story_id)
    if not permissions.can_open_desk(request.user, story):
        raise PermissionDenied
    _release_due_updates(story)
    since = http.parse_cursor(request.GET.get("since"))
    if since is not None and decide(StoryState.of(story), since) in (Kind.NOTHING_NEW, Kind.ENDED):
        # The desk keeps polling an ended story: editors may still correct it.
        return HttpResponse(status=204)
    with timezone.override(story.tzinfo):
        context = {"story": story, **stream_context(request.user, story.pk)}
        response = render_parts(request, context, STREAM, QUEUE)
    response["Desk-Version"] = str(context["version"])
    return response


def _release_due_updates(story: Story) -> None:
    """Release scheduled updates that became due, as readers' requests do."""
    if story.status == Story.Status.DRAFT:
        return
    state = live_state.current_state(story.slug)
    if state is not None and state.version > story.version:
        story.refresh_from_db(fields=["version"])
