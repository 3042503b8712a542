"""The write API for field tools and bots: updates with their claims, images, claim statuses.

Each operation takes a bearer token (``auth``), checks the token's user with the desk's
rules (``stories.permissions``), validates with the desk's forms (``write_forms``) and
writes through the desk's services and the models' ``save()``/``delete()``, recording
the admin's history in the same transaction. So the live cursor, the claims' status
history and every permission hold exactly as on the desk. Answers: 401 without a valid
token, 403 when its user may not do this, 404 for what does not exist, 422 with the
forms' messages, 409 for an edit over a newer version, 429 over the token's rate.
"""

import uuid

from django.contrib import admin
from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Header
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status

from stories import permissions, services
from stories.desk import history
from stories.desk.context import compose_forms, desk_update, revision_forms
from stories.desk.forms import ImageUploadForm
from stories.desk.saving import post_from_forms, revise_from_forms
from stories.models import Claim, Story, Update
from stories.permissions import Action
from stories.syndication.api.auth import PER_TOKEN, TOKEN
from stories.syndication.api.data import claim_data, update_data
from stories.syndication.api.schemas import ClaimOut, Error
from stories.syndication.api.views import SLUG, api
from stories.syndication.api.write_forms import compose_data, errors, revision_data
from stories.syndication.api.write_schemas import (
    ClaimStatusIn,
    FormErrors,
    ImageOut,
    UpdateIn,
    UpdatePatch,
    WrittenUpdate,
)

WRITE = {"auth": TOKEN, "throttle": PER_TOKEN, "tags": ["write"]}
REFUSALS = {400: Error, 401: Error, 403: Error, 404: Error, 429: Error}
IDEMPOTENCY_KEY = Header(
    None,
    alias="Idempotency-Key",
    description="A UUID of your choosing per update: sending it again posts nothing new "
    "and answers with the update it posted.",
)


def _desk_admin():
    return admin.site.get_model_admin(Story)


def _writable_story(user, slug: str) -> Story:
    story = get_object_or_404(Story, slug=slug)
    if not permissions.can_open_desk(user, story):
        raise HttpError(403, _("You may not work on this story."))
    return story


def _answer(update: Update, request: HttpRequest, status: int = 200) -> Status:
    update = Update.objects.for_display().get(pk=update.pk)
    return Status(status, {**update_data(update, request), "state": update.state})


def _not_valid(form, claims) -> Status:
    detail = _("Nothing was saved: see the errors.")
    return Status(422, {"detail": detail, "errors": errors(form, claims)})


@api.post(
    "/stories/{slug}/updates",
    response={200: WrittenUpdate, 201: WrittenUpdate, 409: Error, 422: FormErrors, **REFUSALS},
    summary="Post an update with its claims",
    **WRITE,
)
def create_update(
    request: HttpRequest,
    payload: UpdateIn,
    slug: str = SLUG,
    idempotency_key: uuid.UUID = IDEMPOTENCY_KEY,
):
    """As the desk's "Post": 201 with the update; 200 with the same one when this
    ``Idempotency-Key`` was already used for it. A contributor's update is submitted for
    review; a journalist's or an editor's is published unless ``action`` says otherwise."""
    user = request.user
    story = _writable_story(user, slug)
    action = Action(payload.action) if payload.action else _default_action(user, story)
    if not permissions.may(user, action, story):
        raise HttpError(403, _("You may not do this on this story."))
    with timezone.override(story.tzinfo):
        forms = compose_forms(user, story, compose_data(payload, idempotency_key or uuid.uuid4()))
        form, claims = forms["form"], forms["claims"]
        if not all([form.is_valid(), claims.is_valid()]):
            return _not_valid(form, claims)
        state = permissions.target_state(action, None)
        update, created = post_from_forms(request, _desk_admin(), story, form, claims, state)
    if not created and (update.story_id, update.author_id) != (story.pk, user.pk):
        raise HttpError(409, _("This Idempotency-Key was used for another update."))
    return _answer(update, request, 201 if created else 200)


def _default_action(user, story: Story) -> Action:
    return Action.PUBLISH if permissions.may(user, Action.PUBLISH, story) else Action.SUBMIT


def _permitted_update(request: HttpRequest, slug: str, update_id: int, allowed) -> Update:
    story = _writable_story(request.user, slug)
    update = desk_update(story, update_id)
    if not allowed(request.user, update):
        raise HttpError(403, _("You may not change this update."))
    return update


@api.patch(
    "/stories/{slug}/updates/{update_id}",
    response={200: WrittenUpdate, 409: Error, 422: FormErrors, **REFUSALS},
    summary="Change an update or its claims",
    **WRITE,
)
def edit_update(request: HttpRequest, payload: UpdatePatch, update_id: int, slug: str = SLUG):
    """As the desk's "Edit": only the fields sent change (see the body's description)."""
    update = _permitted_update(request, slug, update_id, permissions.can_edit)
    if not payload.model_dump(exclude_unset=True):
        return _answer(update, request)  # {}: nothing to change
    action = Action(payload.action)
    if not permissions.may(request.user, action, update.story, update):
        raise HttpError(403, _("You may not do this to this update."))
    before = history.before_revision(update)
    with timezone.override(update.story.tzinfo):
        forms = revision_forms(request.user, update, revision_data(payload, update))
        form, claims = forms["edit_form"], forms["edit_claims"]
        valid = all([form.is_valid(), claims.is_valid()])
        if not valid or (action == Action.RETURN and not form.require_return_note()):
            return _not_valid(form, claims)
        try:
            revise_from_forms(request, _desk_admin(), update, forms, action=action, before=before)
        except services.EditConflict as conflict:
            message = _("The update changed since that version; it is at version %(v)d now.")
            raise HttpError(409, message % {"v": conflict.version}) from None
        except Update.DoesNotExist:
            raise Http404 from None
    return _answer(update, request)


@api.delete(
    "/stories/{slug}/updates/{update_id}",
    response={204: None, **REFUSALS},
    summary="Delete an update",
    **WRITE,
)
def delete_update(request: HttpRequest, update_id: int, slug: str = SLUG):
    update = _permitted_update(request, slug, update_id, permissions.can_delete)
    with transaction.atomic():
        history.record_deletion(request, _desk_admin(), update)
        update.delete()
    return Status(204, None)


@api.post(
    "/stories/{slug}/images",
    response={201: ImageOut, 422: FormErrors, **REFUSALS},
    summary="Upload an image for an update's body",
    **WRITE,
)
def upload_image(request: HttpRequest, image: File[UploadedFile], alt: Form[str], slug: str = SLUG):
    """JPEG, PNG, GIF or WebP up to 5 MB, with its alternative text; the answer's
    ``markdown`` shows it in a body."""
    story = _writable_story(request.user, slug)
    if not permissions.can_post(request.user, story):
        raise HttpError(403, _("You may not do this on this story."))
    form = ImageUploadForm({"alt": alt}, {"image": image})
    if form.is_valid() and (url := form.store()):
        return Status(201, {"url": url, "markdown": form.markdown(url)})
    detail = _("The image was not stored: see the errors.")
    return Status(422, {"detail": detail, "errors": dict(form.errors)})


@api.post(
    "/claims/{claim_id}/status",
    response={200: ClaimOut, **REFUSALS},
    summary="Set a claim's verification status",
    **WRITE,
)
def set_claim_status(request: HttpRequest, claim_id: int, payload: ClaimStatusIn):
    """Recorded in the claim's status history with who changed it; readers see it at
    their next poll."""
    user = request.user
    claim = get_object_or_404(Claim.objects.select_related("update__story"), pk=claim_id)
    story = claim.update.story
    if not (
        permissions.can_open_desk(user, story)
        and user.has_perm("stories.change_claim")
        and permissions.can_edit(user, claim.update)
    ):
        raise HttpError(403, _("You may not change this claim."))
    with transaction.atomic():
        claim.status = payload.status
        if payload.note is not None:
            claim.note = payload.note
        claim.save(changed_by=user)
        fields = [str(Claim._meta.get_field("status").verbose_name)]
        admin.site.get_model_admin(Claim).log_change(
            request, claim, [{"changed": {"fields": fields}}]
        )
    return Status(200, claim_data(Claim.objects.for_display().get(pk=claim.pk), request))
