"""Calls to Telegram's Bot API, every one through the safe-fetching module.

The address is ``TELEGRAM_API_URL`` (Telegram's own by default; tests run a local
server playing it), the bot is ``TELEGRAM_BOT_TOKEN``. A call that Telegram refuses or
that does not answer raises :class:`BotApiError`.
"""

import json
import logging

from django.conf import settings

from stories import safe_fetch
from stories.images import MAX_BYTES

logger = logging.getLogger(__name__)

TELEGRAM_API = "https://api.telegram.org"
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
# Telegram serves files it stores as octet streams; the image checks decide what they are.
FILE_TYPES = PHOTO_TYPES | {"application/octet-stream"}
# Answers to calls are small JSON documents.
ANSWER_BYTES = 256 * 1024


class BotApiError(Exception):
    pass


def _base() -> str:
    return (settings.TELEGRAM["API_URL"] or TELEGRAM_API).rstrip("/")


def call(method: str, payload: dict) -> dict:
    """The ``result`` of a Bot API method called with ``payload``."""
    url = f"{_base()}/bot{settings.TELEGRAM['BOT_TOKEN']}/{method}"
    try:
        answer = safe_fetch.fetch(
            url,
            method="POST",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            max_bytes=ANSWER_BYTES,
        )
        data = json.loads(answer.body)
    except (safe_fetch.FetchError, ValueError) as error:
        raise BotApiError(f"{method}: {error}") from error
    if not (answer.ok and isinstance(data, dict) and data.get("ok")):
        raise BotApiError(f"{method}: Telegram answered {answer.status}")
    return data.get("result")


def send_message(chat_id: int, text: str) -> None:
    """Say ``text`` in the chat; a failure is logged, never raised (the work is done)."""
    try:
        call(
            "sendMessage",
            {"chat_id": chat_id, "text": text, "link_preview_options": {"is_disabled": True}},
        )
    except BotApiError as error:
        logger.warning("telegram: could not answer in chat %s: %s", chat_id, error)


def download_file(file_id: str) -> bytes:
    """A file sent to the bot, found with getFile and fetched from Telegram's file store."""
    found = call("getFile", {"file_id": file_id})
    path = found.get("file_path") if isinstance(found, dict) else None
    if not isinstance(path, str) or not path or ".." in path or path.startswith("/"):
        raise BotApiError("getFile gave no usable file path")
    url = f"{_base()}/file/bot{settings.TELEGRAM['BOT_TOKEN']}/{path}"
    try:
        answer = safe_fetch.fetch(url, max_bytes=MAX_BYTES, allowed_types=FILE_TYPES)
    except safe_fetch.FetchError as error:
        raise BotApiError(f"file: {error}") from error
    if not answer.ok:
        raise BotApiError(f"file: Telegram answered {answer.status}")
    return answer.body
