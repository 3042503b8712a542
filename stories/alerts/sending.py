"""Sending a key event's alert to every subscriber of its story, as background jobs.

``send_alert_batch`` pushes to one batch of subscriptions (in id order) and queues the
next batch before it starts, so a story with many subscribers is worked through by as
many workers as there are. Each push goes through pywebpush on the project's safe-fetch
session. The push service's answer decides what follows:

- 2xx: delivered.
- 404 or 410: the browser's subscription is gone; it is removed.
- 429, 5xx, a timeout or a refused connection: tried again later by ``retry_alert``,
  with back-off, up to ``MAX_ATTEMPTS`` in all; then counted as failed.
- any other 4xx (our request is wrong, not late), or an address the safe-fetch rules
  refuse: counted as failed, not retried.

Every job first checks the alert is still due: the story still live (pushes stop when
coverage ends) and the update still a published key event.
"""

import json
import logging
from collections import Counter
from datetime import timedelta
from enum import Enum

import requests
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from pywebpush import WebPushException, webpush

from stories.alerts import vapid
from stories.models import KeyEventAlert, PushSubscription, Story, Update
from stories.safe_fetch import FetchError, safe_session
from stories.syndication.public_url import absolute_url
from stories.syndication.structured_data import update_headline

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_ATTEMPTS = 4
# Seconds before the retries: 1 minute, 5, then 25.
FIRST_RETRY_SECONDS = 60
# How long a push service keeps trying to reach an offline browser: an alert about
# breaking news is worth little a day later.
TIME_TO_LIVE = 6 * 3600
REQUEST_TIMEOUT = 10
# A push service's answer is a few bytes; more is not read.
ANSWER_MAX_BYTES = 64 * 1024


class Outcome(Enum):
    DELIVERED = "delivered"
    EXPIRED = "expired"
    RETRY = "retry"
    FAILED = "failed"


def payload(update: Update) -> str:
    """What the service worker shows: the headline, the story, the permalink."""
    return json.dumps(
        {
            "title": update_headline(update),
            "body": update.story.title[:120],
            "url": absolute_url(update.get_absolute_url()),
            "tag": update.anchor,
        }
    )


def _alert_if_due(alert_id: int) -> KeyEventAlert | None:
    alert = (
        KeyEventAlert.objects.select_related("update__story")
        .filter(pk=alert_id, update__is_key_event=True, update__story__status=Story.Status.LIVE)
        .first()
    )
    if alert is None or not Update.objects.published().filter(pk=alert.update_id).exists():
        return None
    return alert


def push(subscription: PushSubscription, data: str, session: requests.Session) -> Outcome:
    """One encrypted push to one browser; what became of it."""
    try:
        webpush(
            subscription.as_subscription_info(),
            data,
            vapid_private_key=vapid.signer(),
            vapid_claims=vapid.claims(),
            ttl=TIME_TO_LIVE,
            timeout=REQUEST_TIMEOUT,
            requests_session=session,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        return _outcome_of_refusal(status)
    except FetchError as error:
        logger.info("Push to %s failed: %s", subscription.endpoint[:60], error.reason)
        return Outcome.RETRY if error.retryable else Outcome.FAILED
    except requests.RequestException as error:
        logger.info("Push to %s failed: %s", subscription.endpoint[:60], error)
        return Outcome.RETRY
    return Outcome.DELIVERED


def _outcome_of_refusal(status: int | None) -> Outcome:
    if status in (404, 410):
        return Outcome.EXPIRED
    if status is None or status == 429 or status >= 500:
        return Outcome.RETRY
    return Outcome.FAILED


def _push_all(alert: KeyEventAlert, subscriptions, *, last_try: bool) -> list[int]:
    """Push to each subscription; return the ids to try again."""
    data, outcomes, again = payload(alert.update), Counter(), []
    with safe_session(max_bytes=ANSWER_MAX_BYTES) as session:
        for subscription in subscriptions:
            outcome = push(subscription, data, session)
            if outcome == Outcome.EXPIRED:
                subscription.delete()
            elif outcome == Outcome.RETRY and not last_try:
                again.append(subscription.pk)
                continue
            elif outcome == Outcome.RETRY:
                outcome = Outcome.FAILED
            outcomes[outcome] += 1
    KeyEventAlert.objects.filter(pk=alert.pk).update(
        delivered=F("delivered") + outcomes[Outcome.DELIVERED],
        expired=F("expired") + outcomes[Outcome.EXPIRED],
        failed=F("failed") + outcomes[Outcome.FAILED],
    )
    return again


def _retry_later(alert_id: int, subscription_ids: list[int], attempt: int) -> None:
    delay = FIRST_RETRY_SECONDS * 5 ** (attempt - 2)
    run_after = timezone.now() + timedelta(seconds=delay)
    retry_alert.using(run_after=run_after).enqueue(alert_id, subscription_ids, attempt)


@task()
def send_alert_batch(alert_id: int, after: int = 0) -> None:
    """Push the alert to the story's next batch of subscribers, with ids above ``after``."""
    alert = _alert_if_due(alert_id)
    if alert is None:
        return
    batch = list(
        PushSubscription.objects.filter(story_id=alert.update.story_id, pk__gt=after).order_by(
            "pk"
        )[:BATCH_SIZE]
    )
    if len(batch) == BATCH_SIZE:
        send_alert_batch.enqueue(alert_id, batch[-1].pk)
    again = _push_all(alert, batch, last_try=False)
    if again:
        _retry_later(alert_id, again, 2)


@task()
def retry_alert(alert_id: int, subscription_ids: list[int], attempt: int) -> None:
    """Push again to the subscriptions whose push failed for a passing reason."""
    alert = _alert_if_due(alert_id)
    if alert is None:
        return
    subscriptions = PushSubscription.objects.filter(pk__in=subscription_ids).order_by("pk")
    again = _push_all(alert, subscriptions, last_try=attempt >= MAX_ATTEMPTS)
    if again:
        _retry_later(alert_id, again, attempt + 1)
