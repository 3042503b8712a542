"""How the desk answers: parts of its one page for htmx, the page or a redirect otherwise.

Every answer renders ``admin/stories/story/desk.html`` or named partials of it, each
partial named after the DOM id it renders. A view calls ``answer`` when the same URL
serves htmx and plain form posts, and ``render_parts`` for fragments that only scripts
ask for (the list's poll, the preview, image uploads, source names).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from stories.desk.context import page_context, stream_context
from stories.http import HtmxHttpRequest
from stories.models import Story

DESK = "admin/stories/story/desk.html"
STREAM = "desk-stream"
# The submissions and drafts, sent with the stream wherever it goes.
QUEUE = "desk-queue"


def render_parts(request, context: dict, *parts: str, status: int = 200) -> HttpResponse:
    """Partials of the desk page in one answer: the first replaces the request's target,
    the others replace the elements with their ids, out of band."""
    html = render_to_string(f"{DESK}#{parts[0]}", context, request)
    for part in parts[1:]:
        html += render_to_string(f"{DESK}#{part}", {**context, "oob": True}, request)
    return HttpResponse(html, status=status)


def page(request, model_admin, story: Story, context: dict, status: int = 200) -> HttpResponse:
    """The whole desk page, with ``context`` (forms, a confirmation) on top of its own."""
    with timezone.override(story.tzinfo):
        context = page_context(request, model_admin, story, **context)
        return render(request, DESK, context, status=status)


def answer(
    request: HtmxHttpRequest,
    model_admin,
    story: Story,
    parts: tuple[str, ...],
    context: dict,
    *,
    status: int = 200,
    done: str | None = None,
) -> HttpResponse:
    """The desk's answer about ``story``, in its time zone, whoever asked.

    htmx gets ``parts`` (see ``render_parts``), with the story's latest updates when the
    stream is one of them. A page without JavaScript gets, after a write (``done`` says
    what was done), a redirect to the desk showing that message; otherwise (a form with
    its errors, a confirmation) the whole desk page.
    """
    if request.htmx:
        with timezone.override(story.tzinfo):
            if STREAM in parts:
                context = {**context, **stream_context(request.user, story.pk)}
                parts = (*parts, QUEUE)
            return render_parts(request, {"story": story, **context}, *parts, status=status)
    if done is None:
        return page(request, model_admin, story, context, status=status)
    messages.success(request, done)
    return redirect("admin:stories_story_desk", story.pk)
