"""Partners' webhooks against local receivers that accept, fail, time out, and verify."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from stories.models import PartnerEndpoint, Story, WebhookDelivery
from stories.partners import deliveries, signing
from tests.support.factories import make_story, make_update, make_user
from tests.support.later import bring_forward, waiting_until
from tests.support.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


@pytest.fixture
def story():
    return make_story(title="Floods in the valley", slug="floods")


@pytest.fixture
def endpoint(receiver, story):
    found = PartnerEndpoint.objects.create(name="Partner app", url=f"{receiver.url}/hooks/news")
    found.stories.add(story)
    return found


def post_update(capture, story, **kwargs):
    with capture(execute=True):
        return make_update(story, **kwargs)


def sent(receiver) -> list[dict]:
    return [json.loads(request.body) for request in receiver.requests]


def test_a_new_version_is_posted_signed_with_the_endpoints_secret(
    story, endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PUBLIC_URL": "https://live.news.example"}
    post_update(django_capture_on_commit_callbacks, story)
    run_queued_tasks()
    story.refresh_from_db()
    [request] = receiver.requests
    assert request.path == "/hooks/news"
    assert json.loads(request.body) == {
        "story": "floods",
        "version": story.version,
        "changes_url": "https://live.news.example/api/stories/floods/changes?since=0",
    }
    header = request.headers[signing.HEADER.lower()]
    assert signing.verify(endpoint.secret, header, request.body)
    assert not signing.verify(endpoint.secret, header, request.body.replace(b"floods", b"flood"))
    assert not signing.verify("another secret" * 3, header, request.body)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_status, delivery.attempts) == (
        Status.DELIVERED,
        201,
        1,
    )


def test_a_delivery_played_again_later_fails_the_check():
    body = b'{"story":"floods","version":3}'
    header = signing.header_value("s" * 40, body, now=1_000_000)
    assert signing.verify("s" * 40, header, body, now=1_000_000 + 60)
    assert not signing.verify("s" * 40, header, body, now=1_000_000 + 3600)
    assert not signing.verify("s" * 40, "t=abc,v1=00", body)
    assert not signing.verify("s" * 40, "nonsense", body)


def test_a_burst_of_versions_is_one_post_of_the_latest(
    story, endpoint, receiver, django_capture_on_commit_callbacks
):
    for n in range(6):
        post_update(django_capture_on_commit_callbacks, story, body=f"Update {n}")
    run_queued_tasks()
    story.refresh_from_db()
    assert [data["version"] for data in sent(receiver)] == [story.version]


def test_versions_arriving_while_one_is_sent_are_delivered_after_it(
    story, endpoint, receiver, django_capture_on_commit_callbacks
):
    post_update(django_capture_on_commit_callbacks, story)
    taken = deliveries._take(WebhookDelivery.objects.get().pk)
    post_update(django_capture_on_commit_callbacks, story)
    assert WebhookDelivery.objects.filter(status=Status.PENDING).count() == 1
    deliveries.post(taken)
    run_queued_tasks()
    story.refresh_from_db()
    assert sent(receiver)[-1]["version"] == story.version
    assert sent(receiver)[-1]["changes_url"].endswith("?since=0")  # first was not recorded


def test_the_next_notice_asks_for_the_changes_since_the_last_one_delivered(
    story, endpoint, receiver, django_capture_on_commit_callbacks
):
    post_update(django_capture_on_commit_callbacks, story)
    run_queued_tasks()
    first = sent(receiver)[0]["version"]
    post_update(django_capture_on_commit_callbacks, story)
    run_queued_tasks()
    assert sent(receiver)[1]["changes_url"].endswith(f"?since={first}")


def test_a_failure_is_retried_after_a_back_off_with_the_latest_version(
    story, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.answer_with(500, 503, 200)
    post_update(django_capture_on_commit_callbacks, story)
    run_queued_tasks()
    [first_retry] = waiting_until()
    assert first_retry > timezone.now() + timedelta(seconds=25)
    post_update(django_capture_on_commit_callbacks, story)  # during the back-off
    bring_forward()
    run_queued_tasks()
    [second_retry] = waiting_until()
    assert second_retry > timezone.now() + timedelta(seconds=100)
    bring_forward()
    run_queued_tasks()
    story.refresh_from_db()
    assert [data["version"] for data in sent(receiver)][-1] == story.version
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.DELIVERED, 3)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_a_receiver_that_does_not_answer_in_time_is_a_failure_to_retry(
    story, endpoint, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(deliveries, "REQUEST_TIMEOUT", 0.2)
    receiver.answer_with(200, delay=1.0)
    post_update(django_capture_on_commit_callbacks, story)
    run_queued_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING
    assert delivery.response_status is None
    assert "in time" in delivery.error
    assert len(waiting_until()) == 1


def test_an_endpoint_failing_again_and_again_is_switched_off_and_editors_are_told(
    story, endpoint, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(deliveries, "DISABLE_AFTER_FAILURES", 3)
    make_user(role="Editor", email="desk@news.example")
    make_user(role="Journalist", email="reporter@news.example")
    receiver.answer_with(500)
    post_update(django_capture_on_commit_callbacks, story)
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            run_queued_tasks()
        bring_forward()
    assert len(receiver.requests) == 3
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "3 failed deliveries" in endpoint.disabled_reason
    [message] = mail.outbox
    assert message.to == ["desk@news.example"]
    assert "Partner app" in message.subject
    assert WebhookDelivery.objects.get().status == Status.FAILED
    post_update(django_capture_on_commit_callbacks, story)
    run_queued_tasks()
    assert len(receiver.requests) == 3  # nothing more is sent to it


def test_an_address_the_safe_fetch_rules_refuse_fails_without_retrying(
    story, endpoint, receiver, django_capture_on_commit_callbacks
):
    PartnerEndpoint.objects.filter(pk=endpoint.pk).update(url="http://127.0.0.2:9/hook")
    post_update(django_capture_on_commit_callbacks, story)
    run_queued_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.FAILED
    assert delivery.error
    assert waiting_until() == []


def test_drafts_and_stories_the_partner_does_not_follow_send_nothing(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    draft = make_story(status=Story.Status.DRAFT)
    endpoint.stories.add(draft)
    post_update(django_capture_on_commit_callbacks, draft)
    post_update(django_capture_on_commit_callbacks, make_story())
    run_queued_tasks()
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()
