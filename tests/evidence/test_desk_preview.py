"""The desk's preview of an address never seen: a copy is asked for in the background
(never fetched in the request), and the preview area polls for the card or the reason."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from stories.models import SavedCopy
from tests.support import source_pages
from tests.support.desk_helpers import HX, desk_url
from tests.support.factories import make_story, make_update, make_user
from tests.support.local_sites import Page
from tests.support.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

POLL = re.compile(r'data-hx-get="([^"]+)"\s+data-hx-trigger="load delay:2s"')


@pytest.fixture(autouse=True)
def _media_and_retries(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LIVEBLOG_CAPTURE_RETRY_DELAYS = []


@pytest.fixture
def journalist(client):
    user = make_user(role="Journalist")
    client.force_login(user)
    return user


def preview(client, story, body: str) -> str:
    answer = client.post(desk_url(story, "preview"), {"body": body}, headers=HX)
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_new_address_is_fetched_in_the_background_and_the_preview_polls_for_its_card(
    local_site, client, journalist
):
    local_site.pages["/durov_news/90"] = Page(
        source_pages.telegram_post("Regional council", "Buses run again from six.")
    )
    address = local_site.url("/durov_news/90")
    story = make_story()

    first = preview(client, story, f"The council:\n\n{address}")
    assert local_site.paths_asked() == []  # nothing fetched in the request
    assert "Saving a copy of" in first
    poll_url = POLL.search(first)[1]
    copy = SavedCopy.objects.get(story=story)
    assert (copy.update_id, copy.state) == (None, SavedCopy.State.PENDING)
    still = client.get(poll_url, headers=HX).content.decode()
    assert POLL.search(still)  # on its way: the placeholder asks again

    run_queued_tasks()

    card = client.get(poll_url, headers=HX)
    html = card.content.decode()
    assert card.status_code == 200 and "no-cache" in card["Cache-Control"]
    assert "Buses run again from six." in html and "Regional council" in html
    assert "data-hx-get" not in html  # done: the polling stops
    # Typing on reuses the copy: no second one, and the card shows at once.
    assert "Buses run again from six." in preview(client, story, f"The council said:\n\n{address}")
    assert SavedCopy.objects.count() == 1


def test_a_capture_that_fails_says_why_and_stops_polling(local_site, client, journalist):
    story = make_story()
    preview(client, story, local_site.url("/gone"))  # the local site answers 404
    copy = SavedCopy.objects.get(story=story)
    run_queued_tasks()

    html = client.get(desk_url(story, "preview_card", copy.pk), headers=HX).content.decode()

    assert "No card for" in html and "HTTP 404" in html
    assert "data-hx-get" not in html


def test_a_preview_copy_is_never_public_and_belongs_to_its_desk(local_site, client, journalist):
    local_site.pages["/durov_news/91"] = Page(source_pages.telegram_post("Mayor", "Draft idea."))
    story, other = make_story(), make_story()
    preview(client, story, local_site.url("/durov_news/91"))
    run_queued_tasks()
    copy = SavedCopy.objects.get(story=story)
    assert copy.state == SavedCopy.State.DONE

    assert client.get(desk_url(other, "preview_card", copy.pk)).status_code == 404
    assert client.get(f"/saved-copies/{copy.pk}/").status_code == 404
    client.force_login(make_user(role="Editor"))
    listing = client.get("/admin/stories/savedcopy/").content.decode()
    assert local_site.url("/durov_news/91") not in listing
    update_copy = SavedCopy.objects.create(update=make_update(story), address="https://a.example/")
    assert client.get(desk_url(story, "preview_card", update_copy.pk)).status_code == 404


def test_a_staff_member_outside_the_newsroom_is_refused(client):
    story = make_story()
    copy = SavedCopy.objects.create(story=story, address="https://a.example/")
    client.force_login(make_user(is_staff=True))

    answer = client.get(desk_url(story, "preview_card", copy.pk))

    assert answer.status_code == 403 and "a.example" not in answer.content.decode()


@pytest.mark.parametrize(
    "garbage",
    [
        "https://not_a_host/post",
        "https://" + "a" * 600 + ".example/",
        "https://exa\x00mple.org/x",
        "http://[::1/",
    ],
)
def test_a_garbage_address_gets_a_message_not_a_card_nor_a_job(client, journalist, garbage):
    html = preview(client, make_story(), f"Look:\n\n{garbage}\n")

    assert "not a web address a card can be made of" in html
    assert SavedCopy.objects.count() == 0


def test_the_cron_command_deletes_preview_copies_older_than_a_day(client):
    story = make_story()
    old = SavedCopy.objects.create(story=story, address="https://a.example/old")
    SavedCopy.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=2))
    recent = SavedCopy.objects.create(story=story, address="https://a.example/new")
    kept = SavedCopy.objects.create(update=make_update(story), address="https://a.example/old")
    SavedCopy.objects.filter(pk=kept.pk).update(requested_at=timezone.now() - timedelta(days=2))
    out = io.StringIO()

    call_command("recheck_saved_copies", stdout=out)

    assert "Deleted 1 old desk preview copies." in out.getvalue()
    assert set(SavedCopy.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}
