"""The desk: a card's preview before posting, a failed capture's reason and its retry.

The preview of an address never seen asks for a copy in the background and polls for it:
tests/evidence/test_desk_preview.py.
"""

import pytest

from stories.models import SavedCopy
from tests.support import source_pages
from tests.support.desk_helpers import HX, desk_url
from tests.support.factories import make_story, make_update, make_user
from tests.support.local_sites import Page
from tests.support.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_retries(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LIVEBLOG_CAPTURE_RETRY_DELAYS = []


def test_a_failed_capture_says_why_and_a_retry_saves_it(local_site, client):
    author = make_user(role="Journalist")
    story = make_story()
    local_site.pages["/notice"] = Page("down for maintenance", status=503)
    update = make_update(story, author=author, body=local_site.url("/notice"))
    client.force_login(author)
    assert "Saving a copy of" in client.get(desk_url(story)).content.decode()
    run_queued_tasks()
    failed = SavedCopy.objects.get(update=update)

    desk = client.get(desk_url(story)).content.decode()
    assert "the page answered HTTP 503" in desk and "Try again" in desk

    local_site.pages["/notice"] = Page(source_pages.article("Notice", "Council", ["Back."] * 3))
    answer = client.post(desk_url(story, "capture_again", failed.pk), headers=HX)
    assert answer.status_code == 200 and "Saving a copy of" in answer.content.decode()
    run_queued_tasks()

    again = SavedCopy.objects.exclude(pk=failed.pk).get(update=update)
    assert (again.state, again.title) == (SavedCopy.State.DONE, "Notice")
    desk = client.get(desk_url(story)).content.decode()
    assert "Try again" not in desk and f'id="card-{again.pk}"' in desk


def test_another_storys_copy_cannot_be_asked_for_through_this_desk(client):
    editor = make_user(role="Editor")
    elsewhere = SavedCopy.objects.create(update=make_update(), address="https://a.example/")
    client.force_login(editor)

    answer = client.post(desk_url(make_story(), "capture_again", elsewhere.pk))

    assert answer.status_code == 403
    assert SavedCopy.objects.count() == 1


def test_the_preview_shows_the_card_an_address_will_become(local_site, client):
    local_site.pages["/durov_news/3"] = Page(source_pages.telegram_post("Mayor", "Water is back."))
    address = local_site.url("/durov_news/3")
    story = make_story()
    make_update(story, body=address)
    run_queued_tasks()
    client.force_login(make_user(role="Journalist"))

    known = client.post(desk_url(story, "preview"), {"body": f"Said:\n\n{address}"}, headers=HX)
    new = client.post(
        desk_url(story, "preview"), {"body": "https://new.example/post/1"}, headers=HX
    )

    assert "Water is back." in known.content.decode()
    assert "Saving a copy of https://new.example/post/1" in new.content.decode()
