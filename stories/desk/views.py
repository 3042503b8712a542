"""The newsroom desk: one admin page per story to post, edit and delete updates with claims.

``StoryAdmin.get_urls`` registers these views under ``/admin/stories/story/<id>/desk/``
through ``admin_site.admin_view``, which gives them the admin's login, staff check, CSRF
protection and ``never_cache``. Each view checks ``stories.permissions`` itself: a client
can ask for any endpoint or fragment directly, whatever the page showed it.

htmx requests get named partials of ``admin/stories/story/desk.html``; the same URLs
answer plain form posts with full pages and redirects, so the desk works without
JavaScript. Invalid input is answered 422 with the form as it was sent, so nothing
typed is lost. Every write is recorded in the admin's history (``LogEntry``).
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import date as date_format
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.middleware import HtmxDetails

from stories import http, images, permissions, services
from stories.desk.forms import (
    MAX_BODY_LENGTH,
    ClaimRevisionFormSet,
    ImageUploadForm,
    NewClaimFormSet,
    StoryStatusForm,
    UpdateForm,
    UpdateRevisionForm,
    claim_initial,
)
from stories.live import state as live_state
from stories.live.cache import StoryState
from stories.live.poll import Kind, decide
from stories.models import Claim, Source, Story, Update
from stories.rich_text import images_without_alt, render_markdown

DESK = "admin/stories/story/desk.html"
UPDATES_SHOWN = 30
SOURCE_OPTIONS_SHOWN = 30
# The desk's two forms with a body, by the name the preview and upload URLs use.
FORM_PREFIXES = {"compose": None, "edit": "edit"}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def urls(model_admin) -> list:
    """The desk's URL patterns, for ``StoryAdmin.get_urls``."""
    wrap = model_admin.admin_site.admin_view
    name = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_desk"
    extra = {"model_admin": model_admin}
    update = "<int:story_id>/desk/updates/<int:update_id>"
    return [
        path("<int:story_id>/desk/", wrap(desk), extra, name=name),
        path("<int:story_id>/desk/post/", wrap(post_update), extra, name=f"{name}_post"),
        path("<int:story_id>/desk/updates/", wrap(desk_updates), extra, name=f"{name}_updates"),
        path(f"{update}/edit/", wrap(edit_update), extra, name=f"{name}_edit"),
        path(f"{update}/delete/", wrap(delete_update), extra, name=f"{name}_delete"),
        path("<int:story_id>/desk/preview/", wrap(preview), extra, name=f"{name}_preview"),
        path("<int:story_id>/desk/images/", wrap(upload_image), extra, name=f"{name}_image"),
        path("<int:story_id>/desk/sources/", wrap(source_options), extra, name=f"{name}_sources"),
        path("<int:story_id>/desk/status/", wrap(change_status), extra, name=f"{name}_status"),
    ]


def desk_url(story: Story) -> str:
    return reverse("admin:stories_story_desk", args=[story.pk])


# --- lookups and context -------------------------------------------------------------


def _story(request: HttpRequest, story_id: int) -> Story:
    story = get_object_or_404(Story, pk=story_id)
    if not permissions.can_open_desk(request.user, story):
        raise PermissionDenied
    return story


def _story_and_update(request: HttpRequest, story_id: int, update_id: int, allowed):
    """The story and its update, when ``allowed(user, update)``; 404 or 403 otherwise."""
    story = _story(request, story_id)
    update = get_object_or_404(story.updates.for_display(), pk=update_id)
    update.story = story
    if not allowed(request.user, update):
        raise PermissionDenied
    return story, update


def _writer_story(request: HttpRequest, story_id: int) -> Story:
    """The story, for helpers of those writing on it (preview, images)."""
    story = _story(request, story_id)
    if not permissions.can_post(request.user, story):
        raise PermissionDenied
    return story


def _form_prefix(request: HttpRequest) -> str | None:
    """The prefix of the desk form (``?form=compose|edit``) a helper answers for."""
    form = request.GET.get("form", "compose")
    if form not in FORM_PREFIXES:
        raise BadRequest(_("Unknown form."))
    return FORM_PREFIXES[form]


def _stream_context(user, story_id: int) -> dict:
    """The latest updates as readers see them, with what this user may do to each.

    The story row is read first: the list is at least as new as its version, which the
    page's poller then carries as its cursor (rule 3 of ``stories/live/``).
    """
    story = Story.objects.get(pk=story_id)
    now = timezone.now()
    updates = list(story.updates.for_display().newest_first()[:UPDATES_SHOWN])
    rows = []
    for update in updates:
        update.story = story
        rows.append(
            {
                "update": update,
                "is_scheduled": update.published_at > now,
                # Readers cannot open it yet: no public links to it.
                "is_not_public": update.published_at > now or story.status == Story.Status.DRAFT,
                "can_edit": permissions.can_edit(user, update),
                "can_delete": permissions.can_delete(user, update),
            }
        )
    return {
        "rows": rows,
        "version": story.version,
        "update_count": story.updates.count(),
    }


def _page_context(request: HttpRequest, model_admin, story: Story, **extra) -> dict:
    user = request.user
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Desk: %(title)s") % {"title": story.title},
        "story": story,
        "can_post": permissions.can_post(user, story),
        "can_change_status": permissions.can_change_story_status(user),
        "source_names": _source_names(),
        **_stream_context(user, story.pk),
        **extra,
    }


def _source_names(query: str = "") -> list[str]:
    sources = Source.objects.all()
    if query:
        sources = sources.filter(name__icontains=query)
    return list(sources.order_by("name").values_list("name", flat=True)[:SOURCE_OPTIONS_SHOWN])


def _form_kwargs(user, story: Story, form: str) -> tuple[dict, dict]:
    """Keyword arguments for an update form and its claims' forms."""
    preview_url = reverse("admin:stories_story_desk_preview", args=[story.pk])
    sources_url = reverse("admin:stories_story_desk_sources", args=[story.pk])
    return (
        {"preview_url": f"{preview_url}?form={form}", "prefix": FORM_PREFIXES[form]},
        {
            "can_create_sources": permissions.can_create_sources(user),
            "source_options_url": sources_url,
        },
    )


def _compose_forms(user, story: Story, data=None) -> dict:
    update_kwargs, claim_kwargs = _form_kwargs(user, story, "compose")
    return {
        "form": UpdateForm(data, **update_kwargs),
        "claims": NewClaimFormSet(data, prefix="claims", form_kwargs=claim_kwargs),
    }


def _revision_forms(user, update: Update, data=None) -> dict:
    claims = list(update.claims.all())
    update_kwargs, claim_kwargs = _form_kwargs(user, update.story, "edit")
    claim_kwargs["claims"] = {claim.pk: claim for claim in claims}
    return {
        "edit_form": UpdateRevisionForm(data, instance=update, **update_kwargs),
        "edit_claims": ClaimRevisionFormSet(
            data,
            prefix="edit-claims",
            initial=[claim_initial(claim) for claim in claims],
            form_kwargs=claim_kwargs,
        ),
        "editing": update,
    }


def _render_parts(request: HttpRequest, context: dict, *parts: str, status: int = 200):
    """Several partials in one htmx answer: the first is swapped, the rest out of band."""
    html = render_to_string(f"{DESK}#{parts[0]}", context, request)
    for part in parts[1:]:
        html += render_to_string(f"{DESK}#{part}", {**context, "oob": True}, request)
    return HttpResponse(html, status=status)


def _done(request: HtmxHttpRequest, story: Story, message: str, parts: tuple, **context):
    """After a write: the changed parts of the desk for htmx, else the desk with a message."""
    if request.htmx:
        context = {"story": story, **context, **_stream_context(request.user, story.pk)}
        return _render_parts(request, context, *parts)
    messages.success(request, message)
    return HttpResponseRedirect(desk_url(story))


# --- admin history --------------------------------------------------------------------


def _claim_label(name: str, text: str) -> str:
    return f"{name}: {text[:60]}"


def _claim_messages(claims) -> list[dict]:
    """Admin-history messages for a claim formset, in the admin's own JSON format."""
    name = str(Claim._meta.verbose_name)
    entries = []
    for form in claims.forms:
        data = getattr(form, "cleaned_data", None)
        if not data:
            continue
        label = _claim_label(data["source_name"], data["text"])
        if claims._should_delete_form(form):
            if data.get("claim"):
                entries.append({"deleted": {"name": name, "object": label}})
        elif not data.get("claim"):
            entries.append({"added": {"name": name, "object": label}})
        elif form.has_changed():
            fields = [str(form[field].label) for field in form.changed_data]
            entries.append({"changed": {"name": name, "object": label, "fields": fields}})
    return entries


# --- views ----------------------------------------------------------------------------


@require_safe
def desk(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    story = _story(request, story_id)
    with timezone.override(story.tzinfo):
        context = _page_context(request, model_admin, story, **_compose_forms(request.user, story))
        return render(request, DESK, context)


@require_safe
def desk_updates(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """The list, for the desk's poller: 204 while the story's version is ``?since=``."""
    story = _story(request, story_id)
    if story.status != Story.Status.DRAFT:
        # Release scheduled updates that became due, as readers' requests do.
        state = live_state.current_state(story.slug)
        if state is not None and state.version > story.version:
            story.refresh_from_db(fields=["version"])
    since = http.parse_cursor(request.GET.get("since"))
    if since is not None and decide(StoryState.of(story), since) in (Kind.NOTHING_NEW, Kind.ENDED):
        # The desk keeps polling an ended story: editors may still correct it.
        return HttpResponse(status=204)
    with timezone.override(story.tzinfo):
        context = {"story": story, **_stream_context(request.user, story.pk)}
        response = render(request, f"{DESK}#desk-stream", context)
    response["Desk-Version"] = str(context["version"])
    return response


@require_POST
def post_update(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    story = _story(request, story_id)
    if not permissions.can_post(request.user, story):
        raise PermissionDenied
    with timezone.override(story.tzinfo):
        forms = _compose_forms(request.user, story, request.POST)
        form, claims = forms["form"], forms["claims"]
        # Both are validated so that every error shows at once.
        if not all([form.is_valid(), claims.is_valid()]):
            return _compose_answer(request, model_admin, story, forms, status=422)
        try:
            with transaction.atomic():
                update = services.publish_update(
                    story=story,
                    author=request.user,
                    **form.content(),
                    claims=claims.drafts(),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
                model_admin.admin_site.get_model_admin(Update).log_addition(
                    request, update, [{"added": {}}, *_claim_messages(claims)]
                )
        except services.DuplicateSubmission as duplicate:
            # The first submission of this form did the work: answer as it did.
            update = duplicate.update
        fresh = _compose_forms(request.user, story)
        # Back to writing the next one.
        fresh["form"].fields["body"].widget.attrs["autofocus"] = True
        parts = ("compose", "desk-stream")
        notice = posted_notice(update)
        return _done(request, story, notice, parts, posted_notice=notice, **fresh)


# A publication time this much before the post is a backdating, not the form's "now".
BACKDATED_AFTER = timedelta(minutes=1)


def posted_notice(update: Update) -> str:
    """What the journalist is told of a post: when and how readers get it.

    Called with the story's time zone active.
    """
    published = timezone.localtime(update.published_at)
    if update.published_at > timezone.now():
        return _("Scheduled: readers see it from %(time)s.") % {
            "time": date_format(published, "j M, H:i")
        }
    if update.published_at < update.created_at - BACKDATED_AFTER:
        return _("Posted, dated %(time)s: readers see it now, in its place in the stream.") % {
            "time": date_format(published, "j M, H:i")
        }
    return _("Posted at %(time)s.") % {"time": date_format(published, "H:i")}


def _compose_answer(request, model_admin, story, forms, status):
    """The compose form sent back with its errors and everything typed in it."""
    if request.htmx:
        return _render_parts(request, {"story": story, **forms}, "compose", status=status)
    context = _page_context(request, model_admin, story, **forms)
    return render(request, DESK, context, status=status)


@require_http_methods(["GET", "POST"])
def edit_update(request: HtmxHttpRequest, story_id: int, update_id: int, model_admin):
    story, update = _story_and_update(request, story_id, update_id, permissions.can_edit)
    # Validating the form writes its values onto the update: keep what it was.
    before = {name: getattr(update, name) for name in UpdateRevisionForm.Meta.fields}
    with timezone.override(story.tzinfo):
        if request.method == "GET":
            return _editor_answer(
                request, model_admin, story, _revision_forms(request.user, update)
            )
        forms = _revision_forms(request.user, update, request.POST)
        form, claims = forms["edit_form"], forms["edit_claims"]
        if not all([form.is_valid(), claims.is_valid()]):
            return _editor_answer(request, model_admin, story, forms, status=422)
        try:
            with transaction.atomic():
                services.revise_update(
                    update=update,
                    editor=request.user,
                    **form.content(),
                    claims=claims.drafts(),
                    removed_claims=claims.removed_claims(),
                    seen_version=form.cleaned_data["seen_version"],
                )
                changed = [
                    str(form[name].label)
                    for name, value in before.items()
                    if form.cleaned_data[name] != value
                ]
                message = [{"changed": {"fields": changed}}] if changed else []
                model_admin.admin_site.get_model_admin(Update).log_change(
                    request, update, message + _claim_messages(claims)
                )
        except services.EditConflict as conflict:
            form.report_conflict(conflict.version)
            return _editor_answer(request, model_admin, story, forms, status=422)
        except Update.DoesNotExist:
            # Deleted by a colleague while this request ran.
            raise Http404 from None
    return _done(request, story, _("Update saved."), ("editor", "desk-stream"), saved=update)


def _editor_answer(request, model_admin, story, forms, status=200):
    if request.htmx:
        return _render_parts(request, {"story": story, **forms}, "editor", status=status)
    context = _page_context(
        request, model_admin, story, **forms, **_compose_forms(request.user, story)
    )
    return render(request, DESK, context, status=status)


@require_http_methods(["GET", "POST"])
def delete_update(request: HtmxHttpRequest, story_id: int, update_id: int, model_admin):
    """GET asks for confirmation (pages without JavaScript); POST deletes."""
    story, update = _story_and_update(request, story_id, update_id, permissions.can_delete)
    if request.method == "GET":
        with timezone.override(story.tzinfo):
            forms = {"deleting": update}
            if request.htmx:
                return _render_parts(request, {"story": story, **forms}, "editor")
            context = _page_context(
                request, model_admin, story, **forms, **_compose_forms(request.user, story)
            )
            return render(request, DESK, context)
    with transaction.atomic():
        # The admin records a deletion before it happens, while the object exists.
        model_admin.admin_site.get_model_admin(Update).log_deletions(request, [update])
        update.delete()
    with timezone.override(story.tzinfo):
        return _done(request, story, _("Update deleted."), ("desk-stream", "editor"))


@require_POST
def preview(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """The body as readers will see it, rendered and sanitised exactly as on save."""
    _writer_story(request, story_id)
    field = UpdateForm(prefix=_form_prefix(request)).add_prefix("body")
    # No more than a post may hold: rendering is the costly part.
    body = request.POST.get(field, "")[:MAX_BODY_LENGTH]
    context = {"preview_html": render_markdown(body), "missing_alt": images_without_alt(body)}
    return render(request, f"{DESK}#preview", context)


@require_POST
def upload_image(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """Store an image for an update body; answer with the Markdown that shows it."""
    _writer_story(request, story_id)
    form = ImageUploadForm(request.POST, request.FILES, prefix=_form_prefix(request))
    markdown = ""
    if form.is_valid():
        try:
            url = images.store_image(form.cleaned_data["image"])
        except ValidationError as error:
            form.add_error("image", error)
        else:
            markdown = f"![{form.cleaned_data['alt']}]({url})"
    context = {"image_form": form, "markdown": markdown}
    return render(request, f"{DESK}#image-result", context, status=200 if markdown else 422)


@require_safe
def source_options(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """Source names matching what is typed in a claim's source field, for its datalist."""
    _story(request, story_id)
    if not request.user.has_perm("stories.view_source"):
        raise PermissionDenied
    # The field's name carries its form's prefix (claims-2-source_name).
    query = next((value for key, value in request.GET.items() if key.endswith("source_name")), "")
    names = _source_names(" ".join(query.split())[:200])
    return render(request, f"{DESK}#source-options", {"source_names": names})


@require_POST
def change_status(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """Take a story live, end its coverage (readers' pages stop polling) or reopen it."""
    story = _story(request, story_id)
    if not permissions.can_change_story_status(request.user):
        raise PermissionDenied
    form = StoryStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown status."), content_type="text/plain")
    if story.status != form.cleaned_data["status"]:
        with transaction.atomic():
            story.status = form.cleaned_data["status"]
            story.save()
            model_admin.log_change(
                request,
                story,
                [{"changed": {"fields": [str(Story._meta.get_field("status").verbose_name)]}}],
            )
    if request.htmx:
        with timezone.override(story.tzinfo):
            context = {"story": story, "can_post": permissions.can_post(request.user, story)}
            return _render_parts(request, {**context, "can_change_status": True}, "desk-header")
    messages.success(
        request, _("The story is now %(status)s.") % {"status": story.get_status_display().lower()}
    )
    return HttpResponseRedirect(desk_url(story))
