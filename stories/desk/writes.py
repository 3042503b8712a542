"""The desk's writes: post, edit and delete updates with their claims; the story's status.

Each write goes through ``stories.services`` (or the models' ``save()``/``delete()``),
which keep the live cursor right, and is recorded in the admin's history in the same
transaction.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stories import permissions, services
from stories.desk import history
from stories.desk.answers import STREAM, answer
from stories.desk.context import compose_forms, desk_update, known_form, revision_forms
from stories.desk.forms import StoryStatusForm, WhatWeKnowForm
from stories.desk.saving import post_from_forms, revise_from_forms
from stories.http import HtmxHttpRequest
from stories.models import Story, Update
from stories.permissions import Action

# A publication time this much before the post is a backdating, not the form's "now".
BACKDATED_AFTER = timedelta(minutes=1)


@require_POST
def post_update(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id)
    user = request.user
    # Without a button's action (an older page, a script): published, as posts always were.
    action = requested_action(request, Action.PUBLISH)
    if not (permissions.can_open_desk(user, story) and permissions.may(user, action, story)):
        raise PermissionDenied
    with timezone.override(story.tzinfo):
        forms = compose_forms(user, story, request.POST)
        form, claims = forms["form"], forms["claims"]
        # Both are validated so that every error shows at once.
        if not all([form.is_valid(), claims.is_valid()]):
            return answer(request, model_admin, story, ("compose",), forms, status=422)
        state = permissions.target_state(action, None)
        # A second submission of the same form answers as the first did.
        update, _created = post_from_forms(request, model_admin, story, form, claims, state)
        notice = posted_notice(update)
    fresh = compose_forms(user, story)
    # Back to writing the next one.
    fresh["form"].fields["body"].widget.attrs["autofocus"] = True
    context = {"posted_notice": notice, **fresh}
    return answer(request, model_admin, story, ("compose", STREAM), context, done=notice)


def requested_action(request, default: Action) -> Action:
    """The action of the button that sent the form; 403 for one that does not exist."""
    try:
        return Action(request.POST.get("action") or default)
    except ValueError:
        raise PermissionDenied from None


def posted_notice(update: Update) -> str:
    """What the journalist is told of a post: when and how readers get it.

    Called with the story's time zone active.
    """
    if update.state == Update.State.DRAFT:
        return _("Draft saved: it is in your drafts, and readers do not see it.")
    if update.state == Update.State.SUBMITTED:
        return _("Submitted: an editor will review it before readers see it.")
    published = timezone.localtime(update.published_at)
    if update.published_at > timezone.now():
        return _("Scheduled: readers see it from %(time)s.") % {
            "time": date_format(published, "SHORT_DATETIME_FORMAT")
        }
    if update.published_at < update.created_at - BACKDATED_AFTER:
        return _("Posted, dated %(time)s: readers see it now, in its place in the stream.") % {
            "time": date_format(published, "SHORT_DATETIME_FORMAT")
        }
    return _("Posted at %(time)s.") % {"time": date_format(published, "TIME_FORMAT")}


def _permitted_update(request, story_id: int, update_id: int, allowed) -> tuple[Story, Update]:
    """The story and its update when the user may open the desk and ``allowed(user, update)``.

    404 for an unknown story or update, 403 otherwise, in that order.
    """
    story = get_object_or_404(Story, pk=story_id)
    if not permissions.can_open_desk(request.user, story):
        raise PermissionDenied
    update = desk_update(story, update_id)
    if not allowed(request.user, update):
        raise PermissionDenied
    return story, update


@require_http_methods(["GET", "POST"])
def edit_update(request: HtmxHttpRequest, story_id: int, update_id: int, model_admin):
    """GET shows the update in the editor; POST saves the revision."""
    story, update = _permitted_update(request, story_id, update_id, permissions.can_edit)
    if request.method == "GET":
        forms = revision_forms(request.user, update)
        return answer(request, model_admin, story, ("editor",), forms)
    return _revise(request, model_admin, story, update)


def _revise(request, model_admin, story: Story, update: Update) -> HttpResponse:
    """Save the posted revision; 422 with the form as sent if invalid or out of date."""
    action = requested_action(request, Action.SAVE)
    if not permissions.may(request.user, action, story, update):
        raise PermissionDenied
    before, was = history.before_revision(update), update.state
    with timezone.override(story.tzinfo):
        forms = revision_forms(request.user, update, request.POST)
        form, claims = forms["edit_form"], forms["edit_claims"]
        valid = all([form.is_valid(), claims.is_valid()])
        if not valid or (action == Action.RETURN and not form.require_return_note()):
            return answer(request, model_admin, story, ("editor",), forms, status=422)
        try:
            revise_from_forms(request, model_admin, update, forms, action=action, before=before)
        except services.EditConflict as conflict:
            form.report_conflict(conflict.version)
            return answer(request, model_admin, story, ("editor",), forms, status=422)
        except Update.DoesNotExist:
            # Deleted by a colleague while this request ran.
            raise Http404 from None
    done = history.transition_message(was, update.state) or _("Update saved.")
    saved = {"saved": update, "saved_notice": done}
    return answer(request, model_admin, story, ("editor", STREAM), saved, done=done)


@require_http_methods(["GET", "POST"])
def delete_update(request: HtmxHttpRequest, story_id: int, update_id: int, model_admin):
    """GET asks for confirmation (pages without JavaScript); POST deletes."""
    story, update = _permitted_update(request, story_id, update_id, permissions.can_delete)
    if request.method == "GET":
        return answer(request, model_admin, story, ("editor",), {"deleting": update})
    with transaction.atomic():
        history.record_deletion(request, model_admin, update)
        update.delete()
    done = _("Update deleted.")
    return answer(request, model_admin, story, (STREAM, "editor"), {}, done=done)


@require_POST
def change_status(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """Take a story live, end its coverage (readers' pages stop polling) or reopen it."""
    story = get_object_or_404(Story, pk=story_id)
    user = request.user
    if not (permissions.can_open_desk(user, story) and permissions.can_change_story_status(user)):
        raise PermissionDenied
    form = StoryStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown status."), content_type="text/plain")
    if story.status != form.cleaned_data["status"]:
        with transaction.atomic():
            story.status = form.cleaned_data["status"]
            story.save()
            history.record_status(request, model_admin, story)
    done = _("The story is now %(status)s.") % {"status": story.get_status_display().lower()}
    header = {"can_post": permissions.can_post(user, story), "can_change_status": True}
    return answer(request, model_admin, story, ("desk-header",), header, done=done)


@require_POST
def what_we_know(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    """Replace the story's "What we know" box; readers' pages replace it at their next poll."""
    story = get_object_or_404(Story, pk=story_id)
    user = request.user
    if not (permissions.can_open_desk(user, story) and permissions.can_edit_what_we_know(user)):
        raise PermissionDenied
    form = WhatWeKnowForm(request.POST, prefix="known")
    if not form.is_valid():
        context = {"known_form": form, "can_edit_what_we_know": True}
        return answer(request, model_admin, story, ("desk-summary",), context, status=422)
    with transaction.atomic():
        services.revise_what_we_know(story=story, points=form.cleaned_data["points"], editor=user)
        history.record_what_we_know(request, model_admin, story)
    done = _("“What we know” saved; readers see it at their next poll.")
    context = {"known_saved": done, "can_edit_what_we_know": True, "known_form": known_form(story)}
    return answer(request, model_admin, story, ("desk-summary",), context, done=done)
