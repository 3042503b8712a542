"""What the Telegram desk reads of an update Telegram posts to the webhook.

Only the parts it uses, each checked for its type: a (possibly edited) message from a
person in a chat, its text or a photo's caption, the largest size of a photo, and where
a forwarded post came from. Anything else (a channel post, a poll, a sticker, a callback)
is :data:`IGNORED`; a document that is not a Telegram update raises :class:`BadUpdate`.
"""

from dataclasses import dataclass

MAX_TEXT = 4096  # Telegram's own limit for a message


class BadUpdate(ValueError):
    pass


@dataclass(frozen=True)
class Incoming:
    update_id: int
    user_id: int
    user_name: str
    chat_id: int
    message_id: int
    text: str
    photo_file_id: str = ""
    forwarded_from: str = ""
    edited: bool = False

    @property
    def command(self) -> tuple[str, str]:
        """``("/story", "kyiv-live")`` for a command (a bot's name after @ dropped)."""
        if not self.text.startswith("/") or self.photo_file_id:
            return "", ""
        word, _, rest = self.text.partition(" ")
        return word.split("@", 1)[0].lower(), rest.strip()


IGNORED = None


def _integer(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**63:
        raise BadUpdate(f"{where} is not an id")
    return value


def _text(value, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise BadUpdate(f"{where} is not a text")
    return value.replace("\x00", "")


def _object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise BadUpdate(f"{where} is not an object")
    return value


def _photo(message: dict) -> str:
    """The file id of a photo's largest size, or ""."""
    sizes = message.get("photo")
    if sizes is None:
        return ""
    if not isinstance(sizes, list) or not sizes:
        raise BadUpdate("photo is not a list of sizes")
    sizes = [_object(size, "photo size") for size in sizes]
    largest = max(sizes, key=lambda size: _integer(size.get("file_size", 0), "file_size"))
    file_id = _text(largest.get("file_id"), "file_id")
    if not file_id:
        raise BadUpdate("photo without a file id")
    return file_id


def _origin(message: dict) -> str:
    """Who a forwarded post came from, by name: a channel, a person, a hidden user."""
    origin = message.get("forward_origin")
    if origin is None:
        return ""
    origin = _object(origin, "forward_origin")
    for key in ("chat", "sender_chat"):
        if key in origin:
            return _text(_object(origin[key], key).get("title"), "title") or "a channel"
    if "sender_user" in origin:
        return _name(_object(origin["sender_user"], "sender_user"))
    return _text(origin.get("sender_user_name"), "sender_user_name") or "someone"


def _name(user: dict) -> str:
    first = _text(user.get("first_name"), "first_name")
    last = _text(user.get("last_name"), "last_name")
    return " ".join(part for part in (first, last) if part)[:200]


def read(update) -> Incoming | None:
    """The message in ``update``; None for updates the desk does not handle."""
    update = _object(update, "the update")
    update_id = _integer(update.get("update_id"), "update_id")
    edited = "edited_message" in update
    message = update.get("edited_message" if edited else "message")
    if message is None:
        return IGNORED
    message = _object(message, "message")
    sender, chat = message.get("from"), _object(message.get("chat"), "chat")
    if sender is None:
        return IGNORED  # sent on behalf of a channel or group: no person to link
    sender = _object(sender, "from")
    return Incoming(
        update_id=update_id,
        user_id=_integer(sender.get("id"), "from.id"),
        user_name=_name(sender),
        chat_id=_integer(chat.get("id"), "chat.id"),
        message_id=_integer(message.get("message_id"), "message_id"),
        text=_text(message.get("text") or message.get("caption"), "text").strip(),
        photo_file_id=_photo(message),
        forwarded_from=_origin(message),
        edited=edited,
    )
