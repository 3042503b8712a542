"""The bot's webhook: Telegram posts each update here with the secret token it was given.

Off (404) until ``TELEGRAM_BOT_TOKEN`` and ``TELEGRAM_SECRET`` are set. A request
without the right ``X-Telegram-Bot-Api-Secret-Token`` gets 403, a body that is not a
Telegram update 400 (or 413 when too large), and everything else 200 once handled,
refusals included: Telegram sends again whatever is not answered 2xx, and a refused
message would only be refused again.
"""

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from stories.http import bad_request
from stories.telegram import desk, messages

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few kilobytes; photos come by getFile, not in the update.
MAX_BODY = 64 * 1024


def _plain(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _has_the_secret(request) -> bool:
    given = request.headers.get(SECRET_HEADER, "")
    return hmac.compare_digest(given.encode(), settings.TELEGRAM["SECRET"].encode())


@csrf_exempt
@require_POST
def webhook(request) -> HttpResponse:
    if not (settings.TELEGRAM["SECRET"] and settings.TELEGRAM["BOT_TOKEN"]):
        raise Http404(_("The Telegram desk is not set up."))
    if not _has_the_secret(request):
        return _plain(_("Wrong or missing secret token."), 403)
    if int(request.headers.get("Content-Length") or 0) > MAX_BODY:
        return _plain(_("The update is too large."), 413)
    try:
        incoming = messages.read(json.loads(request.body))
    except (ValueError, RecursionError) as error:
        return bad_request(_("Not a Telegram update: %(reason)s.") % {"reason": error})
    if incoming is not None:
        desk.handle(request, incoming)
    return JsonResponse({"ok": True})
