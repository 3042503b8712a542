"""Subscribing to a story's key events: what the endpoint stores, refuses and answers."""

import json

import pytest

from stories.models import PushSubscription, Story
from tests.support.factories import make_story
from tests.support.push import make_browser

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vapid_keys")]


def subscribe_url(story) -> str:
    return f"/stories/{story.slug}/alerts/subscribe/"


def unsubscribe_url(story) -> str:
    return f"/stories/{story.slug}/alerts/unsubscribe/"


def post_json(client, url, data, **kwargs):
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **kwargs)


def test_subscribing_stores_the_subscription_and_sets_no_cookie(client):
    story, browser = make_story(), make_browser()
    response = post_json(client, subscribe_url(story), browser.subscription_json())
    assert response.status_code == 201
    assert response.cookies == {}
    assert "no-store" in response["Cache-Control"]
    stored = PushSubscription.objects.get()
    assert stored.story == story
    assert stored.as_subscription_info() == {
        "endpoint": browser.endpoint,
        "keys": browser.subscription_json()["keys"],
    }


def test_subscribing_again_replaces_the_keys_and_keeps_one_row(client):
    story, browser = make_story(), make_browser()
    post_json(client, subscribe_url(story), browser.subscription_json())
    renewed = make_browser(browser.endpoint)
    response = post_json(client, subscribe_url(story), renewed.subscription_json())
    assert response.status_code == 200
    assert PushSubscription.objects.get().p256dh == renewed.subscription_json()["keys"]["p256dh"]


def test_story_page_offers_alerts_without_a_cookie_and_stays_cacheable(client):
    story = make_story()
    response = client.get(story.get_absolute_url())
    assert b'id="alerts"' in response.content
    assert b"js/alerts.js" in response.content
    assert response.cookies == {}
    assert "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


def test_ended_and_draft_stories_offer_no_alerts(client):
    ended = make_story(status=Story.Status.ENDED)
    assert b'id="alerts"' not in client.get(ended.get_absolute_url()).content
    draft = make_story(status=Story.Status.DRAFT)
    response = post_json(client, subscribe_url(draft), make_browser().subscription_json())
    assert response.status_code == 404
    response = post_json(client, subscribe_url(ended), make_browser().subscription_json())
    assert response.status_code == 409
    assert not PushSubscription.objects.exists()


def test_without_vapid_keys_the_site_offers_no_alerts(client, settings):
    settings.VAPID_PRIVATE_KEY = ""
    story = make_story()
    assert b'id="alerts"' not in client.get(story.get_absolute_url()).content
    response = post_json(client, subscribe_url(story), make_browser().subscription_json())
    assert response.status_code == 404


def with_keys(**keys) -> dict:
    data = make_browser().subscription_json()
    data["keys"] = {**data["keys"], **keys}
    return data


def with_endpoint(endpoint) -> dict:
    return {**make_browser().subscription_json(), "endpoint": endpoint}


MALFORMED = {
    "not json": b"{not json",
    "not utf-8": b"\xff\xfe{}",
    "a list": [1, 2],
    "a string": '"endpoint"',
    "no keys": {"endpoint": "https://fcm.googleapis.com/fcm/send/abc"},
    "keys not an object": {**make_browser().subscription_json(), "keys": "x"},
    "unknown field": {**make_browser().subscription_json(), "admin": True},
    "no endpoint": {"keys": make_browser().subscription_json()["keys"]},
    "endpoint a number": with_endpoint(12),
    "http endpoint": with_endpoint("http://fcm.googleapis.com/fcm/send/abc"),
    "not a push service": with_endpoint("https://attacker.example/collect"),
    "lookalike host": with_endpoint("https://fcm.googleapis.com.attacker.example/x"),
    "private address": with_endpoint("https://10.0.0.1/push"),
    "credentials": with_endpoint("https://user:pw@fcm.googleapis.com/x"),
    "javascript": with_endpoint("javascript:alert(1)"),
    "huge endpoint": with_endpoint("https://fcm.googleapis.com/" + "a" * 1000),
    "NUL in endpoint": with_endpoint("https://fcm.googleapis.com/\x00"),
    "p256dh not base64": with_keys(p256dh="not base64!!"),
    "p256dh too short": with_keys(p256dh="BAAA"),
    "p256dh off the curve": with_keys(p256dh="BA" + "A" * 85),
    "auth too long": with_keys(auth="A" * 40),
    "auth a number": with_keys(auth=5),
    "auth missing": with_keys(auth=None),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_subscriptions_get_400_and_store_nothing(client, name):
    response = post_json(client, subscribe_url(make_story()), MALFORMED[name])
    assert response.status_code == 400, name
    assert response.json()["detail"]
    assert not PushSubscription.objects.exists()


def test_a_form_post_or_a_huge_body_is_refused_before_it_is_read(client):
    story = make_story()
    form = client.post(subscribe_url(story), {"endpoint": "x"})
    assert form.status_code == 415
    huge = post_json(client, subscribe_url(story), {"endpoint": "x" * 5000})
    assert huge.status_code == 413
    assert client.get(subscribe_url(story)).status_code == 405


def test_requests_from_other_sites_are_refused(client):
    story, data = make_story(), make_browser().subscription_json()
    cross_site = post_json(
        client, subscribe_url(story), data, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross_site.status_code == 403
    other_origin = post_json(
        client, subscribe_url(story), data, headers={"Origin": "https://attacker.example"}
    )
    assert other_origin.status_code == 403
    same = post_json(client, subscribe_url(story), data, headers={"Origin": "http://testserver"})
    assert same.status_code == 201


def test_a_flood_from_one_address_is_answered_429(client):
    story = make_story()
    answers = [
        post_json(client, subscribe_url(story), browser.subscription_json()).status_code
        for browser in [make_browser(f"https://fcm.googleapis.com/fcm/send/{n}") for n in range(31)]
    ]
    assert answers[:30] == [201] * 30
    assert answers[30] == 429
    assert PushSubscription.objects.count() == 30


def test_unsubscribing_needs_the_auth_secret_of_the_subscription(client):
    story, browser = make_story(), make_browser()
    post_json(client, subscribe_url(story), browser.subscription_json())
    guess = {**browser.subscription_json(), "keys": make_browser().subscription_json()["keys"]}
    assert post_json(client, unsubscribe_url(story), guess).status_code == 200
    assert PushSubscription.objects.exists()
    response = post_json(client, unsubscribe_url(story), browser.subscription_json())
    assert response.status_code == 200
    assert response.cookies == {}
    assert not PushSubscription.objects.exists()


def test_unsubscribing_with_a_malformed_body_is_400(client):
    story = make_story()
    for body in (b"[]", {"endpoint": "https://fcm.googleapis.com/x"}, {"keys": []}):
        assert post_json(client, unsubscribe_url(story), body).status_code == 400


def test_service_worker_is_served_from_the_root_as_javascript(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    text = response.content.decode()
    assert 'addEventListener("push"' in text
    assert 'addEventListener("notificationclick"' in text
    assert response.cookies == {}


def test_answers_about_a_story_are_in_its_language(client):
    story = make_story(language="uk")
    response = post_json(client, subscribe_url(story), make_browser().subscription_json())
    assert response.json()["detail"] == "Ви отримуватимете сповіщення про ключові події."
    bad = post_json(client, subscribe_url(story), {"keys": {}})
    assert bad.status_code == 400
    assert bad.json()["detail"] == "У підписці немає чинної адреси служби сповіщень."
