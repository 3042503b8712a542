"""Reader pages: the story list, story page, older updates, permalinks and sources."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from stories.models import Claim, Story
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user

HX = {"HX-Request": "true"}


@pytest.mark.django_db
def test_home_lists_live_stories_with_a_live_marker(client):
    live = make_story(title="Storm reaches the coast")
    make_story(title="Election night", status=Story.Status.ENDED)
    make_story(title="Secret draft", status=Story.Status.DRAFT)
    make_update(live)
    html = client.get("/").content.decode()
    assert "Storm reaches the coast" in html and "Election night" in html
    assert "Secret draft" not in html
    assert html.index("Storm reaches the coast") < html.index("Election night")
    assert 'class="live-badge"' in html


@pytest.mark.django_db
def test_story_page_shows_updates_newest_first_with_claims_and_times(client):
    story = make_story(time_zone="Europe/Kyiv")
    at = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    older = make_update(story, body="Older", published_at=at)
    newer = make_update(story, body="Newer", published_at=at + timedelta(minutes=5))
    source = make_source(name="State Emergency Service")
    make_claim(
        newer, source=source, text="Five people were killed", note="We could not verify the toll."
    )
    html = client.get(f"/stories/{story.slug}/").content.decode()
    assert html.index(f'id="update-{newer.pk}"') < html.index(f'id="update-{older.pk}"')
    assert "State Emergency Service" in html and f'href="/sources/{source.slug}/"' in html
    assert "Unverified" in html and "We could not verify the toll." in html
    kyiv = at.astimezone(story.tzinfo)
    assert kyiv.strftime("%H:%M") in html
    assert f'datetime="{at.isoformat()}"' in html


@pytest.mark.django_db
def test_story_page_shows_pinned_update_and_key_events_box(client):
    story = make_story()
    key = make_update(story, headline="Defence minister visits the front", is_key_event=True)
    pinned = make_update(story, headline="What we know", is_pinned=True)
    html = client.get(f"/stories/{story.slug}/").content.decode()
    key_events = re.search(r'<nav id="key-events".*?</nav>', html, re.S)[0]
    assert "Defence minister visits the front" in key_events and f"#update-{key.pk}" in key_events
    pinned_box = re.search(r'<section id="pinned".*?</section>', html, re.S)[0]
    assert "What we know" in pinned_box
    # The pinned update is also in the stream, and no id appears twice.
    ids = re.findall(r'id="(update-\d+)"', html)
    assert f"update-{pinned.pk}" in ids and len(ids) == len(set(ids))


@pytest.mark.django_db
def test_story_page_polls_with_its_interval_and_cursor(client):
    story = make_story(poll_interval=15)
    html = client.get(f"/stories/{story.slug}/").content.decode()
    poller = re.search(r'<div id="poller".*?</div>', html, re.S)[0]
    assert (
        f'hx-get="/stories/{story.slug}/poll/?since={Story.objects.get(pk=story.pk).version}"'
        in poller
    )
    assert 'hx-trigger="every 15s' in poller


@pytest.mark.django_db
def test_older_updates_page_by_keyset_without_repeats(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 5}
    story = make_story()
    now = timezone.now()
    updates = [make_update(story, published_at=now - timedelta(minutes=i)) for i in range(12)]
    html = client.get(f"/stories/{story.slug}/").content.decode()
    seen = re.findall(r'<article class="update[^"]*" id="update-(\d+)"', html)
    while True:
        link = re.search(r'hx-get="(/stories/[^"]+\?before=[^"]+)"', html)
        if not link:
            break
        html = client.get(link[1], headers=HX).content.decode()
        assert "<html" not in html
        seen += re.findall(r'<article class="update[^"]*" id="update-(\d+)"', html)
    assert [int(pk) for pk in seen] == [u.pk for u in updates]


@pytest.mark.django_db
def test_older_updates_work_without_javascript_as_a_full_page(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 2}
    story = make_story()
    for i in range(3):
        make_update(story, published_at=timezone.now() - timedelta(minutes=i))
    html = client.get(f"/stories/{story.slug}/").content.decode()
    href = re.search(r'<a id="older-[^"]*" class="older-updates" href="([^"]+)"', html)[1]
    page = client.get(href.replace("&amp;", "&"))
    assert page.status_code == 200 and b"<html" in page.content


@pytest.mark.parametrize("before", ["x", "1-", "-1", "99999999999999999999-1", "1-1%00"])
@pytest.mark.django_db
def test_bad_older_token_is_400(client, before):
    story = make_story()
    assert client.get(f"/stories/{story.slug}/?before={before}").status_code == 400


@pytest.mark.django_db
def test_story_page_query_count_does_not_grow_with_claims(client, django_assert_max_num_queries):
    story = make_story()
    author = make_user()
    for _ in range(25):
        update = make_update(story, author=author)
        for _ in range(3):
            make_claim(update)
    # Co-authors and tags come with the updates (stories/models/display.py).
    with django_assert_max_num_queries(7):
        response = client.get(f"/stories/{story.slug}/")
    assert response.content.count(b'class="claim claim--') == 60


@pytest.mark.django_db
def test_a_correction_made_on_a_later_day_shows_its_date(client):
    story = make_story(time_zone="Europe/Kyiv")
    yesterday = timezone.now() - timedelta(days=1, hours=1)
    update = make_update(story, body="Five dead", published_at=yesterday)
    update.body = "Six dead"
    update.correction_note = "The toll rose."
    update.save()
    edited = timezone.localtime(update.edited_at, story.tzinfo)
    html = client.get(f"/stories/{story.slug}/").content.decode()
    # "Updated 14:02" alone would read as the day it was published.
    assert "Updated <time datetime=" in html
    assert f">{edited.day} {edited:%b, %H:%M}</time>: The toll rose." in html

    same_day = make_update(story, body="Calm", published_at=timezone.now() - timedelta(seconds=5))
    same_day.body = "Calm again"
    same_day.save()
    edited = timezone.localtime(same_day.edited_at, story.tzinfo)
    html = client.get(f"/stories/{story.slug}/").content.decode()
    assert f">{edited:%H:%M}</time></p>" in html


@pytest.mark.django_db
def test_update_permalink_page_links_back_into_the_stream(client):
    story = make_story()
    update = make_update(story, headline="Bridges destroyed")
    response = client.get(f"/stories/{story.slug}/updates/{update.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and "Bridges destroyed" in html
    assert f"#update-{update.pk}" in html and story.title in html


@pytest.mark.django_db
def test_permalink_of_scheduled_or_other_storys_update_is_404(client):
    story, other = make_story(), make_story()
    scheduled = make_update(story, published_at=timezone.now() + timedelta(hours=1))
    elsewhere = make_update(other)
    assert client.get(f"/stories/{story.slug}/updates/{scheduled.pk}/").status_code == 404
    assert client.get(f"/stories/{story.slug}/updates/{elsewhere.pk}/").status_code == 404


@pytest.mark.django_db
def test_draft_story_is_404(client):
    draft = make_story(status=Story.Status.DRAFT)
    assert client.get(f"/stories/{draft.slug}/").status_code == 404


@pytest.mark.django_db
def test_public_pages_set_no_cookies_and_are_cacheable(client):
    story = make_story()
    update = make_update(story)
    for url in ["/", f"/stories/{story.slug}/", update.get_absolute_url(), "/sources/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "public" in response["Cache-Control"], url
        assert "Cookie" not in response.get("Vary", ""), url


@pytest.mark.django_db
def test_source_page_lists_its_claims_across_stories(client):
    source = make_source(name="UK Ministry of Defence")
    first = make_claim(
        make_update(make_story(title="War front")), source=source, text="Two bridges destroyed"
    )
    make_claim(
        make_update(make_story(title="Other front")),
        source=source,
        text="Advance stalled",
        status=Claim.Status.CONFIRMED,
    )
    html = client.get(f"/sources/{source.slug}/").content.decode()
    assert "Two bridges destroyed" in html and "Advance stalled" in html
    assert html.index("Advance stalled") < html.index("Two bridges destroyed")
    assert first.update.get_absolute_url() in html


@pytest.mark.django_db
def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


@pytest.mark.django_db
def test_markdown_never_shows_as_symbols_where_an_update_is_named_by_its_text(client, editor):
    story = make_story()
    update = make_update(
        story, is_key_event=True, body="**Update:** Water & power cut in *three* districts."
    )
    words = "Update: Water &amp; power cut in three districts."
    page = client.get(f"/stories/{story.slug}/").content.decode()
    key_events = page[
        page.index('id="key-events"') : page.index("</nav>", page.index('id="key-events"'))
    ]
    assert words in key_events and "**" not in key_events
    permalink = client.get(update.get_absolute_url()).content.decode()
    title = re.search(r"<title>(.*?)</title>", permalink, re.S)[1]
    assert title.startswith(words) and "&amp;amp;" not in permalink
    client.force_login(editor)
    listing = client.get("/admin/stories/update/").content.decode()
    assert words in listing and "**Update:**" not in listing


@pytest.fixture
def editor(db):
    return make_user(role="Editor")
