"""Key-event alerts pushed to a local stand-in for the push service, and read back.

The server encrypts each push for the browser (RFC 8291, aes128gcm) and signs it with
its VAPID key; the test holds the browser's private key and auth secret, so it decrypts
what the stand-in received to the payload the service worker shows.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from stories.alerts import sending
from stories.live import state
from stories.models import KeyEventAlert, PushSubscription, Story
from stories.update_state import UpdateState
from tests.support.factories import make_story, make_update
from tests.support.later import bring_forward, waiting_until
from tests.support.push import make_browser
from tests.support.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def subscribe(story, receiver, name="a"):
    browser = make_browser(f"{receiver.url}/push/{name}")
    data = browser.subscription_json()
    PushSubscription.objects.create(
        story=story,
        endpoint=browser.endpoint,
        p256dh=data["keys"]["p256dh"],
        auth=data["keys"]["auth"],
    )
    return browser


@pytest.fixture
def story(vapid_keys):
    return make_story(title="Storm over the coast")


def publish(capture, story, **kwargs):
    with capture(execute=True):
        return make_update(story, **kwargs)


def test_a_new_key_event_reaches_every_subscriber_encrypted_for_each(
    story, receiver, vapid_keys, django_capture_on_commit_callbacks
):
    browsers = [subscribe(story, receiver, name) for name in ("a", "b")]
    update = publish(
        django_capture_on_commit_callbacks, story, headline="Dam breached", is_key_event=True
    )
    run_queued_tasks()
    assert sorted(r.path for r in receiver.requests) == ["/push/a", "/push/b"]
    for browser in browsers:
        received = next(r for r in receiver.requests if browser.endpoint.endswith(r.path))
        assert received.headers["content-encoding"] == "aes128gcm"
        assert received.headers["authorization"].endswith(f"k={vapid_keys[1]}")
        payload = json.loads(browser.decrypt(received.body))
        assert payload == {
            "title": "Dam breached",
            "body": "Storm over the coast",
            "url": f"/stories/{story.slug}/updates/{update.pk}/",
            "tag": f"update-{update.pk}",
        }
    assert KeyEventAlert.objects.get(update=update).delivered == 2


def test_marking_a_published_update_alerts_once_and_later_edits_do_not_repeat_it(
    story, receiver, django_capture_on_commit_callbacks
):
    subscribe(story, receiver)
    update = publish(django_capture_on_commit_callbacks, story, body="Water rising")
    run_queued_tasks()
    assert receiver.requests == []
    for change in ({"is_key_event": True}, {"body": "Water rising fast"}):
        with django_capture_on_commit_callbacks(execute=True):
            for name, value in change.items():
                setattr(update, name, value)
            update.save()
        run_queued_tasks()
    assert len(receiver.requests) == 1


def test_a_scheduled_key_event_alerts_when_it_is_released(
    story, receiver, django_capture_on_commit_callbacks
):
    subscribe(story, receiver)
    later = timezone.now() + timedelta(minutes=5)
    publish(django_capture_on_commit_callbacks, story, is_key_event=True, published_at=later)
    run_queued_tasks()
    assert receiver.requests == []
    # Five minutes on: the first request then releases it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later + timedelta(seconds=1))
        with django_capture_on_commit_callbacks(execute=True):
            state.release_due(story.pk)
        run_queued_tasks()
    assert len(receiver.requests) == 1


def test_a_submitted_key_event_alerts_when_an_editor_publishes_it(
    story, receiver, django_capture_on_commit_callbacks
):
    subscribe(story, receiver)
    update = publish(
        django_capture_on_commit_callbacks,
        story,
        is_key_event=True,
        state=UpdateState.SUBMITTED,
    )
    run_queued_tasks()
    assert receiver.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        update.state = UpdateState.PUBLISHED
        update.save()
    run_queued_tasks()
    assert len(receiver.requests) == 1


def test_draft_stories_and_plain_updates_alert_no_one(
    story, receiver, django_capture_on_commit_callbacks
):
    draft = make_story(status=Story.Status.DRAFT)
    subscribe(story, receiver, "live")
    subscribe(draft, receiver, "draft")
    publish(django_capture_on_commit_callbacks, story)
    publish(django_capture_on_commit_callbacks, draft, is_key_event=True)
    run_queued_tasks()
    assert receiver.requests == []
    assert not KeyEventAlert.objects.exists()


@pytest.mark.parametrize("status", [404, 410])
def test_subscriptions_the_push_service_says_are_gone_are_removed(
    story, receiver, status, django_capture_on_commit_callbacks
):
    subscribe(story, receiver)
    receiver.answer_with(status)
    update = publish(django_capture_on_commit_callbacks, story, is_key_event=True)
    run_queued_tasks()
    assert len(receiver.requests) == 1
    assert not PushSubscription.objects.exists()
    assert KeyEventAlert.objects.get(update=update).expired == 1


def test_passing_failures_are_retried_later_until_delivered(
    story, receiver, django_capture_on_commit_callbacks
):
    subscribe(story, receiver)
    receiver.answer_with(503, 429, 201)
    update = publish(django_capture_on_commit_callbacks, story, is_key_event=True)
    run_queued_tasks()
    first_wait = waiting_until()
    assert len(first_wait) == 1 and first_wait[0] > timezone.now() + timedelta(seconds=50)
    bring_forward()
    run_queued_tasks()
    second_wait = waiting_until()
    assert second_wait[0] - timezone.now() > first_wait[0] - timezone.now()  # backing off
    bring_forward()
    run_queued_tasks()
    assert len(receiver.requests) == 3
    assert waiting_until() == []
    alert = KeyEventAlert.objects.get(update=update)
    assert (alert.delivered, alert.failed) == (1, 0)
    assert PushSubscription.objects.exists()


def test_a_push_that_keeps_failing_is_given_up_after_the_last_attempt(
    story, receiver, django_capture_on_commit_callbacks
):
    subscribe(story, receiver)
    receiver.answer_with(500)
    update = publish(django_capture_on_commit_callbacks, story, is_key_event=True)
    for _ in range(sending.MAX_ATTEMPTS + 2):
        run_queued_tasks()
        bring_forward()
    assert len(receiver.requests) == sending.MAX_ATTEMPTS
    assert KeyEventAlert.objects.get(update=update).failed == 1


def test_no_push_goes_out_once_the_story_has_ended(
    story, receiver, django_capture_on_commit_callbacks
):
    subscribe(story, receiver)
    publish(django_capture_on_commit_callbacks, story, is_key_event=True)
    story.status = Story.Status.ENDED
    story.save()
    run_queued_tasks()
    assert receiver.requests == []


def test_many_subscribers_are_pushed_to_in_batches(
    story, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(sending, "BATCH_SIZE", 2)
    for n in range(5):
        subscribe(story, receiver, str(n))
    publish(django_capture_on_commit_callbacks, story, is_key_event=True)
    ran = run_queued_tasks()
    assert ran == 3  # batches of 2, 2 and 1
    assert sorted(r.path for r in receiver.requests) == [f"/push/{n}" for n in range(5)]
