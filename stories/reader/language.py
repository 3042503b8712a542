"""A story's pages in the story's language (``Story.language``).

Public requests start in the site's language (``liveblog/locale.py``); a story's pages,
poll answers, embed and feeds are rendered with the story's language active, which sets
``<html lang>``, the interface's words and the date formats. The language comes from the
story, never from the reader, so every reader gets the same cacheable page.
"""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


def story_html(request: HttpRequest, story, template: str, context: dict) -> tuple[str, str]:
    """The story's language and the template rendered with it active."""
    with translation.override(story.language):
        return story.language, render_to_string(template, context, request)


def story_answer(rendered: tuple[str, str], status: int | None = None) -> HttpResponse:
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
