"""The public thread page, its ClaimReview, and the time view rebuilt from the history."""

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from stories.models import ClaimStatusChange, Story
from tests.support.factories import make_claim, make_story, make_update

KYIV = ZoneInfo("Europe/Kyiv")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2023, 2, 2, hour, minute, tzinfo=KYIV)


def set_status(thread, status: str, note: str, when: datetime) -> None:
    thread.status, thread.note = status, note
    thread.save()
    change = thread.status_changes.latest("changed_at", "id")
    ClaimStatusChange.objects.filter(pk=change.pk).update(changed_at=when)


@pytest.fixture
def history(db):
    """Made 10:00 (unverified), disputed 10:30, repeated 11:30, false 12:00 (Kyiv time)."""
    story = make_story(time_zone="Europe/Kyiv")
    first = make_claim(make_update(story, published_at=at(10)), text="Krasna Hora has fallen")
    thread = first.thread
    set_status(thread, "disputed", "Ukraine's army denies it.", at(10, 30))
    make_claim(make_update(story, published_at=at(11, 30)), text="Krasna Hora taken", thread=thread)
    set_status(thread, "false", "Our reporter was there: it holds.", at(12))
    return thread


def shown(client, thread, query: str = "") -> str:
    response = client.get(f"/claims/{thread.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def claims_on(page: str) -> list[tuple[str, str]]:
    return re.findall(r'data-claim="(\d+)"\s+data-status="(\w+)"', page)


def test_the_page_shows_wording_verdict_label_claims_and_history(client, history):
    page = shown(client, history)
    assert "Krasna Hora has fallen" in page and 'data-status="false"' in page
    assert "2 sources" in page  # two sources, sides unknown
    assert [status for _, status in claims_on(page)] == ["false", "false"]
    assert "Ukraine&#x27;s army denies it." in page and "it holds" in page


@pytest.mark.parametrize(
    ("moment", "thread_status", "claims", "note"),
    [
        ("2023-02-02T10:15", "unverified", 1, None),
        ("2023-02-02T11:00", "disputed", 1, "Ukraine&#x27;s army denies it."),
        ("2023-02-02T11:45", "disputed", 2, "Ukraine&#x27;s army denies it."),
        ("2023-02-02T12:00", "false", 2, "Our reporter was there: it holds."),
        ("2023-02-02T10:00:00%2B02:00", "unverified", 1, None),
    ],
)
def test_the_time_view_matches_the_hand_computed_history(
    client, history, moment, thread_status, claims, note
):
    page = shown(client, history, f"?at={moment}")
    assert f'id="thread-{history.pk}" data-status="{thread_status}"' in page
    assert [status for _, status in claims_on(page)] == [thread_status] * claims
    if note:
        assert note in page
    else:
        assert "denies it" not in page and "it holds" not in page
    assert "application/ld+json" not in page.split("</head>")[0] or "ClaimReview" not in page


def test_before_the_first_claim_the_time_view_shows_no_claim(client, history):
    assert claims_on(shown(client, history, "?at=2023-02-02T09:00")) == []


def test_the_claim_review_carries_the_thread_verdict(client, history):
    page = shown(client, history)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    reviews = [data for data in map(json.loads, blocks) if data.get("@type") == "ClaimReview"]
    assert len(reviews) == 1
    review = reviews[0]
    assert review["claimReviewed"] == "Krasna Hora has fallen"
    assert review["reviewRating"]["ratingValue"] == 1
    assert review["url"].endswith(f"/claims/{history.pk}/")


@pytest.mark.django_db
def test_claims_readers_may_not_see_are_left_out_and_a_hidden_thread_is_not_found(client):
    draft = make_story(status=Story.Status.DRAFT)
    hidden = make_claim(make_update(draft), text="A draft claim")
    assert client.get(f"/claims/{hidden.thread_id}/").status_code == 404
    shown_claim = make_claim(text="Public claim")
    make_claim(make_update(draft), text="Hidden repeat", thread=shown_claim.thread)
    page = client.get(f"/claims/{shown_claim.thread_id}/").content.decode()
    assert "Hidden repeat" not in page and "Public claim" in page


@pytest.mark.parametrize(
    "query",
    [
        "?at=yesterday",
        "?at=2023-13-45T10:00",
        "?at=" + "9" * 500,
        "?at=99999-01-01T00:00",
        "?at=2023-02-02T25:00",
    ],
)
def test_garbage_moments_are_a_bad_request(client, history, query):
    assert client.get(f"/claims/{history.pk}/{query}").status_code == 400


@pytest.mark.django_db
def test_unknown_threads_are_not_found(client):
    assert client.get("/claims/999999/").status_code == 404
    assert client.get("/claims/99999999999999999999999/").status_code == 404


@pytest.mark.django_db
def test_the_thread_page_links_each_claim_to_its_saved_copy(client, settings, tmp_path):
    from django.core.management import call_command

    from stories.models import SavedCopy

    settings.MEDIA_ROOT = tmp_path
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = []
    call_command("load_demo", verbosity=0)
    copy = SavedCopy.objects.done().filter(claim__isnull=False).select_related("claim").first()
    assert copy is not None
    page = client.get(f"/claims/{copy.claim.thread_id}/").content.decode()
    assert f"/saved-copies/{copy.pk}/" in page
