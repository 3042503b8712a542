"""What a message to the bot means, and the answer it gets.

``/link <code>`` ties the sender to a newsroom account; from a linked account,
``/stories`` lists the stories it may file to, ``/story <slug>`` chooses one, and any
other message (text, a photo with its caption, a forwarded post) becomes an update of
it: a draft for those who may publish (they publish it from the desk), a submission for
review for contributors. Editing the message in Telegram changes the update. Every
write goes through the desk's forms and saving, as the desk's own pages do.
"""

import logging
import time

from django.contrib import admin
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from stories import permissions
from stories.desk.context import compose_forms
from stories.desk.saving import post_from_forms
from stories.models import Story, TelegramLink
from stories.permissions import Action
from stories.syndication.api.write_forms import compose_data
from stories.syndication.api.write_schemas import UpdateIn
from stories.telegram import filing
from stories.telegram.botapi import send_message
from stories.telegram.filing import desk_link, message_key
from stories.telegram.messages import Incoming

logger = logging.getLogger(__name__)

STORIES_LISTED = 20
# Messages per Telegram account a minute: a reporter sends a few; more is a loop or a
# script guessing link codes. Over it, messages are dropped (logged, not answered).
PER_ACCOUNT_PER_MINUTE = 30


def within_rate(telegram_user_id: int) -> bool:
    """Count this message against its account's minute (in the default cache)."""
    key = f"telegram-messages:{telegram_user_id}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key) <= PER_ACCOUNT_PER_MINUTE
    except ValueError:  # the entry expired between add and incr
        return True


def not_linked_message() -> str:
    return _(
        "This Telegram account is not linked to the newsroom. Ask for a link code in the "
        "admin, then send /link followed by the code."
    )


def handle(request, incoming: Incoming) -> None:
    if not within_rate(incoming.user_id):
        logger.warning("telegram: dropped a message over the rate of account %s", incoming.user_id)
        return
    command, argument = incoming.command
    if command == "/link":
        _link(incoming, argument)
        return
    link = (
        TelegramLink.objects.linked()
        .select_related("user", "story")
        .filter(telegram_user_id=incoming.user_id)
        .first()
    )
    if link is None or not permissions.is_newsroom_member(link.user):
        logger.warning(
            "telegram: refused a message from unlinked account %s (%s)",
            incoming.user_id,
            incoming.user_name,
        )
        send_message(incoming.chat_id, not_linked_message())
        return
    request.user = link.user
    with translation.override(link.story.language if link.story else None):
        _act(request, link, incoming, command, argument)


def _act(request, link: TelegramLink, incoming: Incoming, command: str, argument: str) -> None:
    if command == "/story":
        answer = _choose(link, argument)
    elif command == "/stories":
        answer = _list(link)
    elif command in ("/start", "/help"):
        answer = help_text()
    elif command:
        answer = _("Unknown command %(command)s.") % {"command": command} + " " + help_text()
    elif link.story is None:
        answer = _("Choose a story first: /story followed by its short name. /stories lists them.")
    elif incoming.edited:
        answer = filing.revise(request, link, incoming)
    else:
        answer = _file(request, link, incoming)
    if answer:
        send_message(incoming.chat_id, answer)


def help_text() -> str:
    return _(
        "Commands: /stories lists the stories you can file to, /story followed by a short "
        "name chooses one. Then every message, photo or forwarded post becomes an update "
        "of it, for you to finish at the desk."
    )


def _link(incoming: Incoming, code: str) -> None:
    link = TelegramLink.objects.for_code(code)
    if link is None:
        logger.warning("telegram: a wrong or expired link code from account %s", incoming.user_id)
        send_message(
            incoming.chat_id,
            _("That code is wrong or has expired. Ask for a new one in the admin."),
        )
        return
    link.link(telegram_user_id=incoming.user_id, chat_id=incoming.chat_id, name=incoming.user_name)
    message = _("Linked to %(user)s. Choose a story with /story; /stories lists them.")
    send_message(incoming.chat_id, message % {"user": link.user.get_username()})


def _open_stories(user):
    not_ended = Story.objects.exclude(status=Story.Status.ENDED)
    stories = permissions.stories_open_for_posting(user, not_ended)
    return stories.order_by("-created_at")


def _choose(link: TelegramLink, slug: str) -> str:
    story = _open_stories(link.user).filter(slug=slug).first() if slug else None
    if story is None or not permissions.can_open_desk(link.user, story):
        return _("There is no story you can file to with that name. /stories lists them.")
    link.story = story
    link.save(update_fields=["story"])
    return _("Now filing to “%(title)s”.") % {"title": story.title}


def _list(link: TelegramLink) -> str:
    stories = list(_open_stories(link.user)[:STORIES_LISTED])
    if not stories:
        return _("There is no story you can file to now.")
    return "\n".join(f"/story {story.slug} — {story.title}" for story in stories)


def _file(request, link: TelegramLink, incoming: Incoming) -> str:
    user, story = link.user, link.story
    may_publish = permissions.may(user, Action.PUBLISH, story)
    action = Action.DRAFT if may_publish else Action.SUBMIT
    if not (permissions.can_open_desk(user, story) and permissions.may(user, action, story)):
        return _("You can no longer file to “%(title)s”.") % {"title": story.title}
    body, problem = filing.body(incoming)
    if problem:
        return problem
    payload = UpdateIn(body=body)
    forms = compose_forms(user, story, compose_data(payload, message_key(incoming)))
    form, claims = forms["form"], forms["claims"]
    if not all([form.is_valid(), claims.is_valid()]):
        return filing.refusal(form, claims)
    state = permissions.target_state(action, None)
    model_admin = admin.site.get_model_admin(Story)
    update, created = post_from_forms(request, model_admin, story, form, claims, state)
    return filing.state_message(update, desk_link(request, update)) if created else ""
