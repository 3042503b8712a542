"""Telling partners of a story's new versions: queued, coalesced, signed, retried.

- ``queue_delivery`` (after each committed version): raises the version of the
  partner's waiting delivery for the story if there is one, otherwise creates one and
  queues ``deliver``. A burst of versions therefore costs one request, and whatever is
  sent is the latest version at the moment of sending.
- ``deliver`` (a background job) takes the waiting delivery (it is then "sending", so
  versions that come meanwhile make a new waiting one), posts
  ``{story, version, changes_url}`` signed (``signing``) through the safe-fetch
  session, and records the answer. A failure is retried with back-off
  (``BACKOFF_SECONDS``) unless a newer delivery already waits; after
  ``DISABLE_AFTER_FAILURES`` failures in a row the endpoint is switched off and the
  editors are told (``notices``).
"""

import json
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from stories.models import PartnerEndpoint, WebhookDelivery
from stories.partners import notices, signing
from stories.safe_fetch import FetchError, safe_session
from stories.syndication.public_url import absolute_url

Status = WebhookDelivery.Status
# Waits before the 2nd, 3rd, … attempt; after the last, the delivery has failed.
BACKOFF_SECONDS = (30, 120, 600, 1800, 3600)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
# Seconds a partner has to answer; failed attempts in a row (across deliveries) before its
# endpoint is switched off and the editors are told.
REQUEST_TIMEOUT = 10
DISABLE_AFTER_FAILURES = 10
# What a partner answers is not read; more than this is not even received.
ANSWER_MAX_BYTES = 64 * 1024


def queue_delivery(endpoint_id: int, story_id: int, version: int) -> None:
    waiting = WebhookDelivery.objects.filter(
        endpoint_id=endpoint_id, story_id=story_id, status=Status.PENDING
    )
    if waiting.update(version=Greatest(F("version"), version)):
        return
    try:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                endpoint_id=endpoint_id, story_id=story_id, version=version
            )
            deliver.enqueue(delivery.pk)
    except IntegrityError:  # another commit's delivery came first: join it
        waiting.update(version=Greatest(F("version"), version))


def _take(delivery_id: int) -> WebhookDelivery | None:
    """Mark the waiting delivery as being sent; None when it is not waiting."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint", "story")
            .filter(pk=delivery_id, status=Status.PENDING)
            .first()
        )
        if delivery is None:
            return None
        if not delivery.endpoint.is_active:
            _finish(delivery, Status.FAILED, error="The endpoint is switched off.")
            return None
        delivery.status, delivery.attempts = Status.SENDING, delivery.attempts + 1
        delivery.save(update_fields=["status", "attempts"])
        return delivery


def body(delivery: WebhookDelivery) -> bytes:
    """``{story, version, changes_url}``: changes since the last version delivered."""
    since = WebhookDelivery.objects.filter(
        endpoint_id=delivery.endpoint_id, story_id=delivery.story_id, status=Status.DELIVERED
    ).aggregate(latest=Max("version"))["latest"]
    path = reverse("api:list_changes", kwargs={"slug": delivery.story.slug})
    data = {
        "story": delivery.story.slug,
        "version": delivery.version,
        "changes_url": absolute_url(f"{path}?since={since or 0}"),
    }
    return json.dumps(data, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Answer:
    status: int | None  # None when the partner never answered
    error: str = ""  # empty when delivered
    retryable: bool = True


def post(delivery: WebhookDelivery) -> Answer:
    """Send it, and say how it went."""
    content = body(delivery)
    headers = {
        "Content-Type": "application/json",
        signing.HEADER: signing.header_value(delivery.endpoint.secret, content),
        "Liveblog-Delivery": str(delivery.pk),
        "Liveblog-Event": "story.version",
    }
    try:
        with safe_session(max_bytes=ANSWER_MAX_BYTES) as session:
            response = session.post(
                delivery.endpoint.url,
                data=content,
                headers=headers,
                timeout=REQUEST_TIMEOUT,
                allow_redirects=False,
            )
    except FetchError as error:
        return Answer(None, error.reason[:500], retryable=error.retryable)
    except requests.RequestException as error:
        return Answer(None, f"{type(error).__name__}: {error}"[:500])
    if 200 <= response.status_code < 300:
        return Answer(response.status_code)
    return Answer(response.status_code, f"Answered {response.status_code}.")


@task()
def deliver(delivery_id: int) -> None:
    delivery = _take(delivery_id)
    if delivery is None:
        return
    answer = post(delivery)
    if not answer.error:
        PartnerEndpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)
        _finish(delivery, Status.DELIVERED, response_status=answer.status)
    else:
        _failed(delivery, answer)


def _finish(delivery: WebhookDelivery, status: str, **fields) -> None:
    for name, value in {"status": status, "finished_at": timezone.now(), **fields}.items():
        setattr(delivery, name, value)
    delivery.next_attempt_at = None
    delivery.save()


def _failed(delivery: WebhookDelivery, answer: Answer) -> None:
    with transaction.atomic():
        endpoint = PartnerEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        endpoint.consecutive_failures += 1
        switched_off = endpoint.is_active and (
            endpoint.consecutive_failures >= DISABLE_AFTER_FAILURES
        )
        endpoint.save(update_fields=["consecutive_failures"])
        if switched_off:
            notices.switch_off(endpoint, answer.error)
        fields = {"response_status": answer.status, "error": answer.error}
        last = delivery.attempts >= MAX_ATTEMPTS or not answer.retryable
        if switched_off or last:
            _finish(delivery, Status.FAILED, **fields)
        else:
            _retry_later(delivery, **fields)


def _retry_later(delivery: WebhookDelivery, **fields) -> None:
    """Wait again, unless a newer delivery already waits: it carries a later version."""
    when = timezone.now() + timedelta(seconds=BACKOFF_SECONDS[delivery.attempts - 1])
    try:
        with transaction.atomic():
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=Status.PENDING, next_attempt_at=when, **fields
            )
    except IntegrityError:
        _finish(delivery, Status.SUPERSEDED, **fields)
        return
    deliver.using(run_after=when).enqueue(delivery.pk)
