"""Whole story pages and poll answers are rendered once per story version and reused,
and every change a reader would see, committed, shows at the next request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stories import keyset
from stories.models import Claim, Story
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user


@pytest.fixture(autouse=True)
def _rendered_copies(settings):
    # tests/conftest.py turns the copies off for tests whose writes never commit.
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write's commit hooks, as a real commit does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page(client, story, query="", **headers) -> str:
    response = client.get(f"/stories/{story.slug}/{query}", headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def version(story) -> int:
    return Story.objects.get(pk=story.pk).version


@pytest.mark.django_db
def test_a_second_visit_is_answered_without_the_database(client, django_assert_num_queries):
    story = make_story()
    make_claim(make_update(story, body="Shelling near the port"))
    first = page(client, story)
    with django_assert_num_queries(0):
        assert page(client, story) == first
    assert "Shelling near the port" in first


def _edit_body(story, update, claim):
    update.body = "Corrected text"
    update.save()
    return "Corrected text"


def _new_status(story, update, claim):
    claim.status = Claim.Status.FALSE
    claim.save(changed_by=make_user())
    return 'data-status="false"'


def _renamed_source(story, update, claim):
    claim.source.name = "Renamed press office"
    claim.source.save()
    return "Renamed press office"


def _renamed_author(story, update, claim):
    update.author.first_name = "Renamed"
    update.author.save()
    return "By Renamed"


def _new_update(story, update, claim):
    make_update(story, body="Fresh report")
    return "Fresh report"


def _retitled_story(story, update, claim):
    story.title = "A new title"
    story.save()
    return "A new title"


def _answered_elsewhere(story, update, claim):
    # The answered claim lives in another story: its release moves only that story.
    other = make_story()
    later = make_update(other, published_at=timezone.now() + timedelta(hours=1))
    answered = make_claim(later, text="Claim from the other story")
    claim.responds_to = answered
    claim.save()
    later.published_at = timezone.now() - timedelta(seconds=1)
    later.save()
    return "Claim from the other story"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        _edit_body,
        _new_status,
        _renamed_source,
        _renamed_author,
        _new_update,
        _retitled_story,
        _answered_elsewhere,
    ],
)
def test_a_committed_change_shows_at_the_next_visit(client, committed, change):
    with committed():
        story = make_story()
        update = make_update(story, author=make_user(first_name="Olena"))
        claim = make_claim(update)
    page(client, story)
    with committed():
        shown = change(story, update, claim)
    assert shown in page(client, story)


@pytest.mark.django_db
def test_a_deleted_update_leaves_the_page_at_once(client, committed):
    with committed():
        story = make_story()
        make_update(story, body="Kept report")
        removed = make_update(story, body="Mistaken report")
    assert "Mistaken report" in page(client, story)
    with committed():
        removed.delete()
    html = page(client, story)
    assert "Mistaken report" not in html and "Kept report" in html


@pytest.mark.django_db
def test_pages_of_one_story_do_not_share_a_copy(client, committed):
    with committed():
        story = make_story()
        source = make_source(name="Coastal Rescue Service")
        make_claim(make_update(story, body="Boat found"), source=source)
        make_update(story, body="Unrelated report")
    full = page(client, story)
    filtered = page(client, story, f"?source={source.slug}")
    assert "Unrelated report" in full and "Unrelated report" not in filtered
    assert "Showing only updates with claims from" in filtered
    newest = story.updates.newest_first().first()
    older = "?before=" + keyset.encode(newest.published_at, newest.pk)
    part = page(client, story, older, HX_Request="true")
    older_page = page(client, story, older)
    assert "<html" not in part and "<html" in older_page and "Back to the latest" in older_page


def poll(client, story, since):
    return client.get(f"/stories/{story.slug}/poll/?since={since}", headers={"HX-Request": "true"})


@pytest.mark.django_db
def test_readers_at_one_cursor_share_one_answer(client, committed, django_assert_num_queries):
    with committed():
        story = make_story()
        make_update(story)
    since = version(story)
    with committed():
        make_update(story, body="Bridge closed")
    first = poll(client, story, since)
    assert b"Bridge closed" in first.content
    with django_assert_num_queries(0):
        again = poll(client, story, since)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    # A later change is a new version: the same cursor now gets both.
    with committed():
        make_update(story, body="Ferry stopped")
    later = poll(client, story, since)
    assert b"Bridge closed" in later.content and b"Ferry stopped" in later.content
    assert later["ETag"] != first["ETag"]
