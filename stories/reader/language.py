"""A story's pages in the story's language (``Story.language``).

Public requests start in the site's language (``liveblog/locale.py``); a story's pages,
poll answers, embed and feeds are rendered with the story's language active, which sets
``<html lang>``, the interface's words and the date formats. The language comes from the
story, never from the reader, so every reader gets the same cacheable page.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation


def render_story_page(
    request: HttpRequest, story, template: str, context: dict, status: int | None = None
) -> HttpResponse:
    """``render()`` with the story's language active; the answer says which it is."""
    with translation.override(story.language):
        response = render(request, template, context, status=status)
    response["Content-Language"] = story.language
    return response
