"""Atom and RSS feeds, read back with feedparser as a feed reader would."""

import html
import re
import time
from datetime import UTC, timedelta

import feedparser
import pytest
from django.utils import timezone

from stories.models import Claim, Story, Tag
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def as_utc(struct) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", struct)


def utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


@pytest.mark.django_db
def test_story_atom_feed_has_one_entry_per_published_update_newest_first(client):
    story = make_story(title="Storm reaches the coast", time_zone="Europe/Kyiv")
    author = make_user(first_name="Ana", last_name="Lima")
    at = timezone.now().replace(microsecond=0) - timedelta(hours=2)
    older = make_update(story, body="Wind at **120 km/h**", published_at=at, author=author)
    newer = make_update(story, headline="Power cut", published_at=at + timedelta(hours=1))
    make_update(story, headline="Scheduled", published_at=timezone.now() + timedelta(hours=1))
    make_update(make_story(), headline="Another story")
    response, feed = parse(client, f"/stories/{story.slug}/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10" and feed.feed.title == "Storm reaches the coast"
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/stories/{story.slug}/updates/{newer.pk}/",
        f"http://testserver/stories/{story.slug}/updates/{older.pk}/",
    ]
    assert [entry.title for entry in feed.entries] == ["Power cut", "Wind at 120 km/h"]
    assert feed.entries[1].author == "Ana Lima"
    assert "<strong>120 km/h</strong>" in feed.entries[1].summary
    # UTC in the feed, whatever the story's time zone.
    assert as_utc(feed.entries[1].published_parsed) == utc(at)
    assert re.search(r"<published>[^<]*(Z|\+00:00)</published>", response.content.decode())


@pytest.mark.django_db
def test_edited_update_shows_its_new_updated_time(client):
    story = make_story()
    at = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    update = make_update(story, body="Two villages", published_at=at)
    update.body = "Three villages"
    update.save()
    update.refresh_from_db()
    _, feed = parse(client, f"/stories/{story.slug}/feed/")
    [entry] = feed.entries
    assert as_utc(entry.published_parsed) == utc(at)
    assert as_utc(entry.updated_parsed) == utc(update.edited_at)
    assert "Three villages" in entry.summary


@pytest.mark.django_db
def test_claims_are_in_the_entry_with_source_text_and_status_and_a_change_moves_updated(client):
    story = make_story()
    update = make_update(story, published_at=timezone.now() - timedelta(hours=1))
    source = make_source(name="Coast guard")
    claim = make_claim(update, source=source, text="Nine boats are missing")
    claim.status = Claim.Status.CONFIRMED
    claim.save()
    claim.refresh_from_db()
    _, feed = parse(client, f"/stories/{story.slug}/feed/")
    [entry] = feed.entries
    assert "Coast guard" in entry.summary and "Nine boats are missing" in entry.summary
    assert "Confirmed" in entry.summary
    assert f"http://testserver/sources/{source.slug}/" in entry.summary
    assert as_utc(entry.updated_parsed) == utc(claim.status_changed_at)


@pytest.mark.django_db
def test_story_rss_feed_has_the_same_entries(client):
    story = make_story(summary="Live coverage of the storm")
    updates = [make_update(story, headline=f"Update {i}") for i in range(3)]
    _, atom = parse(client, f"/stories/{story.slug}/feed/")
    response, rss = parse(client, f"/stories/{story.slug}/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss.version == "rss20" and rss.feed.description == "Live coverage of the storm"
    assert [entry.link for entry in rss.entries] == [entry.link for entry in atom.entries]
    assert len(rss.entries) == len(updates)


@pytest.mark.django_db
def test_site_feed_lists_latest_updates_of_public_stories_only(client):
    live = make_story(title="Storm")
    ended = make_story(title="Election", status=Story.Status.ENDED)
    draft = make_story(title="Draft", status=Story.Status.DRAFT)
    now = timezone.now()
    first = make_update(ended, headline="Results in", published_at=now - timedelta(hours=2))
    second = make_update(live, headline="Landfall", published_at=now - timedelta(hours=1))
    make_update(draft, headline="Not yet")
    _, feed = parse(client, "/feed/")
    assert [entry.title for entry in feed.entries] == ["Storm: Landfall", "Election: Results in"]
    assert feed.entries[0].link.endswith(second.get_absolute_url())
    assert feed.entries[1].link.endswith(first.get_absolute_url())


@pytest.mark.django_db
def test_draft_or_unknown_story_has_no_feed(client):
    draft = make_story(status=Story.Status.DRAFT)
    assert client.get(f"/stories/{draft.slug}/feed/").status_code == 404
    assert client.get("/stories/nothing-here/rss/").status_code == 404


@pytest.mark.django_db
def test_feed_query_count_does_not_grow_with_entries(client, django_assert_max_num_queries):
    story = make_story()
    author = make_user()
    flooding = Tag.objects.create(name="Flooding")
    for _ in range(30):
        update = make_update(story, author=author)
        make_claim(update)
        make_claim(update)
        update.tags.add(flooding)
    with django_assert_max_num_queries(5):  # story, updates, claims, co-authors, tags
        response = client.get(f"/stories/{story.slug}/feed/")
    entries = feedparser.parse(response.content).entries
    assert len(entries) == 30
    assert {tag.term for entry in entries for tag in entry.tags} == {"Flooding"}
    with django_assert_max_num_queries(4):  # updates (with stories), claims, co-authors, tags
        client.get("/feed/")


@pytest.mark.django_db
def test_pages_advertise_their_feeds_and_the_links_work(client):
    story = make_story()
    update = make_update(story)
    pages = {"/": ["/feed/"], story.get_absolute_url(): None, update.get_absolute_url(): None}
    story_feeds = [f"/stories/{story.slug}/feed/", f"/stories/{story.slug}/rss/"]
    for url, expected in pages.items():
        html = client.get(url).content.decode()
        head = html[: html.index("</head>")]
        links = re.findall(
            r'<link rel="alternate" type="application/(?:atom|rss)\+xml" href="([^"]+)"', head
        )
        assert links == (expected or story_feeds)
        for link in links:
            parse(client, link)


@pytest.mark.django_db
def test_feeds_are_publicly_cacheable(client):
    story = make_story()
    response = client.get(f"/stories/{story.slug}/feed/")
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["feed", "rss"])
def test_images_and_site_links_in_entries_are_absolute_for_feed_readers(client, feed, settings):
    story = make_story()
    make_update(
        story,
        body="![Smoke over the town](/media/updates/2026/01/smoke.jpg) "
        "See [the sources](/sources/) and [the agency](https://agency.example/x).",
    )
    xml = client.get(f"/stories/{story.slug}/{feed}/").content.decode()
    # Escaped HTML inside the XML: a feed reader elsewhere cannot resolve "/media/…".
    assert 'src="http://testserver/media/updates/2026/01/smoke.jpg"' in html.unescape(xml)
    assert 'href="http://testserver/sources/"' in html.unescape(xml)
    assert 'href="https://agency.example/x"' in html.unescape(xml)
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PUBLIC_URL": "https://live.news.example"}
    xml = client.get(f"/stories/{story.slug}/{feed}/").content.decode()
    assert 'src="https://live.news.example/media/updates/2026/01/smoke.jpg"' in html.unescape(xml)


@pytest.mark.django_db
@pytest.mark.parametrize("character", ["\x0b", "\x1b", "\x00", "\x08", "\x0c", "\ufffe"])
def test_characters_xml_cannot_carry_never_break_a_feed(client, character):
    story = make_story(title=f"Front{character} line")
    update = make_update(
        story,
        headline=f"Bridge{character} down",
        body=f"First line{character}second line",
        correction_note=f"Fixed{character}",
    )
    make_claim(update, text=f"Claim{character}text", source=make_source(name=f"Army{character}"))
    for url in (f"/stories/{story.slug}/feed/", f"/stories/{story.slug}/rss/", "/feed/"):
        _, feed = parse(client, url)
        assert "Bridge" in feed.entries[0].title
        assert character not in feed.entries[0].title


@pytest.mark.django_db
def test_word_line_breaks_become_line_breaks_when_saved():
    update = make_update(body="First line\x0bsecond line")
    update.refresh_from_db()
    assert update.body == "First line\nsecond line"


@pytest.mark.django_db
def test_a_row_written_around_the_models_still_leaves_the_feed_readable(client):
    from stories.models import Update

    story = make_story()
    update = make_update(story, headline="Clean headline")
    Update.objects.filter(pk=update.pk).update(headline="Dirty\x1b headline", body="x\x0by")
    _, feed = parse(client, f"/stories/{story.slug}/feed/")
    assert feed.entries[0].title == "Dirty headline"
