"""Saved copies and cards, captured by the background jobs from local sites on loopback."""

import gzip
import hashlib
import io
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from micawber.providers import Provider, ProviderRegistry

from stories.evidence import metadata, services
from stories.models import SavedCopy, Update
from tests.support import source_pages
from tests.support.factories import make_claim, make_update
from tests.support.figures import count
from tests.support.local_sites import Page
from tests.support.tasks import queued_task_names, run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_retries(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LIVEBLOG_CAPTURE_RETRY_DELAYS = [0, 0, 0]


def captured(copy: SavedCopy) -> SavedCopy:
    run_queued_tasks()
    copy.refresh_from_db()
    count("captures tried")
    return copy


def test_a_telegram_post_on_its_own_line_becomes_a_card(local_site):
    local_site.pages["/durov_news/41"] = Page(
        source_pages.telegram_post("Regional administration", "Bridge closed from 14:00.")
    )
    local_site.pages["/thumb.png"] = Page(source_pages.png_bytes(), content_type="image/png")
    address = local_site.url("/durov_news/41")
    update = make_update(body=f"The administration posted:\n\n{address}\n\nMore soon.")
    version_before = update.version

    copy = captured(SavedCopy.objects.get(update=update))

    assert copy.state == SavedCopy.State.DONE
    assert (copy.provider, copy.title) == ("Telegram", "Regional administration")
    assert "Bridge closed from 14:00." in copy.text
    assert copy.published_at.isoformat() == "2026-11-26T14:02:00+00:00"
    assert copy.thumbnail.startswith("/media/updates/")
    body = local_site.pages["/durov_news/41"].data
    assert copy.sha256 == hashlib.sha256(body).hexdigest()
    with default_storage.open(copy.body_file) as stored:
        assert gzip.decompress(stored.read()) == body
    update.refresh_from_db()
    assert update.version > version_before


def test_a_youtube_like_page_gets_its_player_from_oembed_discovery(local_site):
    local_site.pages["/watch"] = Page(
        source_pages.article("Briefing", "Ministry", ["A video."], oembed_path="/oembed?id=v1")
    )
    local_site.pages["/oembed?id=v1"] = Page(
        source_pages.youtube_like_oembed("v1abc"), content_type="application/json"
    )
    update = make_update(body=local_site.url("/watch"))

    copy = captured(SavedCopy.objects.get(update=update))

    assert (copy.provider, copy.author) == ("YouTube", "Ministry Channel")
    assert copy.title == "Briefing on the river crossing"
    assert copy.embed_address == "https://www.youtube-nocookie.com/embed/v1abc"


def test_an_x_like_provider_from_the_registry_gives_text_and_author_never_its_script(
    local_site, monkeypatch
):
    registry = ProviderRegistry()
    registry.register(r"http://127\.0\.0\.1:\d+/x/\S+", Provider(local_site.url("/x-oembed")))
    monkeypatch.setattr(metadata, "providers", lambda: registry)
    local_site.pages["/x/status/7"] = Page(source_pages.article("Post", "", ["Shelling."]))
    oembed = source_pages.x_like_oembed("Shelling reported at dawn.", "Army spokesman")
    local_site.pages["/x-oembed"] = Page(oembed, content_type="application/json")
    update = make_update(body=local_site.url("/x/status/7"))

    copy = captured(SavedCopy.objects.get(update=update))

    assert (copy.provider, copy.author) == ("X", "Army spokesman")
    assert copy.embed_address == ""
    assert "script" not in copy.text
    asked = [seen.path for seen in local_site.requests if seen.path.startswith("/x-oembed")]
    assert asked == [f"/x-oembed?format=json&url={quote(local_site.url('/x/status/7'), safe='')}"]


def test_a_claims_source_address_is_saved_and_linked_on_the_page(local_site, client):
    local_site.pages["/statement"] = Page(
        source_pages.article("Statement on the dam", "Press office", ["The dam holds."] * 3)
    )
    claim = make_claim(source_url=local_site.url("/statement"))

    copy = captured(SavedCopy.objects.get(claim=claim))

    assert (copy.title, copy.author) == ("Statement on the dam", "Press office")
    page = client.get(claim.update.get_absolute_url()).content.decode()
    assert f'href="/saved-copies/{copy.pk}/">Saved copy, <time' in page
    copy_page = client.get(f"/saved-copies/{copy.pk}/").content.decode()
    assert "The dam holds." in copy_page and copy.sha256 in copy_page


def test_saving_an_update_twice_asks_for_one_copy(local_site):
    update = make_update(body=local_site.url("/a"))
    update.save()
    Update.objects.get(pk=update.pk).save()

    assert SavedCopy.objects.filter(update=update).count() == 1
    assert queued_task_names() == ["stories.evidence.jobs.capture_saved_copy"]


def test_a_server_error_is_retried_with_back_off_then_fails_with_its_reason(local_site):
    local_site.pages["/flaky"] = Page("busy", status=503)
    update = make_update(body=local_site.url("/flaky"))

    copy = captured(SavedCopy.objects.get(update=update))

    assert copy.state == SavedCopy.State.FAILED
    assert copy.attempts == 4
    assert copy.failure_reason == "the page answered HTTP 503"
    assert local_site.paths_asked() == ["/flaky"] * 4
    count("captures retried", 3)


def test_a_retry_that_succeeds_keeps_one_copy(local_site):
    local_site.pages["/later"] = Page("busy", status=503)
    update = make_update(body=local_site.url("/later"))
    run_queued_tasks(max_tasks=1)
    local_site.pages["/later"] = Page(source_pages.article("Up again", "", ["Back."]))

    copy = captured(SavedCopy.objects.get(update=update))

    assert (copy.state, copy.attempts, copy.title) == (SavedCopy.State.DONE, 2, "Up again")
    assert SavedCopy.objects.filter(update=update).count() == 1
    count("captures retried")


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (Page("x" * 6_000_000), "over the 5.2 MB limit"),
        (Page(b"\x00", content_type="application/zip"), "application/zip"),
        (Page("gone", status=404), "HTTP 404"),
    ],
)
def test_a_refused_capture_fails_at_once_with_a_reason(local_site, page, reason):
    local_site.pages["/p"] = page
    update = make_update(body=local_site.url("/p"))

    copy = captured(SavedCopy.objects.get(update=update))

    assert copy.state == SavedCopy.State.FAILED and copy.attempts == 1
    assert reason in copy.failure_reason
    count("captures refused")


def test_a_private_address_is_refused_and_the_update_still_shows_its_link(settings, client):
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = []
    update = make_update(body="http://127.0.0.1:9/admin")

    copy = captured(SavedCopy.objects.get(update=update))

    assert copy.state == SavedCopy.State.FAILED
    assert "loopback" in copy.failure_reason
    page = client.get(update.get_absolute_url()).content.decode()
    assert "http://127.0.0.1:9/admin" in page and "embed-card" not in page
    count("captures refused")


def test_recheck_marks_a_deleted_original(local_site, client):
    local_site.pages["/post"] = Page(source_pages.article("Said", "", ["First words."] * 3))
    claim = make_claim(source_url=local_site.url("/post"))
    copy = captured(SavedCopy.objects.get(claim=claim))
    local_site.pages["/post"] = Page("not here", status=404)

    services.recheck(copy)
    run_queued_tasks()

    copy.refresh_from_db()
    assert copy.original == SavedCopy.Original.DELETED
    assert "Original deleted" in client.get(claim.update.get_absolute_url()).content.decode()


def test_recheck_marks_a_changed_original_and_says_what_changed(local_site, client):
    local_site.pages["/post"] = Page(source_pages.article("Said", "", ["Ten were hurt."] * 3))
    claim = make_claim(source_url=local_site.url("/post"))
    copy = captured(SavedCopy.objects.get(claim=claim))
    local_site.pages["/post"] = Page(source_pages.article("Said", "", ["Two were hurt."] * 3))
    version = Update.objects.get(pk=claim.update_id).version

    services.recheck(copy)
    run_queued_tasks()

    copy.refresh_from_db()
    assert copy.original == SavedCopy.Original.CHANGED
    assert "-Ten were hurt." in copy.changes and "+Two were hurt." in copy.changes
    assert Update.objects.get(pk=claim.update_id).version > version
    assert "Original changed since" in client.get(claim.update.get_absolute_url()).content.decode()


def test_a_finished_capture_reaches_a_rendered_page_and_the_poll(
    local_site, client, django_capture_on_commit_callbacks
):
    local_site.pages["/durov_news/9"] = Page(source_pages.telegram_post("Mayor", "Water is back."))
    update = make_update(body=local_site.url("/durov_news/9"))
    story = update.story
    before = client.get(story.get_absolute_url()).content.decode()  # fills the fragment cache
    cursor = Update.objects.get(pk=update.pk).version

    # The job's commit refreshes the story's cached cursor (on_commit, run here).
    with django_capture_on_commit_callbacks(execute=True):
        copy = captured(SavedCopy.objects.get(update=update))

    assert "embed-card" not in before
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'id="card-{copy.pk}"' in page and "Water is back." in page
    answer = client.get(
        f"/stories/{story.slug}/poll/?since={cursor}", headers={"HX-Request": "true"}
    )
    assert f'id="card-{copy.pk}"' in answer.content.decode()


def test_the_recheck_command_queues_copies_not_checked_lately(local_site):
    local_site.pages["/post"] = Page(source_pages.article("Said", "", ["Words."] * 3))
    copy = captured(SavedCopy.objects.get(claim=make_claim(source_url=local_site.url("/post"))))
    out = io.StringIO()

    call_command("recheck_saved_copies", stdout=out)
    run_queued_tasks()
    call_command("recheck_saved_copies", stdout=out)

    copy.refresh_from_db()
    assert copy.original == SavedCopy.Original.SAME and copy.rechecked_at is not None
    lines = out.getvalue().splitlines()
    assert [line for line in lines if line.startswith("Queued")] == [
        "Queued 1 re-check(s).",
        "Queued 0 re-check(s).",
    ]


def test_a_copy_the_update_no_longer_shows_has_no_public_page(local_site, client):
    local_site.pages["/durov_news/2"] = Page(
        source_pages.telegram_post("Mayor", "Pasted by mistake.")
    )
    update = make_update(body=f"Oops:\n\n{local_site.url('/durov_news/2')}")
    copy = captured(SavedCopy.objects.get(update=update))
    assert client.get(f"/saved-copies/{copy.pk}/").status_code == 200

    update.body = "Nothing to see."
    update.save()

    assert client.get(f"/saved-copies/{copy.pk}/").status_code == 404
    assert "Pasted by mistake." not in client.get(update.get_absolute_url()).content.decode()


def test_a_draft_updates_copy_has_no_public_page(local_site, client):
    local_site.pages["/p"] = Page(source_pages.article("Draft source", "", ["Not yet."] * 3))
    update = make_update(body=local_site.url("/p"), state=Update.State.DRAFT)
    copy = captured(SavedCopy.objects.get(update=update))

    assert copy.state == SavedCopy.State.DONE
    assert client.get(f"/saved-copies/{copy.pk}/").status_code == 404
