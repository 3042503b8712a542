"""The desk: threads suggested while a claim is typed, and a claim posted into one."""

import pytest

from stories.models import Claim
from tests.support.desk_helpers import HX, compose_data, desk_url
from tests.support.factories import make_claim, make_story, make_update, make_user


@pytest.fixture
def desk(db, client):
    story = make_story()
    client.force_login(make_user(role="Journalist"))
    return story, client


def test_typing_a_claim_offers_the_threads_it_may_repeat_as_its_choices(desk):
    story, client = desk
    thread = make_claim(make_update(story), text="Russian forces have captured Krasna Hora").thread
    other = make_claim(make_update(make_story()), text="Krasna Hora captured, says Moscow").thread
    url = desk_url(story, "threads")
    response = client.get(
        url, {"claims-2-text": "Krasna Hora is under Russian control"}, headers=HX
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'name="claims-2-thread" value="{thread.pk}"' in page
    assert page.index(f'value="{thread.pk}"') < page.index(f'value="{other.pk}"')
    assert "another story" in page
    assert 'name="claims-2-thread" value="" checked' in page


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"text": "x"},
        {"claims-0-source_name": "x"},
        {"a" * 200 + "-text": "x"},
        {"claims-0-thread": "1"},
    ],
)
def test_a_suggestion_request_without_a_claim_text_is_a_bad_request(desk, query):
    story, client = desk
    assert client.get(desk_url(story, "threads"), query, headers=HX).status_code == 400


@pytest.mark.parametrize("text", ["", "\x00\x01", "' OR 1=1 --", "a & b | !c :*", "й" * 5000])
def test_odd_text_answers_without_failing(desk, text):
    story, client = desk
    response = client.get(desk_url(story, "threads"), {"claims-0-text": text}, headers=HX)
    # The project refuses NUL in any query string before the view.
    assert response.status_code == (400 if "\x00" in text else 200)


def test_a_posted_claim_joins_the_thread_picked_and_takes_its_verdict(desk):
    story, client = desk
    thread = make_claim(make_update(story), text="The dam was blown up", status="false").thread
    claim = {"source_name": "Kremlin", "text": "The dam was destroyed", "thread": str(thread.pk)}
    response = client.post(desk_url(story, "post"), compose_data(claims=[claim]), headers=HX)
    assert response.status_code == 200
    posted = Claim.objects.get(text="The dam was destroyed")
    assert posted.thread == thread and posted.status == "false"


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1" * 40])
def test_a_made_up_thread_is_a_form_error_not_a_failure(desk, value):
    story, client = desk
    claim = {"source_name": "Kremlin", "text": "Something", "thread": value}
    response = client.post(desk_url(story, "post"), compose_data(claims=[claim]), headers=HX)
    assert response.status_code in (200, 422)
    assert not Claim.objects.filter(text="Something").exists()
