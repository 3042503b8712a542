"""The desk preview's card for an address never seen before, asked for by the preview
(``stories/evidence/previews.py``) and fetched here by the preview area itself, every
two seconds, until the capture is saved or has failed.

For whoever may use the desk's preview on the story (the same check); never cached,
never public (the admin's own login check and ``never_cache`` wrap it).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from stories import permissions
from stories.evidence.previews import PreviewCard
from stories.http import HtmxHttpRequest
from stories.models import SavedCopy, Story

CARD = "admin/stories/story/card_preview.html"


@require_safe
def preview_card(
    request: HtmxHttpRequest, story_id: int, copy_id: int, model_admin
) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id)
    user = request.user
    if not (permissions.can_open_desk(user, story) and permissions.can_post(user, story)):
        raise PermissionDenied
    # Only a copy this story's desk asked for (an update's copies have their own place).
    copy = get_object_or_404(SavedCopy, pk=copy_id, story=story, update=None)
    card = PreviewCard(copy.address, copy)
    return render(request, CARD, {"card": card, "story": story})
