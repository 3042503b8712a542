"""The newsroom desk: posting, editing and deleting updates with claims from the admin."""

import io
import re
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import connection
from django.test import Client
from django.utils import timezone
from PIL import Image

from stories import services
from stories.models import Claim, ClaimStatusChange, DeletedUpdate, Source, Story, Update
from tests.support.desk_helpers import (
    HX,
    compose_data,
    desk_url,
    edit_data,
    story_version,
)
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user
from tests.support.hostile_images import gif


@pytest.fixture
def journalist(db):
    return make_user(role="Journalist", first_name="Sam", last_name="Okafor")


@pytest.fixture
def editor(db):
    return make_user(role="Editor")


@pytest.fixture
def story(db):
    return make_story(title="Flooding in the valley", time_zone="Europe/Kyiv")


@pytest.fixture
def desk_client(client, journalist):
    client.force_login(journalist)
    return client


def reader_poll(client, story, since):
    return Client().get(f"/stories/{story.slug}/poll/?since={since}", headers=HX)


# --- getting there ----------------------------------------------------------------------


@pytest.mark.django_db
def test_story_list_row_and_change_page_link_to_the_desk(desk_client, story):
    row = desk_client.get("/admin/stories/story/").content.decode()
    assert f'href="{desk_url(story)}"' in row
    change = desk_client.get(f"/admin/stories/story/{story.pk}/change/").content.decode()
    assert f'href="{desk_url(story)}"' in change


@pytest.mark.django_db
def test_desk_shows_compose_form_and_latest_updates_as_readers_see_them(desk_client, story):
    update = make_update(story, headline="Dam breached", body="Water *rising* fast")
    make_claim(update, source=make_source(name="Rescue Service"), text="Two villages flooded")
    html = desk_client.get(desk_url(story)).content.decode()
    assert '<form id="compose"' in html and 'name="idempotency_key"' in html
    # The readers' partial, with its claims and sanitised body.
    assert f'id="update-{update.pk}"' in html and "<em>rising</em>" in html
    assert "Rescue Service" in html and "Two villages flooded" in html
    assert f'data-version="{story_version(story)}"' in html
    # The admin's look and login: its base template and the logged-in user's tools.
    assert 'id="user-tools"' in html and "desk.js" in html


@pytest.mark.django_db
def test_desk_query_count_does_not_grow_with_updates(
    desk_client, story, django_assert_max_num_queries
):
    for n in range(3):
        make_claim(make_update(story, body=f"Update {n}"))
    desk_client.get(desk_url(story))
    # 17: one of them reads the saved copies still pending or failed under the updates;
    # two the tags (the list's prefetch and the compose form's choices).
    with django_assert_max_num_queries(17) as few:
        desk_client.get(desk_url(story))
    for n in range(12):
        make_claim(make_claim(make_update(story, body=f"More {n}")).update)
    with django_assert_max_num_queries(len(few.captured_queries)):
        desk_client.get(desk_url(story))


# --- posting ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_posting_over_htmx_adds_update_with_claims_and_returns_a_fresh_form(
    desk_client, journalist, story
):
    existing = make_source(name="Regional Governor")
    data = compose_data(
        headline="Evacuation ordered",
        body="Residents of **three** districts must leave.",
        is_key_event=True,
        claims=[
            {
                "source_name": "regional governor",
                "text": "Buses are waiting",
                "status": "confirmed",
            },
            {"source_name": "Valley Red Cross", "new_source_kind": "ngo", "text": "Shelters full"},
        ],
    )
    since = story_version(story)
    response = desk_client.post(desk_url(story, "post"), data, headers=HX)
    assert response.status_code == 200
    update = Update.objects.get(story=story)
    assert update.headline == "Evacuation ordered" and update.is_key_event
    assert update.author == journalist
    assert "<strong>three</strong>" in update.body_html
    claims = list(update.claims.select_related("source"))
    assert [(c.source, c.text, c.status) for c in claims[:1]] == [
        (existing, "Buses are waiting", "confirmed")
    ]
    created = Source.objects.get(name="Valley Red Cross")
    assert claims[1].source == created and created.kind == "ngo"
    html = response.content.decode()
    # A fresh, empty form with a new key and the cursor in the body...
    assert data["idempotency_key"] not in html
    assert "three</strong> districts" not in html.split('id="desk-stream"')[0]
    assert re.search(r"<textarea[^>]*autofocus", html)
    # ...and the list, out of band, with the new update as readers see it.
    assert re.search(r'<section id="desk-stream"[^>]*hx-swap-oob="true"', html)
    assert f'id="update-{update.pk}"' in html
    # Readers get it, with its claims, at their next poll.
    poll = reader_poll(desk_client, story, since).content.decode()
    assert "Evacuation ordered" in poll and "Shelters full" in poll and "Valley Red Cross" in poll


@pytest.mark.django_db
def test_desk_claims_carry_a_verbatim_quote_where_and_when_the_source_said_it(
    desk_client, journalist, story
):
    data = compose_data(
        claims=[
            {
                "source_name": "Regional Governor",
                "text": "We will not leave anyone behind",
                "is_verbatim": True,
                "source_url": "https://t.me/governor/123",
                "stated_at": "2026-01-10T09:30",  # Kyiv time, the story's zone
            }
        ]
    )
    since = story_version(story)
    assert desk_client.post(desk_url(story, "post"), data, headers=HX).status_code == 200
    claim = Claim.objects.get()
    assert claim.is_verbatim and claim.source_url == "https://t.me/governor/123"
    assert claim.stated_at == datetime(2026, 1, 10, 7, 30, tzinfo=UTC)
    poll = reader_poll(desk_client, story, since).content.decode()
    assert "<q>We will not leave anyone behind</q>" in poll
    assert 'href="https://t.me/governor/123"' in poll

    # The edit form shows them; sent back unchanged, they stay exactly as they were.
    claim.stated_at = datetime(2026, 1, 10, 7, 30, 42, 123, tzinfo=UTC)
    claim.save()
    update = claim.update
    form = desk_client.get(desk_url(story, "edit", update.pk), headers=HX).content.decode()
    assert 'value="2026-01-10T09:30"' in form and 'value="https://t.me/governor/123"' in form
    shown = {"is_verbatim": True, "source_url": claim.source_url, "stated_at": "2026-01-10T09:30"}
    claims = [
        {"id": str(claim.pk), "source_name": "Regional Governor", "text": claim.text, **shown}
    ]
    response = desk_client.post(
        desk_url(story, "edit", update.pk), edit_data(update, claims=claims), headers=HX
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.is_verbatim and claim.stated_at == datetime(
        2026, 1, 10, 7, 30, 42, 123, tzinfo=UTC
    )


@pytest.mark.django_db
def test_desk_refuses_a_claim_link_that_is_not_http_and_keeps_the_text(desk_client, story):
    data = compose_data(
        body="Statement from the governor.",
        claims=[
            {"source_name": "Governor", "text": "All calm", "source_url": "javascript:alert(1)"}
        ],
    )
    response = desk_client.post(desk_url(story, "post"), data, headers=HX)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Statement from the governor." in html and "All calm" in html
    assert not Update.objects.exists()


@pytest.mark.django_db
def test_posting_without_htmx_redirects_to_the_desk_which_shows_the_update(desk_client, story):
    data = compose_data(body="Bridge closed to traffic.")
    response = desk_client.post(desk_url(story, "post"), data)
    assert response.status_code == 302 and response["Location"] == desk_url(story)
    page = desk_client.get(desk_url(story)).content.decode()
    assert "Bridge closed to traffic." in page and "Posted at" in page


@pytest.mark.django_db
def test_desk_links_to_public_pages_only_for_updates_readers_can_open(client, editor, story):
    client.force_login(editor)
    published = make_update(story, body="Out already")
    scheduled = make_update(story, body="Later", published_at=timezone.now() + timedelta(hours=1))
    html = client.get(desk_url(story)).content.decode()
    assert f'href="{published.get_absolute_url()}"' in html
    # Its permalink would be a 404 until it is due.
    assert f'href="{scheduled.get_absolute_url()}"' not in html
    assert "Later" in html
    story.status = Story.Status.DRAFT
    story.save()
    html = client.get(desk_url(story)).content.decode()
    assert "Out already" in html and "Link to this update" not in html


@pytest.mark.django_db
def test_author_comes_from_the_login_never_from_the_form(desk_client, journalist, editor, story):
    data = compose_data(author=str(editor.pk), author_id=str(editor.pk))
    desk_client.post(desk_url(story, "post"), data, headers=HX)
    assert Update.objects.get(story=story).author == journalist


@pytest.mark.django_db
def test_publish_time_is_read_in_the_story_time_zone_for_scheduling(desk_client, story):
    later = (
        (timezone.now() + timedelta(hours=2))
        .astimezone(story.tzinfo)
        .replace(second=0, microsecond=0)
    )
    data = compose_data(published_at=later.strftime("%Y-%m-%dT%H:%M"))
    desk_client.post(desk_url(story, "post"), data, headers=HX)
    update = Update.objects.get(story=story)
    assert update.published_at == later
    assert not Update.objects.published().exists()
    page = desk_client.get(desk_url(story)).content.decode()
    assert "Scheduled: readers see it from" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offset", "notice"),
    [
        (None, "Posted at {hm}."),
        (timedelta(hours=-3), "Posted, dated {day}: readers see it now, in its place"),
        (timedelta(hours=3), "Scheduled: readers see it from {day}."),
    ],
    ids=["now", "backdated", "scheduled"],
)
def test_posting_says_when_readers_see_the_update(desk_client, story, offset, notice):
    # A backdated update is shown to readers at once: never "readers see it from 09:18".
    when = timezone.now() + (offset or timedelta(0))
    local = when.astimezone(story.tzinfo)
    typed = local.strftime("%Y-%m-%dT%H:%M") if offset else ""
    response = desk_client.post(
        desk_url(story, "post"), compose_data(published_at=typed), headers=HX
    )
    html = response.content.decode()
    local = Update.objects.get(story=story).published_at.astimezone(story.tzinfo)
    expected = notice.format(hm=f"{local:%H:%M}", day=f"{local.day} {local:%b, %H:%M}")
    assert expected in html, re.search(r'class="desk-notice".*?</p>', html, re.S)


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_validation_errors_show_next_to_fields_and_keep_the_text(desk_client, story, headers):
    data = compose_data(
        headline="x" * 301,
        body="A long paragraph the journalist must not lose.",
        claims=[{"source_name": "", "text": "The mayor said the water is falling"}],
    )
    response = desk_client.post(desk_url(story, "post"), data, headers=headers)
    assert response.status_code == 422
    html = response.content.decode()
    assert "A long paragraph the journalist must not lose." in html
    assert "The mayor said the water is falling" in html
    assert "Ensure this value has at most 300 characters" in html
    assert "This field is required." in html
    # The same one-time key, so the corrected form still posts exactly once.
    assert data["idempotency_key"] in html
    assert not Update.objects.exists()


@pytest.mark.django_db
def test_image_without_alt_text_is_a_form_error(desk_client, story):
    data = compose_data(body="Look: ![](/media/updates/2026/11/a.jpg)")
    response = desk_client.post(desk_url(story, "post"), data, headers=HX)
    assert response.status_code == 422
    assert "Every image needs alternative text" in response.content.decode()
    assert not Update.objects.exists()


@pytest.mark.django_db
def test_blank_claim_rows_are_ignored(desk_client, story):
    data = compose_data(claims=[{}, {"source_name": "Police", "text": "Road closed"}, {}])
    response = desk_client.post(desk_url(story, "post"), data, headers=HX)
    assert response.status_code == 200
    assert list(Claim.objects.values_list("text", flat=True)) == ["Road closed"]


@pytest.mark.django_db
def test_double_submit_of_one_form_creates_one_update(desk_client, story):
    data = compose_data(body="Only once, please.", claims=[{"source_name": "Army", "text": "X"}])
    first = desk_client.post(desk_url(story, "post"), data, headers=HX)
    second = desk_client.post(desk_url(story, "post"), data, headers=HX)
    assert first.status_code == second.status_code == 200
    assert Update.objects.filter(body="Only once, please.").count() == 1
    assert Claim.objects.count() == 1
    assert LogEntry.objects.filter(action_flag=ADDITION).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_of_one_form_create_one_update(story):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions; `make test` runs it on PostgreSQL")
    key = uuid.uuid4()
    author = make_user()
    barrier = threading.Barrier(2)
    outcomes = []

    def post():
        try:
            barrier.wait()
            services.publish_update(
                story=story, author=author, body="Twice at once", idempotency_key=key
            )
            outcomes.append("created")
        except services.DuplicateSubmission:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "duplicate"]
    assert Update.objects.filter(idempotency_key=key).count() == 1


@pytest.mark.django_db
def test_posting_is_recorded_in_admin_history_with_who(desk_client, journalist, story):
    data = compose_data(claims=[{"source_name": "Police", "text": "Road closed"}])
    desk_client.post(desk_url(story, "post"), data, headers=HX)
    update = Update.objects.get()
    entry = LogEntry.objects.get(object_id=str(update.pk), action_flag=ADDITION)
    assert entry.user == journalist
    assert "Added." in entry.get_change_message()
    assert "Police: Road closed" in entry.get_change_message()
    history = desk_client.get(f"/admin/stories/update/{update.pk}/history/").content.decode()
    assert journalist.username in history


# --- editing ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_edit_form_opens_over_htmx_with_the_update_and_its_claims(desk_client, journalist, story):
    update = make_update(story, author=journalist, body="Two villages")
    make_claim(update, text="Two villages under water")
    response = desk_client.get(desk_url(story, "edit", update.pk), headers=HX)
    html = response.content.decode()
    assert html.startswith('\n<section id="desk-editor"') or 'id="desk-editor"' in html[:200]
    assert "Two villages under water" in html and 'name="edit-correction_note"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_editing_changes_the_update_for_readers_at_their_next_poll_with_a_correction(
    desk_client, journalist, story, headers
):
    update = make_update(story, author=journalist, body="Two villages flooded")
    since = story_version(story)
    data = edit_data(
        update,
        body="Three villages flooded",
        correction_note="An earlier version gave the wrong number of villages.",
    )
    response = desk_client.post(desk_url(story, "edit", update.pk), data, headers=headers)
    assert response.status_code == (200 if headers else 302)
    update.refresh_from_db()
    assert update.body == "Three villages flooded" and update.edited_at is not None
    assert update.author == journalist
    poll = reader_poll(desk_client, story, since).content.decode()
    assert "Three villages flooded" in poll
    assert "An earlier version gave the wrong number of villages." in poll


@pytest.mark.django_db
def test_an_edit_that_leaves_the_time_alone_keeps_the_exact_time(desk_client, journalist, story):
    update = make_update(story, author=journalist)
    published_at = update.published_at
    make_claim(update)
    data = edit_data(update)
    data["edit-claims-0-status"] = "confirmed"
    desk_client.post(desk_url(story, "edit", update.pk), data, headers=HX)
    update.refresh_from_db()
    assert update.published_at == published_at and update.edited_at is None
    assert update.claims.get().status == "confirmed"


@pytest.mark.django_db
def test_editing_changes_adds_and_removes_claims_and_records_history(
    desk_client, journalist, story
):
    update = make_update(story, author=journalist)
    kept = make_claim(update, text="Kept claim", source=make_source(name="Army"))
    removed = make_claim(update, text="Removed claim")
    claims = [
        {"id": str(kept.pk), "source_name": "Army", "text": "Kept claim", "status": "disputed"},
        {"id": str(removed.pk), "source_name": removed.source.name, "text": "Removed claim",
         "DELETE": True},
        {"source_name": "Hospital", "text": "Twelve injured"},
    ]  # fmt: skip
    response = desk_client.post(
        desk_url(story, "edit", update.pk), edit_data(update, claims=claims), headers=HX
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    assert sorted(update.claims.values_list("text", "status")) == [
        ("Kept claim", "disputed"),
        ("Twelve injured", "unverified"),
    ]
    change = ClaimStatusChange.objects.get(claim=kept)
    assert change.to_status == "disputed" and change.changed_by == journalist
    entry = LogEntry.objects.get(object_id=str(update.pk), action_flag=CHANGE)
    message = entry.get_change_message()
    assert entry.user == journalist
    assert "Army: Kept claim" in message and "Hospital: Twelve injured" in message
    assert "Deleted claim" in message


@pytest.mark.django_db
def test_edit_with_errors_keeps_the_text_and_changes_nothing(desk_client, journalist, story):
    update = make_update(story, author=journalist, body="Original")
    data = edit_data(update, body="Rewritten but ![](x.png)")
    response = desk_client.post(desk_url(story, "edit", update.pk), data, headers=HX)
    assert response.status_code == 422
    assert "Rewritten but" in response.content.decode()
    update.refresh_from_db()
    assert update.body == "Original"


@pytest.mark.django_db
def test_a_claim_id_from_another_update_is_refused(desk_client, journalist, story):
    update = make_update(story, author=journalist)
    foreign = make_claim(make_update(story), text="Someone else's")
    claims = [{"id": str(foreign.pk), "source_name": "X", "text": "Hijacked"}]
    response = desk_client.post(
        desk_url(story, "edit", update.pk), edit_data(update, claims=claims), headers=HX
    )
    assert response.status_code == 422
    foreign.refresh_from_db()
    assert foreign.text == "Someone else's"


# --- deleting ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_deleting_over_htmx_removes_update_for_readers_and_records_who(
    desk_client, journalist, story
):
    update = make_update(story, author=journalist, headline="Wrong story")
    pk = update.pk
    since = story_version(story)
    response = desk_client.post(desk_url(story, "delete", pk), headers=HX)
    assert response.status_code == 200
    assert f'id="update-{pk}"' not in response.content.decode()
    assert not Update.objects.filter(pk=pk).exists()
    assert DeletedUpdate.objects.filter(update_id=pk).exists()
    assert f'data-removed-update="{pk}"' in reader_poll(desk_client, story, since).content.decode()
    entry = LogEntry.objects.get(object_id=str(pk), action_flag=DELETION)
    assert entry.user == journalist and entry.object_repr == "Wrong story"


@pytest.mark.django_db
def test_deleting_without_javascript_asks_for_confirmation_first(desk_client, journalist, story):
    update = make_update(story, author=journalist, headline="Duplicate post")
    confirm = desk_client.get(desk_url(story, "delete", update.pk))
    assert confirm.status_code == 200
    assert "Delete update?" in confirm.content.decode()
    assert Update.objects.filter(pk=update.pk).exists()
    response = desk_client.post(desk_url(story, "delete", update.pk))
    assert response.status_code == 302
    assert not Update.objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_deletion_confirmation_page_keeps_a_whole_compose_form(desk_client, journalist, story):
    # The page without JavaScript is the whole desk: posting must still work from it.
    update = make_update(story, author=journalist)
    html = desk_client.get(desk_url(story, "delete", update.pk)).content.decode()
    compose = re.search(r'<form id="compose".*?</form>', html, re.S)[0]
    assert 'id="id_body"' in compose and 'name="idempotency_key"' in compose
    assert 'aria-controls=""' not in compose


@pytest.mark.django_db
def test_delete_links_ask_for_confirmation_in_the_browser(desk_client, journalist, story):
    make_update(story, author=journalist)
    html = desk_client.get(desk_url(story)).content.decode()
    assert "hx-confirm=" in re.search(r'<a href="[^"]*/delete/".*?</a>', html, re.S)[0]


# --- the list's poll --------------------------------------------------------------------


@pytest.mark.django_db
def test_desk_poll_is_204_until_a_colleague_posts_edits_or_deletes(desk_client, editor, story):
    mine = make_update(story, body="Mine")
    version = story_version(story)
    poll = desk_url(story, "updates") + f"?since={version}"
    assert desk_client.get(poll, headers=HX).status_code == 204
    colleague = Client()
    colleague.force_login(editor)
    colleague.post(desk_url(story, "post"), compose_data(body="From a colleague"), headers=HX)
    response = desk_client.get(poll, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "From a colleague" in html
    new_version = int(response["Desk-Version"])
    assert f'?since={new_version}"' in html
    colleague.post(desk_url(story, "delete", mine.pk), headers=HX)
    after_delete = desk_client.get(
        desk_url(story, "updates") + f"?since={new_version}", headers=HX
    ).content.decode()
    assert "Mine" not in after_delete and "From a colleague" in after_delete


# --- rich text --------------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_renders_the_body_as_readers_will_see_it(desk_client, story):
    body = "**Bold** and [a link](https://example.org)\n\n> quoted\n\n- one\n- two"
    response = desk_client.post(desk_url(story, "preview") + "?form=compose", {"body": body})
    html = response.content.decode()
    assert "<strong>Bold</strong>" in html and "<blockquote>" in html and "<li>one</li>" in html
    assert 'href="https://example.org"' in html
    edit = desk_client.post(desk_url(story, "preview") + "?form=edit", {"edit-body": "*x*"})
    assert "<em>x</em>" in edit.content.decode()
    assert desk_client.post(desk_url(story, "preview") + "?form=nope", {}).status_code == 400


def image_file(fmt="JPEG", size=(40, 30), name="photo.jpg", exif=None) -> io.BytesIO:
    data = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (200, 30, 30)).save(data, format=fmt, **options)
    data.seek(0)
    data.name = name
    return data


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_image_upload_stores_a_clean_copy_under_media_and_answers_markdown(
    desk_client, story, media_root
):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make: metadata that must not be published
    upload = image_file(exif=exif)
    response = desk_client.post(
        desk_url(story, "image") + "?form=compose",
        {"image": upload, "alt": "Flooded [main] street"},
        headers=HX,
    )
    assert response.status_code == 200
    markdown = re.search(r'data-insert-markdown="([^"]+)"', response.content.decode())[1]
    now = timezone.now()
    match = re.fullmatch(
        rf"!\[Flooded \(main\) street\]\(/media/updates/{now:%Y}/{now:%m}/(\w+-40x30)\.jpg\)",
        markdown,
    )
    assert match
    stored = media_root / "updates" / f"{now:%Y}" / f"{now:%m}" / f"{match[1]}.jpg"
    with Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (40, 30)
        assert 0x010F not in image.getexif()
    # The Markdown it answers posts as an image with its alt text, and its size so that
    # the page holds its place while it loads.
    desk_client.post(desk_url(story, "post"), compose_data(body=markdown), headers=HX)
    body_html = Update.objects.get().body_html
    assert 'alt="Flooded (main) street"' in body_html
    assert 'width="40" height="30"' in body_html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "alt", "error"),
    [
        (io.BytesIO(b"<svg onload=alert(1)></svg>"), "An svg", "not an image we can read"),
        (image_file(fmt="BMP", name="x.bmp"), "A bitmap", "Use a JPEG, PNG, GIF or WebP"),
        (image_file(), "", "This field is required"),
        # 1,419 bytes asking for 60 frames on a 6000x6600 canvas (see tests/domain/test_images.py).
        (io.BytesIO(gif(6000, 6600, 60)), "A bomb", "add up to more than 100 megapixels"),
    ],
    ids=["not-an-image", "wrong-type", "no-alt", "gif-bomb"],
)
def test_image_upload_refuses_bad_files_with_a_form_error(
    desk_client, story, media_root, upload, alt, error
):
    upload.name = getattr(upload, "name", "x.jpg")
    response = desk_client.post(
        desk_url(story, "image") + "?form=compose", {"image": upload, "alt": alt}, headers=HX
    )
    assert response.status_code == 422
    assert error in response.content.decode()
    assert not any(media_root.rglob("*.*"))


@pytest.mark.django_db
def test_image_upload_refuses_files_over_5_mb(desk_client, story, media_root):
    big = image_file()
    big = io.BytesIO(big.getvalue() + b"\0" * (5 * 1024 * 1024))
    big.name = "big.jpg"
    response = desk_client.post(
        desk_url(story, "image") + "?form=compose", {"image": big, "alt": "Big"}, headers=HX
    )
    assert response.status_code == 422
    assert "larger than 5 MB" in response.content.decode()


@pytest.mark.django_db
def test_source_suggestions_match_what_is_typed(desk_client, story):
    make_source(name="Ministry of Defence")
    make_source(name="State Emergency Service")
    url = desk_url(story, "sources") + "?claims-0-source_name=defen"
    html = desk_client.get(url, headers=HX).content.decode()
    assert '<option value="Ministry of Defence">' in html and "Emergency" not in html


# --- story lifecycle --------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_ends_coverage_from_the_desk_which_stops_readers_polling(client, editor, story):
    client.force_login(editor)
    since = story_version(story)
    response = client.post(desk_url(story, "status"), {"status": "ended"}, headers=HX)
    assert response.status_code == 200 and "Reopen coverage" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Story.Status.ENDED and story.ended_at is not None
    poll = reader_poll(client, story, since)
    poller = re.search(r'<div id="poller".*?</div>', poll.content.decode(), re.S)[0]
    assert "hx-trigger" not in poller
    assert LogEntry.objects.get(object_id=str(story.pk), action_flag=CHANGE).user == editor


@pytest.mark.django_db
def test_story_list_shows_status_update_count_latest_update_and_public_link(client, editor):
    client.force_login(editor)
    story = make_story(title="Storm")
    make_update(story)
    latest = make_update(story)
    html = client.get("/admin/stories/story/").content.decode()
    row = re.search(r"<tr>.*?Storm.*?</tr>", html, re.S)[0]
    assert "Live" in row and ">2<" in row
    assert f'href="{story.get_absolute_url()}"' in row
    assert f"{latest.published_at:%Y}" in row


# --- stock admin lists and actions ------------------------------------------------------


@pytest.mark.django_db
def test_admin_lists_search_and_filter(client, editor, story):
    client.force_login(editor)
    source = make_source(name="Coast Guard")
    make_claim(make_update(story, headline="Boats out"), source=source, text="Forty rescued")
    make_claim(make_update(story), source=source)
    sources = client.get("/admin/stories/source/?q=coast").content.decode()
    assert "Coast Guard" in sources and 'class="field-claim_count">2<' in sources
    claims = client.get("/admin/stories/claim/?status__exact=unverified&q=rescued")
    assert "Forty rescued" in claims.content.decode()
    updates = client.get(
        f"/admin/stories/update/?story__id__exact={story.pk}&is_key_event__exact=0"
    )
    assert "Boats out" in updates.content.decode()
    assert client.get("/admin/stories/update/?publication=scheduled&q=Boats").status_code == 200


@pytest.mark.django_db
def test_bulk_confirming_claims_reaches_readers_and_keeps_history(client, editor, story):
    client.force_login(editor)
    claims = [make_claim(make_update(story)) for _ in range(2)]
    since = story_version(story)
    response = client.post(
        "/admin/stories/claim/",
        {"action": "mark_confirmed", "_selected_action": [str(c.pk) for c in claims]},
    )
    assert response.status_code == 302
    assert set(Claim.objects.values_list("status", flat=True)) == {"confirmed"}
    assert ClaimStatusChange.objects.filter(changed_by=editor, to_status="confirmed").count() == 2
    assert LogEntry.objects.filter(user=editor, action_flag=CHANGE).count() == 2
    poll = reader_poll(client, story, since).content.decode()
    assert poll.count('data-status="confirmed"') == 2


@pytest.mark.django_db
def test_bulk_deleting_claims_in_the_admin_reaches_readers(client, editor, story):
    client.force_login(editor)
    claim = make_claim(make_update(story), text="Retracted")
    since = story_version(story)
    client.post(
        "/admin/stories/claim/",
        {"action": "delete_selected", "_selected_action": [str(claim.pk)], "post": "yes"},
    )
    assert not Claim.objects.exists()
    assert story_version(story) > since
    assert "Retracted" not in reader_poll(client, story, since).content.decode()


@pytest.mark.django_db
def test_editing_in_the_stock_admin_reaches_readers_with_a_correction(client, editor, story):
    client.force_login(editor)
    update = make_update(story, body="Five dead", author=editor)
    since = story_version(story)
    # The admin shows and reads times in the story's time zone.
    local = update.published_at.astimezone(story.tzinfo)
    response = client.post(
        f"/admin/stories/update/{update.pk}/change/",
        {
            "story": str(story.pk),
            "headline": "",
            "body": "Six dead",
            "published_at_0": local.strftime("%Y-%m-%d"),
            "published_at_1": local.strftime("%H:%M:%S"),
            "correction_note": "The toll was corrected.",
            "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0",
            "claims-MIN_NUM_FORMS": "0",
            "claims-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    poll = reader_poll(client, story, since).content.decode()
    assert "Six dead" in poll and "The toll was corrected." in poll
    assert LogEntry.objects.filter(object_id=str(update.pk), user=editor).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["desk", "admin"])
def test_pinning_an_update_unpins_the_previous_one_from_desk_and_admin(
    client, editor, story, where
):
    client.force_login(editor)
    old = make_update(story, is_pinned=True, author=editor)
    new = make_update(story, author=editor, body="Now this one")
    if where == "desk":
        response = client.post(
            desk_url(story, "edit", new.pk), edit_data(new, is_pinned=True), headers=HX
        )
        assert response.status_code == 200
    else:
        form = {
            "story": str(story.pk), "headline": "", "body": new.body, "is_pinned": "on",
            "published_at_0": f"{new.published_at.astimezone(story.tzinfo):%Y-%m-%d}",
            "published_at_1": f"{new.published_at.astimezone(story.tzinfo):%H:%M:%S}",
            "correction_note": "", "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0",
            "claims-MIN_NUM_FORMS": "0", "claims-MAX_NUM_FORMS": "1000",
        }  # fmt: skip
        response = client.post(f"/admin/stories/update/{new.pk}/change/", form)
        assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Update.objects.filter(is_pinned=True)) == [new]
    old.refresh_from_db()
    assert not old.is_pinned


@pytest.mark.django_db
def test_saving_over_a_colleagues_later_edit_is_stopped_once_and_shown(
    client, desk_client, journalist, editor, story
):
    update = make_update(story, author=journalist, body="Original")
    mine = edit_data(update, body="My rewrite")  # the form as I opened it
    client.force_login(editor)
    client.post(desk_url(story, "edit", update.pk), edit_data(update, body="Editor's fix"))
    response = desk_client.post(desk_url(story, "edit", update.pk), mine, headers=HX)
    html = response.content.decode()
    assert response.status_code == 422
    assert "A colleague changed this update after you opened it" in html
    assert "My rewrite" in html
    update.refresh_from_db()
    assert update.body == "Editor's fix"
    # Sent again as shown, it saves.
    mine["edit-seen_version"] = re.search(r'name="edit-seen_version" value="(\d+)"', html)[1]
    response = desk_client.post(desk_url(story, "edit", update.pk), mine, headers=HX)
    assert response.status_code == 200
    update.refresh_from_db()
    assert update.body == "My rewrite"


def revise(update, editor, body: str, seen_version: int):
    """Save ``update`` with a new body, as the desk does when its form is sent."""
    return services.revise_update(
        update=update,
        editor=editor,
        body=body,
        headline=update.headline,
        published_at=update.published_at,
        is_key_event=update.is_key_event,
        is_pinned=update.is_pinned,
        correction_note=update.correction_note,
        seen_version=seen_version,
    )


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_from_one_version_let_exactly_one_win(story):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions; `make test` runs it on PostgreSQL")
    update = make_update(story, body="Original")
    seen = Update.objects.get(pk=update.pk).version  # both editors opened this version
    editors = [make_user(username="ana"), make_user(username="ben")]
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(editor):
        try:
            # Each request loads the update before saving it, as the desk's view does.
            loaded = Update.objects.get(pk=update.pk)
            barrier.wait()
            revise(loaded, editor, f"Rewritten by {editor.username}", seen)
            outcomes[editor.username] = "saved"
        except services.EditConflict:
            outcomes[editor.username] = "conflict"
        except Exception as error:  # shown by the assertion below
            outcomes[editor.username] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=[editor]) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert Update.objects.get(pk=update.pk).body == f"Rewritten by {winner}"


@pytest.mark.django_db
def test_a_save_after_a_colleague_deleted_the_update_does_not_bring_it_back(story):
    update = make_update(story, body="Wrong figures")
    seen = update.version
    Update.objects.get(pk=update.pk).delete()  # by a colleague, while the form was open
    with pytest.raises(Update.DoesNotExist):
        revise(update, make_user(), "Corrected figures", seen)
    assert not Update.objects.filter(pk=update.pk).exists()
