"""LiveBlogPosting and NewsArticle JSON-LD, canonical links, Open Graph and the sitemap."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, timedelta

import extruct
import pytest
from django.utils import timezone

from stories.models import Claim, Story
from stories.rich_text import plain_text
from tests.support.factories import make_claim, make_story, make_update, make_user

BASE = "http://testserver"


def utc(moment) -> str:
    return moment.astimezone(UTC).isoformat()


def extract(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return extruct.extract(
        response.content.decode(), base_url=BASE + url, syntaxes=["json-ld", "opengraph"]
    )


def head_link(client, url: str, rel: str) -> str:
    html = client.get(url).content.decode()
    return re.search(rf'<link rel="{rel}" href="([^"]+)"', html)[1]


def meta(client, url: str, name: str) -> str:
    html = client.get(url).content.decode()
    return re.search(rf'<meta name="{re.escape(name)}" content="([^"]*)"', html)[1]


@pytest.mark.django_db
def test_story_page_describes_a_live_blog_posting_field_by_field(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "NEWSROOM_NAME": "The Coast Herald"}
    story = make_story(title="Storm reaches the coast", summary="Live coverage of the storm")
    author = make_user(first_name="Ana", last_name="Lima")
    at = timezone.now() - timedelta(hours=2)
    older = make_update(story, body="Wind at **120 km/h**", published_at=at, author=author)
    newer = make_update(story, headline="Power cut", published_at=at + timedelta(hours=1))
    claim = make_claim(newer)
    claim.status = Claim.Status.DISPUTED
    claim.save()
    story.refresh_from_db()
    [posting] = extract(client, story.get_absolute_url())["json-ld"]
    url = f"{BASE}/stories/{story.slug}/"
    assert posting["@context"] == "https://schema.org" and posting["@type"] == "LiveBlogPosting"
    assert posting["url"] == posting["@id"] == url
    assert posting["headline"] == story.title and posting["description"] == story.summary
    assert posting["datePublished"] == posting["coverageStartTime"] == utc(story.started_at)
    assert "coverageEndTime" not in posting
    assert posting["publisher"] == {
        "@type": "Organization",
        "name": "The Coast Herald",
        "url": f"{BASE}/",
    }
    newer.refresh_from_db()
    claim.refresh_from_db()
    assert posting["dateModified"] == utc(claim.status_changed_at)
    entries = posting["liveBlogUpdate"]
    assert [entry["url"] for entry in entries] == [
        f"{BASE}{newer.get_absolute_url()}",
        f"{BASE}{older.get_absolute_url()}",
    ]
    for entry, update in zip(entries, [newer, older], strict=True):
        assert entry["@type"] == "BlogPosting"
        assert entry["datePublished"] == utc(update.published_at)
        assert entry["articleBody"] == plain_text(update.body)
    assert entries[0]["headline"] == "Power cut"
    assert entries[0]["dateModified"] == utc(claim.status_changed_at)
    assert "author" not in entries[0]
    assert entries[1]["headline"] == "Wind at 120 km/h"
    assert entries[1]["dateModified"] == utc(older.published_at)
    assert entries[1]["author"] == {"@type": "Person", "name": "Ana Lima"}


@pytest.mark.django_db
def test_ended_story_has_coverage_end_time(client):
    story = make_story(status=Story.Status.ENDED)
    [posting] = extract(client, story.get_absolute_url())["json-ld"]
    assert posting["coverageEndTime"] == utc(story.ended_at)


@pytest.mark.django_db
def test_live_blog_lists_only_the_updates_shown_on_the_page(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 2}
    story = make_story()
    updates = [
        make_update(story, published_at=timezone.now() - timedelta(minutes=i)) for i in range(3)
    ]
    make_update(story, published_at=timezone.now() + timedelta(hours=1))
    [posting] = extract(client, story.get_absolute_url())["json-ld"]
    assert [entry["url"] for entry in posting["liveBlogUpdate"]] == [
        f"{BASE}{update.get_absolute_url()}" for update in updates[:2]
    ]


@pytest.mark.django_db
def test_permalink_page_describes_a_news_article_part_of_the_live_blog(client):
    story = make_story(title="Storm reaches the coast")
    author = make_user(username="ana")
    update = make_update(story, headline="Power cut", body="Half the city is dark.", author=author)
    update.body = "Most of the city is dark."
    update.save()
    update.refresh_from_db()
    [article] = extract(client, update.get_absolute_url())["json-ld"]
    url = f"{BASE}{update.get_absolute_url()}"
    assert article["@type"] == "NewsArticle" and article["url"] == article["@id"] == url
    assert article["mainEntityOfPage"] == url
    assert article["headline"] == "Power cut"
    assert article["articleBody"] == "Most of the city is dark."
    assert article["datePublished"] == utc(update.published_at)
    assert article["dateModified"] == utc(update.edited_at)
    assert article["author"] == {"@type": "Person", "name": "ana"}
    assert article["isPartOf"]["@id"] == f"{BASE}/stories/{story.slug}/"
    assert article["publisher"]["@type"] == "Organization"


@pytest.mark.django_db
def test_text_that_closes_the_script_element_stays_inside_the_json(client):
    hostile = '</script><script src="https://evil.example/x.js"></script> & <!--'
    story = make_story(title=hostile, summary=hostile)
    update = make_update(story, headline=hostile)
    for url in (story.get_absolute_url(), update.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'src="https://evil.example' not in html
        [data] = extract(client, url)["json-ld"]
        assert data["headline"] == hostile


@pytest.mark.django_db
def test_pages_have_canonical_open_graph_and_twitter_meta(client):
    story = make_story(title="Storm reaches the coast", summary="Live coverage of the storm")
    update = make_update(story, headline="Power cut", body="Half the city is dark.")
    expected = {
        "/": ("/", "website"),
        f"{story.get_absolute_url()}?before=1-1": (story.get_absolute_url(), "article"),
        update.get_absolute_url(): (update.get_absolute_url(), "article"),
    }
    for url, (canonical_path, og_type) in expected.items():
        canonical = head_link(client, url, "canonical")
        assert canonical == BASE + canonical_path
        [graph] = extract(client, url)["opengraph"]
        properties = dict(graph["properties"])
        assert properties["og:url"] == canonical and properties["og:type"] == og_type
        assert properties["og:title"] == meta(client, url, "twitter:title")
        assert meta(client, url, "twitter:card") == "summary"
    story_og = dict(extract(client, story.get_absolute_url())["opengraph"][0]["properties"])
    assert story_og["og:title"] == story.title
    assert story_og["og:description"] == story.summary
    update_og = dict(extract(client, update.get_absolute_url())["opengraph"][0]["properties"])
    assert update_og["og:title"] == "Power cut"
    assert update_og["og:description"] == "Half the city is dark."


@pytest.mark.django_db
def test_public_url_setting_fixes_the_host_of_every_address_machines_read(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PUBLIC_URL": "https://live.news.example"}
    story = make_story()
    update = make_update(story)
    story_url = f"https://live.news.example/stories/{story.slug}/"
    assert head_link(client, story.get_absolute_url(), "canonical") == story_url
    [posting] = extract(client, story.get_absolute_url())["json-ld"]
    assert posting["url"] == story_url
    assert (
        posting["liveBlogUpdate"][0]["url"]
        == f"https://live.news.example{update.get_absolute_url()}"
    )
    feed = client.get(f"/stories/{story.slug}/feed/").content.decode()
    assert f"<id>https://live.news.example{update.get_absolute_url()}</id>" in feed
    assert "testserver" not in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{story_url}</loc>" in sitemap and "testserver" not in sitemap


@pytest.mark.django_db
def test_sitemap_lists_public_stories_and_updates_with_last_change(client):
    live = make_story()
    ended = make_story(status=Story.Status.ENDED)
    draft = make_story(status=Story.Status.DRAFT)
    hidden = make_update(draft)
    at = timezone.now() - timedelta(days=1)
    update = make_update(live, published_at=at)
    update.body = "Edited"
    update.save()
    update.refresh_from_db()
    make_update(live, published_at=timezone.now() + timedelta(days=1))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {
        node.find("s:loc", ns).text: node.find("s:lastmod", ns).text
        for node in ET.fromstring(response.content).findall("s:url", ns)
    }
    live.refresh_from_db()
    ended.refresh_from_db()
    assert set(urls) == {
        f"{BASE}{live.get_absolute_url()}",
        f"{BASE}{ended.get_absolute_url()}",
        f"{BASE}{update.get_absolute_url()}",
    }
    assert f"{BASE}{hidden.get_absolute_url()}" not in urls
    latest = max(live.modified_at, update.edited_at)
    assert urls[f"{BASE}{live.get_absolute_url()}"] == latest.astimezone(UTC).isoformat(
        timespec="seconds"
    ).replace("+00:00", "Z")
    assert urls[f"{BASE}{update.get_absolute_url()}"].startswith(
        update.edited_at.astimezone(UTC).strftime("%Y-%m-%d")
    )


@pytest.mark.django_db
def test_text_of_an_update_reaches_machines_as_characters_not_html_entities(client):
    story = make_story(title="Floods")
    update = make_update(story, body="Water & power cut; levels > 3 m.")
    assert plain_text(update.body) == "Water & power cut; levels > 3 m."
    [article] = extract(client, update.get_absolute_url())["json-ld"]
    assert article["headline"] == "Water & power cut; levels > 3 m."
    assert article["articleBody"] == "Water & power cut; levels > 3 m."
    html = client.get(update.get_absolute_url()).content.decode()
    assert '<meta name="description" content="Water &amp; power cut; levels &gt; 3 m.">' in html
