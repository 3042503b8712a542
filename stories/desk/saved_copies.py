"""The desk's one action on saved copies: ask again for one that failed."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stories import permissions
from stories.desk.answers import STREAM, answer
from stories.evidence import services
from stories.http import HtmxHttpRequest
from stories.models import SavedCopy, Story


@require_POST
def capture_again(
    request: HtmxHttpRequest, story_id: int, copy_id: int, model_admin
) -> HttpResponse:
    """A new capture of a copy's address; for whoever may change the copy's update."""
    story = get_object_or_404(Story, pk=story_id)
    if not permissions.can_open_desk(request.user, story):
        raise PermissionDenied
    copy = get_object_or_404(SavedCopy.objects.select_related("update__story"), pk=copy_id)
    if copy.update_id is None or copy.update.story_id != story.pk:
        raise PermissionDenied
    if not permissions.can_edit(request.user, copy.update):
        raise PermissionDenied
    services.capture_again(copy)
    done = _("A new saved copy was asked for.")
    return answer(request, model_admin, story, (STREAM,), {}, done=done)
