"""The Telegram side of the Telegram desk's tests: updates shaped as Telegram sends them,
and a local server playing the Bot API (getFile, the file store, sendMessage).

The shapes follow Telegram's Bot API documentation (Update, Message, PhotoSize,
MessageOrigin), with the fields a real client sends, including the ones the desk
ignores: text, a photo with its caption, a forwarded channel post, an edited message
and an unknown command.
"""

import io
import json
from itertools import count

import pytest
from PIL import Image

from tests.support.local_sites import LocalSite, Page

BOT_TOKEN = "7000001:AAE-test-token-not-real"
SECRET = "webhook-secret-0123456789"
WEBHOOK = "/telegram/webhook/"
_ids = count(1000)


def person(user_id: int = 424242, first_name: str = "Olena", last_name: str = "Koval") -> dict:
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "last_name": last_name,
        "username": "olena_k",
        "language_code": "uk",
    }


def _message(sender: dict, **fields) -> dict:
    return {
        "message_id": next(_ids),
        "from": sender,
        "chat": {"id": sender["id"], "first_name": sender["first_name"], "type": "private"},
        "date": 1764115200,
        **fields,
    }


def text_update(text: str, sender: dict | None = None, **fields) -> dict:
    message = _message(sender or person(), text=text, **fields)
    if text.startswith("/"):
        command = text.split(" ", 1)[0]
        message["entities"] = [{"offset": 0, "length": len(command), "type": "bot_command"}]
    return {"update_id": next(_ids), "message": message}


def photo_update(caption: str = "", sender: dict | None = None) -> dict:
    sizes = [
        {
            "file_id": "small-id",
            "file_unique_id": "s1",
            "file_size": 1200,
            "width": 90,
            "height": 60,
        },
        {
            "file_id": "large-id",
            "file_unique_id": "l1",
            "file_size": 52000,
            "width": 1280,
            "height": 853,
        },
    ]
    fields = {"photo": sizes, **({"caption": caption} if caption else {})}
    return {"update_id": next(_ids), "message": _message(sender or person(), **fields)}


def forwarded_update(text: str, channel: str = "Kharkiv Regional Administration") -> dict:
    origin = {
        "type": "channel",
        "chat": {"id": -1001234567890, "title": channel, "type": "channel"},
        "message_id": 5511,
        "date": 1764111600,
    }
    message = _message(person(), text=text, forward_origin=origin, forward_date=1764111600)
    return {"update_id": next(_ids), "message": message}


def edited(update: dict, text: str) -> dict:
    """The same message, edited in Telegram: a photo's caption, or the text."""
    message = {**update["message"], "edit_date": 1764115500}
    message["caption" if "photo" in message else "text"] = text
    return {"update_id": next(_ids), "edited_message": message}


def jpeg() -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (32, 24), "navy").save(data, format="JPEG")
    return data.getvalue()


class BotApi:
    """The local Bot API: what it answers and what the server asked of it."""

    def __init__(self, site: LocalSite):
        self.site = site
        ok = {"ok": True, "result": {"message_id": 1}}
        self.set("sendMessage", ok)
        self.set(
            "getFile",
            {"ok": True, "result": {"file_id": "large-id", "file_path": "photos/file_7.jpg"}},
        )
        site.pages[f"/file/bot{BOT_TOKEN}/photos/file_7.jpg"] = Page(
            jpeg(), content_type="image/jpeg"
        )

    def set(self, method: str, answer: dict, status: int = 200) -> None:
        page = Page(json.dumps(answer), status=status, content_type="application/json")
        self.site.pages[f"/bot{BOT_TOKEN}/{method}"] = page

    def sent(self) -> list[dict]:
        """The messages the bot was asked to send, in order."""
        path = f"/bot{BOT_TOKEN}/sendMessage"
        return [json.loads(seen.body) for seen in self.site.requests if seen.path == path]

    def asked(self, method: str) -> int:
        return sum(1 for seen in self.site.requests if seen.path == f"/bot{BOT_TOKEN}/{method}")


@pytest.fixture
def bot_api(local_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TELEGRAM = {"BOT_TOKEN": BOT_TOKEN, "SECRET": SECRET, "API_URL": local_site.url("")}
    return BotApi(local_site)


def deliver(client, update, secret: str = SECRET):
    """Post ``update`` to the webhook as Telegram does."""
    body = update if isinstance(update, str | bytes) else json.dumps(update)
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post(WEBHOOK, body, content_type="application/json", headers=headers)
