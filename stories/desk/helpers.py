"""What the desk's forms ask for while one types: the preview, images, source names and
the threads a claim may repeat.

Only scripts call these, so they answer fragments whoever asks.
"""

import re

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from stories import http, permissions
from stories.desk.answers import render_parts
from stories.desk.context import FORM_PREFIXES, source_names
from stories.desk.forms import MAX_BODY_LENGTH, ImageUploadForm, UpdateForm, nesting_error
from stories.evidence.previews import preview_cards
from stories.http import HtmxHttpRequest
from stories.models import Story
from stories.rich_text import images_without_alt, markdown_rendering
from stories.suggestions import suggest_threads


def _form_prefix(request: HttpRequest) -> str | None:
    """The prefix of the desk form (``?form=compose|edit``) a helper answers for."""
    form = request.GET.get("form", "compose")
    if form not in FORM_PREFIXES:
        raise BadRequest(_("Unknown form."))
    return FORM_PREFIXES[form]


@require_POST
def preview(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """The body as readers will see it, rendered and sanitised exactly as on save."""
    story = get_object_or_404(Story, pk=story_id)
    user = request.user
    if not (permissions.can_open_desk(user, story) and permissions.can_post(user, story)):
        raise PermissionDenied
    field = UpdateForm(prefix=_form_prefix(request)).add_prefix("body")
    # No more than a post may hold: rendering is the costly part.
    body = request.POST.get(field, "")[:MAX_BODY_LENGTH]
    rendering = markdown_rendering(body)
    preview_html = rendering.html
    if rendering.too_deeply_nested:
        # Said where the journalist looks while typing; posting would be refused with it.
        warning = format_html('<p class="errornote">{}</p>', nesting_error().messages[0])
        preview_html = warning + preview_html
    context = {
        "story": story,
        "preview_html": preview_html,
        "missing_alt": images_without_alt(body),
        "preview_cards": preview_cards(body, story),
    }
    return render_parts(request, context, "preview")


@require_POST
def upload_image(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """Store an image for an update body; answer with the Markdown that shows it."""
    story = get_object_or_404(Story, pk=story_id)
    user = request.user
    if not (permissions.can_open_desk(user, story) and permissions.can_post(user, story)):
        raise PermissionDenied
    form = ImageUploadForm(request.POST, request.FILES, prefix=_form_prefix(request))
    url = form.store() if form.is_valid() else ""
    markdown = form.markdown(url) if url else ""
    context = {"image_form": form, "markdown": markdown}
    return render_parts(request, context, "image-result", status=200 if markdown else 422)


@require_safe
def source_options(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """Source names matching what is typed in a claim's source field, for its datalist."""
    story = get_object_or_404(Story, pk=story_id)
    user = request.user
    if not (permissions.can_open_desk(user, story) and user.has_perm("stories.view_source")):
        raise PermissionDenied
    # The field's name carries its form's prefix (claims-2-source_name).
    query = next((value for key, value in request.GET.items() if key.endswith("source_name")), "")
    names = source_names(" ".join(query.split())[:200])
    return render_parts(request, {"source_names": names}, "source-options")


# A claim's text field in a desk form: claims-3-text, edit-claims-0-text, claims-__prefix__-text.
CLAIM_TEXT_FIELD = re.compile(r"(?P<prefix>[\w-]{1,60})-text")


@require_safe
def thread_options(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """Threads the claim being typed may repeat, best first, as the choices of its form."""
    story = get_object_or_404(Story, pk=story_id)
    user = request.user
    if not (permissions.can_open_desk(user, story) and user.has_perm("stories.view_claimthread")):
        raise PermissionDenied
    field, text = next(
        ((key, value) for key, value in request.GET.items() if CLAIM_TEXT_FIELD.fullmatch(key)),
        ("", ""),
    )
    if not field:
        return http.bad_request(_("Which claim's text is this?"))
    context = {
        "thread_field": CLAIM_TEXT_FIELD.fullmatch(field)["prefix"] + "-thread",
        "threads": suggest_threads(text, story=story),
    }
    return render_parts(request, context, "thread-options")
