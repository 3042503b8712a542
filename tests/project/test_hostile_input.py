"""Hostile input on the public URLs: odd paths, parameters, methods and bodies get a 4xx.

Property tests (Hypothesis) put generated and known-bad values into every path and query
parameter of every reader URL. Whatever comes in, the answer is never a server error,
and a refusal is a short 4xx message.
"""

import json

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stories.models import PushSubscription
from tests.support.desk_helpers import compose_data, edit_data
from tests.support.factories import make_claim, make_story, make_update, make_user
from tests.support.hostile import answer, assert_clean_refusal, for_hostile_values, quoted, url_text
from tests.support.push import make_browser

PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def published():
    story = make_story(slug="front-line")
    update = make_update(story)
    claim = make_claim(update)
    return {"story": story, "update": update, "source": claim.source, "thread": claim.thread}


def public_urls(published, value: str) -> list[str]:
    """Every reader URL with ``value`` put in each of its parameters in turn."""
    v = quoted(value)
    story, update, source = published["story"], published["update"], published["source"]
    return [
        f"/stories/{v}/",
        f"/stories/{v}/poll/?since=0",
        f"/stories/{v}/updates/{update.pk}/",
        f"/stories/{story.slug}/updates/{v}/",
        f"/sources/{v}/",
        f"/?page={v}",
        f"/stories/{story.slug}/?before={v}",
        f"/stories/{story.slug}/poll/?since={v}",
        f"/sources/{source.slug}/?before={v}",
        f"/stories/{story.slug}/?{v}={v}",
        f"/stories/{v}/sources/",
        f"/stories/{story.slug}/sources/?at={v}",
        f"/claims/{v}/",
        f"/claims/{published['thread'].pk}/?at={v}",
        f"/stories/{story.slug}/?source={v}",
        f"/stories/{story.slug}/poll/?since=0&source={v}",
        f"/stories/{story.slug}/?tag={v}",
        f"/stories/{story.slug}/?tag=shelling&key={v}&order={v}",
        f"/stories/{story.slug}/?order=oldest&before={v}",
        f"/stories/{story.slug}/poll/?since=0&tag={v}&key={v}",
        f"/sources/?{v}={v}",
        f"/stories/{v}/embed/",
        f"/stories/{v}/feed/",
        f"/stories/{v}/rss/",
        f"/stories/{story.slug}/embed/?{v}={v}",
        f"/feed/?{v}={v}",
        f"/sitemap.xml?p={v}",
        f"/api/stories?page={v}",
        f"/api/stories/{v}",
        f"/api/stories/{v}/updates",
        f"/api/stories/{story.slug}/updates?before={v}",
        f"/api/stories/{story.slug}/updates?limit={v}",
        f"/api/stories/{story.slug}/changes?since={v}",
        f"/api/{v}",
        f"/{v}",
        f"/healthz?{v}",
        f"/sw.js?{v}={v}",
    ]


@pytest.mark.django_db
def test_every_public_url_answers_generated_parameters_without_a_server_error(client, published):
    @for_hostile_values()
    def check(value):
        for url in public_urls(published, value):
            assert_clean_refusal(answer(client, "get", url), url)
            assert_clean_refusal(answer(client, "get", url, headers={"HX-Request": "true"}), url)

    check()


MALFORMED_POSITIONS = [
    "",
    "abc",
    "-1",
    "1e5",
    "9" * 40,
    "²",
    "٣",
    "\x00",
    "1\x00",
    "-99999999999999999-1",
    "1-99999999999999999999",
    "x" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]


@pytest.mark.parametrize("value", MALFORMED_POSITIONS)
@pytest.mark.django_db
def test_cursors_and_positions_that_are_malformed_get_400_with_a_message(client, published, value):
    story, source = published["story"], published["source"]
    for url in (
        f"/stories/{story.slug}/poll/?since={quoted(value)}",
        f"/stories/{story.slug}/?before={quoted(value)}",
        f"/sources/{source.slug}/?before={quoted(value)}",
        # An empty ?at= is "now", not a malformed moment.
        *(f"/stories/{story.slug}/sources/?at={quoted(value)}" for _ in [value] if value),
        *(f"/claims/{published['thread'].pk}/?at={quoted(value)}" for _ in [value] if value),
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response["Content-Type"].startswith("text/plain")
        assert 10 < len(response.content) < 200


@pytest.mark.django_db
def test_unknown_story_update_and_source_are_404(client, published):
    story = published["story"]
    for url in (
        "/stories/nothing-here/",
        "/stories/nothing-here/poll/?since=0",
        f"/stories/{story.slug}/updates/{10**18}/",
        f"/stories/{story.slug}/updates/{'9' * 40}/",
        "/sources/nothing-here/",
        f"/claims/{10**18}/",
        f"/claims/{'9' * 40}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        # The site's own short "not found" page, never a debug page or a traceback.
        assert b"Page not found" in response.content, url
        assert len(response.content) < 4000, url


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.django_db
def test_writing_methods_on_reader_urls_are_405(client, published, method):
    slug = published["story"].slug
    for url in public_urls(published, "0")[:3] + [
        "/",
        "/sources/",
        "/healthz",
        "/feed/",
        "/sitemap.xml",
        f"/stories/{slug}/embed/",
        f"/stories/{slug}/feed/",
        "/api/stories",
        f"/api/stories/{slug}/changes?since=0",
    ]:
        response = getattr(client, method)(url, data="x=1", content_type="text/plain")
        assert response.status_code == 405, url
        assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_reader_urls_ignore_odd_request_bodies_and_content_types(client, published):
    @PROPERTY
    @given(
        content_type=st.sampled_from(
            [
                "application/json",
                "multipart/form-data; boundary=",
                "multipart/form-data",
                "application/x-www-form-urlencoded",
                "text/xml",
                "\x00/\x00",
            ]
        ),
        body=st.binary(max_size=2000),
    )
    def check(content_type, body):
        url = published["story"].get_absolute_url()
        for method, where in (("GET", url), ("POST", "/admin/login/")):
            response = answer(client, "generic", method, where, body, content_type=content_type)
            assert_clean_refusal(response, where)

    check()


@pytest.mark.django_db
def test_admin_login_form_answers_hostile_fields_without_a_server_error(client):
    # Each try hashes a password on purpose (slow), hence fewer examples.
    @settings(PROPERTY, max_examples=50)
    @example(username="x" * 5000, password="guess")
    @example(username="editor\x00", password="\x00")
    @given(username=url_text(), password=url_text())
    def check(username, password):
        response = answer(
            client,
            "post",
            "/admin/login/",
            {"username": username, "password": password},
            REMOTE_ADDR="198.51.100.1",
        )
        assert_clean_refusal(response, "admin login")

    check()


def admin_urls(published, value: str) -> list[str]:
    """The editor's admin pages with ``value`` in each path and query parameter."""
    v = quoted(value)
    update = published["update"]
    urls = []
    for model in ("story", "update", "claim", "source"):
        urls += [
            f"/admin/stories/{model}/?q={v}",
            f"/admin/stories/{model}/?o={v}",
            f"/admin/stories/{model}/?p={v}",
            f"/admin/stories/{model}/?{v}={v}",
            f"/admin/stories/{model}/{v}/change/",
            f"/admin/stories/{model}/{v}/delete/",
            f"/admin/stories/{model}/{v}/history/",
        ]
    return urls + [
        f"/admin/stories/update/?story__id__exact={v}",
        f"/admin/stories/update/?published_at__gte={v}",
        f"/admin/stories/update/{update.pk}/change/?_changelist_filters={v}",
        f"/admin/autocomplete/?term={v}&app_label=stories&model_name=update&field_name=story",
        f"/admin/autocomplete/?term=a&app_label={v}&model_name={v}&field_name={v}",
    ]


@pytest.mark.django_db
def test_admin_pages_answer_generated_parameters_without_a_server_error(client, published):
    client.force_login(make_user(role="Editor"))

    @for_hostile_values(max_examples=40)
    def check(value):
        for url in admin_urls(published, value):
            assert_clean_refusal(answer(client, "get", url), url)

    check()


def admin_form_posts(published, value: str) -> dict[str, dict]:
    """Every admin add form an editor fills, with ``value`` in each of its fields."""
    story, source = published["story"], published["source"]
    no_inlines = {"claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0"}
    return {
        "/admin/stories/story/add/": {
            "title": value,
            "slug": value,
            "summary": value,
            "status": value,
            "time_zone": value,
            "poll_interval": value,
        },
        "/admin/stories/update/add/": {
            "story": value,
            "headline": value,
            "body": value,
            "correction_note": value,
            "published_at_0": value,
            "published_at_1": value,
            "is_key_event": value,
            **no_inlines,
        },
        "/admin/stories/update/add/?story=1": {
            "story": story.pk,
            "body": value,
            "published_at_0": "2024-01-01",
            "published_at_1": "10:00",
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "0",
            "claims-0-source": source.pk,
            "claims-0-text": value,
            "claims-0-note": value,
            "claims-0-source_url": value,
            "claims-0-status": value,
            "claims-0-attribution": value,
            "claims-0-stated_at_0": value,
            "claims-0-responds_to": value,
        },
        "/admin/stories/source/add/": {
            "name": value,
            "slug": value,
            "kind": value,
            "url": value,
            "description": value,
        },
        "/admin/stories/partnerendpoint/add/": {
            "name": value,
            "url": value,
            "secret": value,
            "stories": value,
            "is_active": value,
        },
        "/admin/stories/claim/add/": {
            "update": value,
            "source": value,
            "text": value,
            "status": value,
            "attribution": value,
            "source_url": value,
            "position": value,
            "status_changes-TOTAL_FORMS": value,
            "status_changes-INITIAL_FORMS": "0",
        },
    }


@pytest.mark.django_db
def test_admin_forms_answer_hostile_fields_with_a_form_error_not_a_server_error(client, published):
    client.force_login(make_user(role="Editor"))

    @for_hostile_values(max_examples=40)
    def check(value):
        for url, data in admin_form_posts(published, value).items():
            assert_clean_refusal(answer(client, "post", url, data), url)

    check()


def desk_urls(published, value: str) -> list[tuple[str, str]]:
    """The desk's endpoints with ``value`` in each path and query parameter."""
    v = quoted(value)
    desk = f"/admin/stories/story/{published['story'].pk}/desk"
    update = published["update"].pk
    return [
        ("get", f"/admin/stories/story/{v}/desk/"),
        ("get", f"{desk}/updates/?since={v}"),
        ("get", f"{desk}/updates/{v}/edit/"),
        ("get", f"{desk}/updates/{v}/delete/"),
        ("get", f"{desk}/sources/?claims-0-source_name={v}"),
        ("get", f"{desk}/sources/?{v}={v}"),
        ("get", f"{desk}/threads/?claims-0-text={v}"),
        ("get", f"{desk}/threads/?{v}={v}"),
        ("post", f"{desk}/threads/merge/?{v}={v}"),
        ("post", f"{desk}/claims/{v}/split/"),
        ("post", f"{desk}/preview/?form={v}"),
        ("get", f"{desk}/preview/cards/{v}/"),
        ("post", f"{desk}/images/?form={v}"),
        ("get", f"{desk}/updates/{update}/edit/?{v}={v}"),
    ]


def desk_form_posts(published, value: str) -> dict[str, dict]:
    """The desk's forms with ``value`` in each field, the claim rows included."""
    update = published["update"]
    desk = f"/admin/stories/story/{published['story'].pk}/desk"
    claim = {
        "source_name": value,
        "new_source_kind": value,
        "text": value,
        "attribution": value,
        "status": value,
        "note": value,
        "source_url": value,
        "stated_at": value,
        "id": value,
    }
    compose = compose_data(
        headline=value,
        body=value,
        published_at=value,
        is_key_event=value,
        idempotency_key=value,
        claims=[claim],
    )
    edit = edit_data(
        update,
        headline=value,
        body=value,
        published_at=value,
        correction_note=value,
        seen_version=value,
        claims=[claim],
    )
    return {
        f"{desk}/post/": compose,
        f"{desk}/updates/{update.pk}/edit/": edit,
        f"{desk}/preview/": {"body": value},
        f"{desk}/preview/?form=edit": {"edit-body": value},
        f"{desk}/images/": {"alt": value, "image": value},
        f"{desk}/status/": {"status": value},
        f"{desk}/post/?formset=1": {**compose, "claims-TOTAL_FORMS": value},
        f"{desk}/threads/merge/": {"other": value, "into": value},
        f"{desk}/post/?thread=1": {**compose, "claims-0-thread": value},
    }


@pytest.mark.parametrize("headers", [{"HX-Request": "true"}, {}], ids=["htmx", "plain"])
@pytest.mark.django_db
def test_desk_answers_hostile_parameters_and_fields_without_a_server_error(
    client, published, headers
):
    client.force_login(make_user(role="Editor"))

    @for_hostile_values(max_examples=25)
    def check(value):
        for method, url in desk_urls(published, value):
            assert_clean_refusal(answer(client, method, url, headers=headers), url)
        for url, data in desk_form_posts(published, value).items():
            response = answer(client, "post", url, data, headers=headers)
            assert_clean_refusal(response, url, form=True)

    check()


def alert_posts(published, value: str) -> list[tuple[str, bytes | str]]:
    """The alert endpoints with ``value`` in the path, the body and each JSON field."""
    v, slug = quoted(value), published["story"].slug
    browser = make_browser().subscription_json()
    keys = browser["keys"]
    bodies = [
        value,
        json.dumps(value),
        json.dumps({**browser, "endpoint": value}),
        json.dumps({**browser, "keys": {**keys, "p256dh": value}}),
        json.dumps({**browser, "keys": {**keys, "auth": value}}),
        json.dumps({**browser, "keys": value}),
        json.dumps({**browser, value: value}),
    ]
    posts = [(f"/stories/{v}/alerts/{action}/", json.dumps(browser)) for action in ACTIONS]
    posts += [(f"/stories/{slug}/alerts/{a}/", body) for a in ACTIONS for body in bodies]
    return posts


ACTIONS = ("subscribe", "unsubscribe")


@pytest.mark.django_db
def test_alert_endpoints_answer_hostile_bodies_with_a_4xx_and_store_nothing_bad(
    client, published, vapid_keys
):
    @for_hostile_values(max_examples=60)
    def check(value):
        cache.clear()  # the per-address limit would otherwise answer most of them
        for url, body in alert_posts(published, value):
            response = answer(client, "post", url, body, content_type="application/json")
            assert_clean_refusal(response, url)
            assert response.cookies == {}
        assert PushSubscription.objects.exclude(endpoint__startswith="https://").count() == 0

    check()
