"""Registering partners' webhooks in the admin: who may, and what the form refuses."""

import lxml.html
import pytest
from django.test import Client

from stories.models import PartnerEndpoint, WebhookDelivery
from tests.support.factories import make_story, make_user

pytestmark = pytest.mark.django_db

ADD = "/admin/stories/partnerendpoint/add/"
PAGES = {
    "endpoints": "/admin/stories/partnerendpoint/",
    "add endpoint": ADD,
    "delivery log": "/admin/stories/webhookdelivery/",
    "alerts sent": "/admin/stories/keyeventalert/",
}


def client_as(role: str | None, *, staff: bool = True) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(make_user(role=role, is_staff=staff and role is not None))
    return client


def form(story, **changes) -> dict:
    data = {
        "name": "Partner app",
        "url": "https://partner.example/hooks/news",
        "secret": "a" * 40,
        "stories": [str(story.pk)],
        "is_active": "on",
    }
    return {**data, **changes}


@pytest.mark.parametrize("page", PAGES)
def test_only_editors_may_open_the_partner_pages(page):
    url = PAGES[page]
    for who in ("anonymous", None):
        response = client_as(who).get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], who
    for role in ("Contributor", "Journalist"):
        assert client_as(role).get(url).status_code == 403, role
    assert client_as("Editor").get(url).status_code == 200


@pytest.mark.parametrize("role", ["Contributor", "Journalist"])
def test_only_editors_may_register_change_or_delete_an_endpoint(role):
    story = make_story()
    assert client_as(role).post(ADD, form(story)).status_code == 403
    assert not PartnerEndpoint.objects.exists()
    endpoint = PartnerEndpoint.objects.create(name="P", url="https://partner.example/hook")
    change = f"/admin/stories/partnerendpoint/{endpoint.pk}/change/"
    hijack = form(story, url="https://attacker.example/hook")
    assert client_as(role).post(change, hijack).status_code == 403
    delete = f"/admin/stories/partnerendpoint/{endpoint.pk}/delete/"
    assert client_as(role).post(delete, {"post": "yes"}).status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.url == "https://partner.example/hook"


def test_an_editor_registers_an_endpoint_for_stories():
    story = make_story()
    editor = make_user(role="Editor")
    client = Client()
    client.force_login(editor)
    response = client.post(ADD, form(story))
    assert response.status_code == 302
    endpoint = PartnerEndpoint.objects.get()
    assert list(endpoint.stories.all()) == [story]
    assert endpoint.created_by == editor
    assert endpoint.is_active


def test_a_new_endpoint_form_offers_a_strong_secret():
    page = lxml.html.fromstring(client_as("Editor").get(ADD).content)
    [secret] = page.xpath('//input[@name="secret"]/@value')
    assert len(secret) >= 32
    assert (
        secret
        != lxml.html.fromstring(client_as("Editor").get(ADD).content).xpath(
            '//input[@name="secret"]/@value'
        )[0]
    )


BAD_FIELDS = {
    "http address": {"url": "http://partner.example/hook"},
    "javascript address": {"url": "javascript:alert(1)"},
    "credentials in the address": {"url": "https://user:pw@partner.example/hook"},
    "no address": {"url": ""},
    "short secret": {"secret": "short"},
    "secret with spaces": {"secret": "a" * 20 + " " + "b" * 20},
    "no stories": {"stories": []},
    "unknown story": {"stories": ["999999"]},
    "story not a number": {"stories": ["abc"]},
    "NUL in the name": {"name": "Partner\x00"},
}


@pytest.mark.parametrize("case", BAD_FIELDS)
def test_bad_registrations_get_a_form_error_and_save_nothing(case):
    response = client_as("Editor").post(ADD, form(make_story(), **BAD_FIELDS[case]))
    assert response.status_code == 200, case
    assert b"errorlist" in response.content
    assert not PartnerEndpoint.objects.exists()


def test_switching_an_endpoint_back_on_forgives_its_failures():
    story = make_story()
    endpoint = PartnerEndpoint.objects.create(
        name="Partner app",
        url="https://partner.example/hook",
        is_active=False,
        consecutive_failures=10,
        disabled_reason="10 failed deliveries in a row",
    )
    endpoint.stories.add(story)
    url = f"/admin/stories/partnerendpoint/{endpoint.pk}/change/"
    response = client_as("Editor").post(url, form(story, secret=endpoint.secret))
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.consecutive_failures, endpoint.disabled_reason) == (
        True,
        0,
        "",
    )


def test_the_delivery_log_is_read_only_even_for_editors():
    story = make_story()
    endpoint = PartnerEndpoint.objects.create(name="P", url="https://partner.example/hook")
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, story=story, version=3)
    editor = client_as("Editor")
    assert editor.get("/admin/stories/webhookdelivery/add/").status_code == 403
    change = f"/admin/stories/webhookdelivery/{delivery.pk}/change/"
    assert editor.get(change).status_code == 200
    assert editor.post(change, {"version": "9"}).status_code == 403
    delete = f"/admin/stories/webhookdelivery/{delivery.pk}/delete/"
    assert editor.post(delete, {"post": "yes"}).status_code == 403
    delivery.refresh_from_db()
    assert delivery.version == 3
