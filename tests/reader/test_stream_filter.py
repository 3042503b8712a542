"""The stream filtered to one source's claims: ?source=<slug> on the page and its poll."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from stories.models import Story
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user

HX = {"HX-Request": "true"}


def article_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="update[^"]*" id="update-(\d+)"', html)]


def version(story) -> int:
    return Story.objects.get(pk=story.pk).version


def poll(client, story, since, source):
    return client.get(f"/stories/{story.slug}/poll/?since={since}&source={source}", headers=HX)


@pytest.mark.django_db
def test_filtered_stream_shows_only_updates_with_claims_from_the_source(client):
    story = make_story()
    army, ministry = make_source(name="Army"), make_source(name="Ministry")
    with_army = make_update(story)
    make_claim(with_army, source=army)
    make_claim(with_army, source=ministry)
    only_ministry = make_update(story)
    make_claim(only_ministry, source=ministry)
    make_update(story)  # no claims at all

    html = client.get(f"/stories/{story.slug}/?source={army.slug}").content.decode()
    assert article_ids(html) == [with_army.pk]
    assert "Showing only updates with claims from" in html and "Army" in html
    assert f'href="/stories/{story.slug}/"' in html  # the way back to every update
    poller = re.search(r'<div id="poller".*?</div>', html, re.S)[0]
    assert f"?since={version(story)}&amp;source={army.slug}" in poller


@pytest.mark.django_db
def test_filtered_older_pages_keep_the_filter(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 3}
    story = make_story()
    army, other = make_source(), make_source()
    now = timezone.now()
    expected = []
    for minutes in range(14):
        update = make_update(story, published_at=now - timedelta(minutes=minutes))
        make_claim(update, source=army if minutes % 2 else other)
        if minutes % 2:
            expected.append(update.pk)
    html = client.get(f"/stories/{story.slug}/?source={army.slug}").content.decode()
    seen = article_ids(html)
    while link := re.search(r'hx-get="(/stories/[^"]+\?before=[^"]+)"', html):
        assert f"source={army.slug}" in link[1]
        html = client.get(link[1].replace("&amp;", "&"), headers=HX).content.decode()
        seen += article_ids(html)
    assert seen == expected
    # Without JavaScript the link opens a full, still filtered page.
    html = client.get(f"/stories/{story.slug}/?source={army.slug}").content.decode()
    href = re.search(r'class="older-updates" href="([^"]+)"', html)[1].replace("&amp;", "&")
    page = client.get(href.split("#")[0]).content.decode()
    assert "<html" in page and set(article_ids(page)) <= set(expected)


@pytest.mark.django_db
def test_stream_filtered_by_unknown_source_is_404_and_by_malformed_one_400(client):
    story = make_story()
    assert client.get(f"/stories/{story.slug}/?source=nobody").status_code == 404
    assert client.get(f"/stories/{story.slug}/?source=a%00b").status_code == 400
    assert client.get(f"/stories/{story.slug}/poll/?since=0&source=a b").status_code == 400


@pytest.mark.django_db
def test_filtered_poll_adds_only_updates_with_claims_from_the_source(client):
    story = make_story()
    army, ministry = make_source(), make_source()
    since = version(story)
    matching = make_update(story, body="Army update")
    make_claim(matching, source=army)
    other = make_update(story, body="Ministry update")
    make_claim(other, source=ministry)

    response = poll(client, story, since, army.slug)
    html = response.content.decode()
    assert response.status_code == 200
    assert article_ids(html) == [matching.pk]
    assert "Ministry update" not in html
    poller = re.search(r'<div id="poller".*?</div>', html, re.S)[0]
    assert f"?since={version(story)}&amp;source={army.slug}" in poller
    # The unfiltered poll still gets both.
    assert set(article_ids(poll(client, story, since, "").content.decode())) == {
        matching.pk,
        other.pk,
    }


@pytest.mark.django_db
def test_filtered_poll_removes_an_update_whose_claim_from_the_source_was_deleted(client):
    story = make_story()
    army, ministry = make_source(), make_source()
    update = make_update(story)
    army_claim = make_claim(update, source=army)
    make_claim(update, source=ministry)
    since = version(story)
    army_claim.delete()

    html = poll(client, story, since, army.slug).content.decode()
    assert f'data-removed-update="{update.pk}"' in html
    assert article_ids(html) == []
    # Readers of the whole stream get the update again, now without the claim.
    assert article_ids(poll(client, story, since, "").content.decode()) == [update.pk]


@pytest.mark.django_db
def test_filtered_poll_sends_an_update_that_gains_a_claim_from_the_source(client):
    story = make_story()
    army = make_source()
    update = make_update(story)
    since = version(story)
    make_claim(update, source=army)
    assert article_ids(poll(client, story, since, army.slug).content.decode()) == [update.pk]


@pytest.mark.django_db
def test_filtered_and_unfiltered_poll_answers_have_different_etags(client):
    story = make_story()
    army = make_source()
    make_claim(make_update(story), source=army)
    filtered = poll(client, story, 0, army.slug)
    whole = client.get(f"/stories/{story.slug}/poll/?since=0", headers=HX)
    assert filtered["ETag"] != whole["ETag"]


@pytest.mark.django_db
def test_filtered_poll_uses_at_most_four_queries_on_a_large_story(
    client, django_assert_max_num_queries
):
    story = make_story()
    author = make_user()
    army, ministry = make_source(), make_source()
    for i in range(40):
        update = make_update(story, author=author, is_key_event=i % 10 == 0)
        make_claim(update, source=army if i % 2 else ministry)
        make_claim(update, source=ministry)
    since = version(story) - 30
    poll(client, story, version(story), army.slug)  # warm the state cache
    with django_assert_max_num_queries(4):
        response = poll(client, story, since, army.slug)
    html = response.content.decode()
    assert len(article_ids(html)) >= 5
    assert html.count("data-removed-update") >= 5


@pytest.mark.parametrize("interval", [2, 3, 10, 60])
@pytest.mark.django_db
def test_a_poll_answer_is_never_reused_by_the_browser_at_its_next_poll(client, interval):
    story = make_story(poll_interval=interval)
    make_update(story)
    cache_control = poll(client, story, 0, "")["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", cache_control)[1])
    stale = int(re.search(r"stale-while-revalidate=(\d+)", cache_control)[1])
    assert max_age + stale < interval
