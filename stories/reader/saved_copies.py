"""The public page of a saved copy: what a source's page said when it was cited.

Only saved copies that an update readers may see shows now: an address taken out of an
update, or a claim's former source address, no longer has a public copy. The captured
page is shown as text (escaped by the template), never as its HTML.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from stories import http
from stories.evidence import cards
from stories.http import HtmxHttpRequest
from stories.models import SavedCopy


@require_safe
@http.ARCHIVE
def saved_copy_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    copies = SavedCopy.objects.visible().select_related("update__story", "claim__source")
    copy = get_object_or_404(copies, pk=pk)
    if copy.pk not in cards.shown_ids(copy.update):
        raise Http404
    context = {"copy": copy, "update": copy.update, "story": copy.update.story}
    return render(request, "stories/saved_copy.html", context)
