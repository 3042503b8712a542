"""A story's pages in the story's language (``Story.language``).

Public requests start in the site's language (``liveblog/locale.py``); a story's pages,
poll answers, embed and feeds are rendered with the story's language active, which sets
``<html lang>``, the interface's words and the date formats. The language comes from the
story, never from the reader, so every reader gets the same cacheable page.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


def story_html(request: HttpRequest, story, template: str, context: dict) -> tuple[str, bytes]:
    """The story's language and the template rendered with it active, already encoded:
    a copy kept in the ``pages`` cache is sent as it is, with no per-reader re-encoding
    of a page-sized string (liveblog/local_cache.py keeps bytes without pickling)."""
    with translation.override(story.language):
        html = render_to_string(template, context, request)
    return story.language, html.encode(settings.DEFAULT_CHARSET)


def story_answer(rendered: tuple[str, bytes], status: int | None = None) -> HttpResponse:
    """An answer of ``story_html``'s result; it says which language it is in."""
    language, html = rendered
    response = HttpResponse(html, status=status)
    response["Content-Language"] = language
    return response


def render_story_page(
    request: HttpRequest, story, template: str, context: dict, status: int | None = None
) -> HttpResponse:
    """``render()`` with the story's language active; the answer says which it is."""
    return story_answer(story_html(request, story, template, context), status)
