"""A message's update: its body (a photo stored as the desk stores uploads, a forwarded
post quoted with where it came from), the answer saying where it went, and an edit made
in Telegram applied to the update it filed."""

import uuid

from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from stories import permissions, services
from stories.desk import history
from stories.desk.context import revision_forms
from stories.desk.forms import ImageUploadForm
from stories.desk.saving import revise_from_forms
from stories.models import Story, TelegramLink, Update
from stories.permissions import Action
from stories.syndication.api.write_forms import errors, revision_data
from stories.syndication.api.write_schemas import UpdatePatch
from stories.syndication.public_url import absolute_url
from stories.telegram import botapi
from stories.telegram.messages import Incoming

ALT_LENGTH = 300


def message_key(incoming: Incoming) -> uuid.UUID:
    """The idempotency key of the update a message files: the same for its edits."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"telegram:{incoming.chat_id}:{incoming.message_id}")


def desk_link(request, update) -> str:
    path = reverse("admin:stories_story_desk_edit", args=[update.story_id, update.pk])
    return absolute_url(path, request)


def _quoted(incoming: Incoming) -> str:
    if not incoming.forwarded_from:
        return incoming.text
    lines = "\n".join(f"> {line}" for line in incoming.text.splitlines())
    intro = _("Forwarded from %(origin)s:") % {"origin": incoming.forwarded_from}
    return f"{intro}\n\n{lines}"


def _photo_markdown(incoming: Incoming) -> tuple[str, str]:
    """The Markdown of the message's photo, stored; or "" and why it could not be."""
    try:
        content = botapi.download_file(incoming.photo_file_id)
    except botapi.BotApiError:
        failed = _(
            "The photo could not be fetched from Telegram; nothing was filed. Send it again."
        )
        return "", failed
    alt = incoming.text.splitlines()[0][:ALT_LENGTH] if incoming.text else ""
    alt = alt or _("Photo sent by %(name)s") % {"name": incoming.user_name or _("a reporter")}
    upload = SimpleUploadedFile("telegram-photo", content)
    form = ImageUploadForm({"alt": alt}, {"image": upload})
    url = form.store() if form.is_valid() else ""
    if not url:
        return "", _("The photo was refused: %(reason)s Nothing was filed.") % {
            "reason": " ".join(message for messages in form.errors.values() for message in messages)
        }
    return form.markdown(url), ""


def body(incoming: Incoming) -> tuple[str, str]:
    """The update's Markdown body, or "" and what to tell the reporter."""
    text = _quoted(incoming)
    if not incoming.photo_file_id:
        return (text, "") if text else ("", _("Send a text, a photo or a forwarded post."))
    image, problem = _photo_markdown(incoming)
    if problem:
        return "", problem
    return (f"{image}\n\n{text}" if text else image), ""


def refusal(form, claims) -> str:
    found = errors(form, claims)
    details = " ".join(message for messages in found.values() for message in messages)
    return _("Not filed: %(details)s") % {"details": details}


def state_message(update: Update, link: str) -> str:
    title = update.story.title
    if update.state == Update.State.SUBMITTED:
        text = _("Submitted for review in “%(title)s”; an editor will look at it: %(link)s")
    elif update.state == Update.State.DRAFT:
        text = _("Saved as a draft in “%(title)s”; publish it from the desk: %(link)s")
    else:
        text = _("Published in “%(title)s”: %(link)s")
    return text % {"title": title, "link": link}


def _edited_body(update: Update, incoming: Incoming) -> str:
    """The new text, under the photo the update already shows (Telegram sends it once)."""
    text = _quoted(incoming)
    if incoming.photo_file_id and update.body.startswith("!["):
        image = update.body.split("\n\n", 1)[0]
        return f"{image}\n\n{text}" if text else image
    return text


def revise(request, link: TelegramLink, incoming: Incoming) -> str:
    """Apply a message edited in Telegram to the update it filed, keeping its state."""
    update = Update.objects.for_display().filter(idempotency_key=message_key(incoming)).first()
    if update is None:
        return _("That message was not filed, so there is nothing to change.")
    if not permissions.may(link.user, Action.SAVE, update.story, update):
        return _("You can no longer change that update.")
    new_body = _edited_body(update, incoming)
    if not new_body:
        return _("Send a text, a photo or a forwarded post.")
    before = history.before_revision(update)
    forms = revision_forms(link.user, update, revision_data(UpdatePatch(body=new_body), update))
    if not all([forms["edit_form"].is_valid(), forms["edit_claims"].is_valid()]):
        return refusal(forms["edit_form"], forms["edit_claims"])
    model_admin = admin.site.get_model_admin(Story)
    try:
        revise_from_forms(request, model_admin, update, forms, action=Action.SAVE, before=before)
    except (services.EditConflict, Update.DoesNotExist):
        return _("The update changed at the desk meanwhile; edit it there.")
    return _("Changed. %(state)s") % {"state": state_message(update, desk_link(request, update))}
