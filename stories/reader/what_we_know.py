"""A story's "What we know" box through time: every version, newest first, public.

The box itself is on the story page (``story_detail.html#what-we-know``) and in its poll
answers; this page keeps what it said before, so a reader can see how the picture changed.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from stories import http
from stories.http import HtmxHttpRequest
from stories.models import Story
from stories.reader.language import render_story_page

# The page's length: a night's coverage rarely has more versions than this.
VERSIONS_SHOWN = 200


@require_safe
@http.ARCHIVE
def what_we_know_history(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story.objects.public(), slug=slug)
    versions = story.summary_versions.order_by("-written_at", "-id")[:VERSIONS_SHOWN]
    context = {"story": story, "versions": list(versions)}
    return render_story_page(request, story, "stories/what_we_know.html", context)
