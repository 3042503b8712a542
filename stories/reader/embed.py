"""The embeddable story stream, for partner sites' iframes.

``/stories/<slug>/embed/`` shows a story's stream in a compact page that polls the same
endpoint as the story page. It is the only page that may be framed: it is exempt from
``X-Frame-Options: DENY`` and its Content-Security-Policy names the origins that may
frame it (``frame-ancestors``, from ``LIVEBLOG_EMBED_ALLOWED_ORIGINS``); the rest of its
policy is every page's (``liveblog/security.py``).
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from liveblog.security import embeddable
from stories import http
from stories.http import HtmxHttpRequest
from stories.models import Story
from stories.reader.language import render_story_page
from stories.reader.streams import stream_page
from stories.syndication.public_url import absolute_url


def embed_code(story: Story) -> str:
    """The ``<iframe>`` an editor gives a partner site to show the story's stream."""
    src = absolute_url(reverse("stories:story_embed", kwargs={"slug": story.slug}))
    return format_html(
        '<iframe src="{}" title="{}" width="600" height="800" loading="lazy"></iframe>',
        src,
        story.title,
    )


@require_safe
@embeddable
def story_embed(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story.objects.public(), slug=slug)
    stream = stream_page(story, with_pinned=True)
    context = {
        "story": story,
        "updates": stream.updates,
        "older_token": stream.older_token,
        "pinned": stream.pinned,
    }
    response = render_story_page(request, story, "stories/story_embed.html", context)
    return http.story_page(story.poll_interval).apply(response)
