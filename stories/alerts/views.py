"""Push alerts' endpoints: the service worker at /sw.js, subscribe and unsubscribe.

Subscribing needs no CSRF token, and has none to have: the page is public and cached,
with no session and no CSRF cookie, and the endpoints read no cookie either, so a forged
request from another site could do only what its author can already do directly. What
could go wrong instead (other sites' scripts, floods, pushes sent to arbitrary
addresses) is refused by ``requests.refusal`` and ``subscriptions``. The answers set no
cookie and are never cached.
"""

from functools import cache

from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from stories import http
from stories.alerts import vapid
from stories.alerts.requests import json_answer, refusal
from stories.alerts.subscriptions import (
    Invalid,
    parse_auth,
    parse_endpoint,
    parse_json,
    parse_subscription,
)
from stories.models import PushSubscription, Story

# A browser looks for a new service worker at most this often (and daily anyway).
WORKER = http.CachePolicy(300)


@cache
def _worker_source() -> bytes:
    with open(finders.find("js/service-worker.js"), "rb") as source:
        return source.read()


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the root so its scope may cover every story page."""
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    return WORKER.apply(response)


def _story(slug: str) -> Story | None:
    return Story.objects.public().filter(slug=slug).first()


@csrf_exempt
@require_POST
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    """Store the posted ``PushSubscription.toJSON()`` for this story's key events."""
    if not vapid.is_configured():
        return json_answer(404, _("This site sends no alerts."))
    refused = refusal(request)
    if refused is not None:
        return refused
    story = _story(slug)
    if story is None:
        return json_answer(404, _("No such story."))
    # The page asking is in the story's language; so are the answers it shows.
    with translation.override(story.language):
        if not story.is_live:
            return json_answer(409, _("Coverage of this story has ended."))
        return _store(request, story)


def _store(request: HttpRequest, story: Story) -> HttpResponse:
    try:
        found = parse_subscription(parse_json(request.body))
    except Invalid as error:
        return json_answer(400, str(error))
    keys = {"p256dh": found.p256dh, "auth": found.auth}
    try:
        with transaction.atomic():
            _subscription, created = PushSubscription.objects.update_or_create(
                story=story, endpoint=found.endpoint, defaults=keys
            )
    except IntegrityError:  # the same browser subscribing twice at once: one row stays
        created = False
    return json_answer(201 if created else 200, _("You will be alerted to key events."))


@csrf_exempt
@require_POST
def unsubscribe(request: HttpRequest, slug: str) -> HttpResponse:
    """Forget this browser's subscription: its address and auth secret must both match."""
    refused = refusal(request)
    if refused is not None:
        return refused
    story = _story(slug)
    if story is None:
        return json_answer(404, _("No such story."))
    with translation.override(story.language):
        return _forget(request, story)


def _forget(request: HttpRequest, story: Story) -> HttpResponse:
    try:
        data = parse_json(request.body)
        keys = data.get("keys")
        endpoint = parse_endpoint(data.get("endpoint"))
        auth = parse_auth(keys.get("auth") if isinstance(keys, dict) else None)
    except Invalid as error:
        return json_answer(400, str(error))
    PushSubscription.objects.filter(story=story, endpoint=endpoint, auth=auth).delete()
    return json_answer(200, _("You will no longer be alerted."))
