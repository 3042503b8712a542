"""Tags and the reader's filters: ?tag=, ?key=1 and ?order=oldest on the page and its poll."""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from stories.live import state as live_state
from stories.models import Story, Tag, Update
from stories.tooling.seeding import seed_story
from tests.support.desk_helpers import HX, compose_data, desk_url, edit_data
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user


def article_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="update[^"]*" id="update-(\d+)"', html)]


def page(client, story, query: str = "", **headers):
    return client.get(f"/stories/{story.slug}/?{query}", headers=headers)


def poll(client, story, since: int, query: str = ""):
    return client.get(f"/stories/{story.slug}/poll/?since={since}&{query}", headers=HX)


def version(story) -> int:
    return Story.objects.get(pk=story.pk).version


def tagged(story, *tags, **fields) -> Update:
    """An update filed under ``tags``, the way the desk saves one (tags after save())."""
    with transaction.atomic():
        update = make_update(story, **fields)
        update.tags.set(tags)
    return update


def poll_changes(html: str) -> tuple[list[int], list[int]]:
    changes = html.split('class="stream-changes"')[1]
    removed = [int(pk) for pk in re.findall(r'data-removed-update="(\d+)"', changes)]
    return article_ids(changes), removed


@pytest.mark.django_db
def test_each_update_shows_its_tags_as_links_to_the_filtered_stream(client):
    story = make_story()
    shelling, aid = Tag.objects.create(name="Shelling"), Tag.objects.create(name="Aid convoys")
    update = tagged(story, shelling, aid)
    html = page(client, story).content.decode()
    article = re.search(rf'id="update-{update.pk}".*?</article>', html, re.S)[0]
    assert f'href="/stories/{story.slug}/?tag=aid-convoys" rel="tag">Aid convoys</a>' in article
    assert f'href="/stories/{story.slug}/?tag=shelling" rel="tag">Shelling</a>' in article


@pytest.mark.django_db
def test_tag_filter_shows_only_tagged_updates_and_keeps_the_filter_everywhere(client):
    story = make_story()
    shelling = Tag.objects.create(name="Shelling")
    match = tagged(story, shelling)
    make_update(story)
    tagged(story, Tag.objects.create(name="Other"))
    html = page(client, story, "tag=shelling").content.decode()
    assert article_ids(html) == [match.pk]
    assert "Showing only updates tagged “Shelling”." in html
    poller = re.search(r'<div id="poller".*?</div>', html, re.S)[0]
    assert f"?since={version(story)}&amp;tag=shelling" in poller
    # The filter bar is plain links, each keeping the tag.
    assert f'href="/stories/{story.slug}/?tag=shelling&amp;key=1"' in html
    assert f'href="/stories/{story.slug}/?tag=shelling&amp;order=oldest"' in html


@pytest.mark.django_db
def test_unknown_tag_is_404_and_malformed_filters_are_400(client):
    story = make_story()
    assert page(client, story, "tag=nothing-here").status_code == 404
    for query in ("tag=a%00b", "key=yes", "order=sideways", "order=oldest&before=garbage"):
        response = page(client, story, query)
        assert response.status_code == 400, query
        assert response["Content-Type"].startswith("text/plain")
    assert poll(client, story, 0, "tag=a b").status_code == 400
    assert poll(client, story, 0, "key=2").status_code == 400


@pytest.mark.django_db
def test_filters_combine_source_tag_and_key_events(client):
    story = make_story()
    army = make_source(name="Army")
    shelling = Tag.objects.create(name="Shelling")
    everything = tagged(story, shelling, is_key_event=True)
    make_claim(everything, source=army)
    not_key = tagged(story, shelling)
    make_claim(not_key, source=army)
    other_source = tagged(story, shelling, is_key_event=True)
    make_claim(other_source)
    untagged = make_update(story, is_key_event=True)
    make_claim(untagged, source=army)
    html = page(client, story, f"source={army.slug}&tag=shelling&key=1").content.decode()
    assert article_ids(html) == [everything.pk]
    assert "Showing key events only." in html
    keys = page(client, story, "key=1").content.decode()
    assert set(article_ids(keys)) == {everything.pk, other_source.pk, untagged.pk}


@pytest.mark.django_db
def test_oldest_first_pages_through_the_stream_exactly_once(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 3}
    story = make_story()
    now = timezone.now()
    # Two share a time: the id breaks the tie, as on newest-first pages.
    times = [now - timedelta(minutes=m) for m in (9, 8, 8, 7, 5, 4, 3, 2)]
    updates = [make_update(story, published_at=moment) for moment in times]
    html = page(client, story, "order=oldest").content.decode()
    assert 'data-order="oldest"' in html and "Show later updates" in html
    seen = article_ids(html)
    while link := re.search(r'class="older-updates" href="([^"#]+)', html):
        assert "order=oldest" in link[1]
        html = client.get(link[1].replace("&amp;", "&")).content.decode()  # no JavaScript
        assert "<html" in html
        seen += article_ids(html)
    assert seen == [update.pk for update in updates]


@pytest.mark.django_db
def test_filtered_poll_sends_matching_updates_and_removes_ones_that_stop_matching(client):
    story = make_story()
    shelling = Tag.objects.create(name="Shelling")
    kept = tagged(story, shelling)
    losing = tagged(story, shelling)
    since = version(story)
    new = tagged(story, shelling)
    plain = make_update(story)  # matches nothing: never sent (listed as gone, a no-op)
    with transaction.atomic():
        losing.save()
        losing.tags.clear()  # edited so it no longer matches
    sent, removed = poll_changes(poll(client, story, since, "tag=shelling").content.decode())
    assert sent == [new.pk] and sorted(removed) == sorted([losing.pk, plain.pk])
    assert kept.pk not in sent
    # Key events: an update no longer a key event leaves the filtered stream too (a new
    # story: this test's commits never reach the cached state the first poll read).
    story = make_story()
    key = make_update(story, is_key_event=True)
    since = version(story)
    key.is_key_event = False
    key.save()
    sent, removed = poll_changes(poll(client, story, since, "key=1").content.decode())
    assert (sent, removed) == ([], [key.pk])


@pytest.mark.django_db
def test_filtered_answers_are_cached_like_unfiltered_ones_with_their_own_etag(client):
    story = make_story()
    tagged(story, Tag.objects.create(name="Shelling"))
    plain, filtered = page(client, story), page(client, story, "tag=shelling&order=oldest")
    assert plain["Cache-Control"] == filtered["Cache-Control"]
    assert "public" in filtered["Cache-Control"]
    since = version(story) - 1
    plain, filtered = poll(client, story, since), poll(client, story, since, "tag=shelling")
    assert plain["Cache-Control"] == filtered["Cache-Control"]
    assert plain["ETag"] != filtered["ETag"]
    again = client.get(
        f"/stories/{story.slug}/poll/?since={since}&tag=shelling",
        headers={**HX, "If-None-Match": filtered["ETag"]},
    )
    assert again.status_code == 304


@pytest.mark.django_db
def test_a_change_of_tags_shows_on_the_cached_page(client, django_capture_on_commit_callbacks):
    story = make_story()
    update = tagged(story, Tag.objects.create(name="Shelling"))
    assert ">Shelling</a>" in page(client, story).content.decode()
    with transaction.atomic():
        update.save()
        update.tags.set([Tag.objects.create(name="Evacuation")])
    html = page(client, story).content.decode()
    assert ">Evacuation</a>" in html and ">Shelling</a>" not in html
    # Renaming a tag moves no update's version, yet every page shows the new name.
    tag = Tag.objects.get(name="Evacuation")
    tag.name = "Evacuations"
    with django_capture_on_commit_callbacks(execute=True):
        tag.save()
    assert ">Evacuations</a>" in page(client, story).content.decode()


@pytest.mark.django_db
def test_journalist_sets_tags_on_the_desk_compose_and_edit_forms(client):
    journalist = make_user(role="Journalist")
    client.force_login(journalist)
    story = make_story()
    shelling, aid = Tag.objects.create(name="Shelling"), Tag.objects.create(name="Aid")
    form = client.get(desk_url(story)).content.decode()
    assert re.search(r'<select name="tags"[^>]*multiple', form)
    data = compose_data(body="Shells hit the market.", tags=[str(shelling.pk)])
    assert client.post(desk_url(story, "post"), data, headers=HX).status_code == 200
    update = Update.objects.get(story=story)
    assert list(update.tags.all()) == [shelling]
    edited = edit_data(update, tags=[str(aid.pk)])
    response = client.post(desk_url(story, "edit", update.pk), edited, headers=HX)
    assert response.status_code == 200
    assert list(Update.objects.get(pk=update.pk).tags.all()) == [aid]


@pytest.mark.django_db
def test_tag_names_are_cleaned_and_slugged_once():
    tag = Tag.objects.create(name="  Air   defence\x08 ")
    assert (tag.name, tag.slug) == ("Air defence", "air-defence")
    assert Tag.objects.create(name="Air-defence").slug == "air-defence-2"


@pytest.mark.django_db
def test_filtered_page_and_poll_of_a_story_of_2000_updates_take_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    story = seed_story(slug="big-filtered", updates=2000, claims_per_update=2, live_updates=5)
    shelling = Tag.objects.create(name="Shelling")
    ids = list(story.updates.order_by("id").values_list("pk", flat=True))
    Through = Update.tags.through
    Through.objects.bulk_create(Through(update_id=pk, tag=shelling) for pk in ids[::3])
    since = version(story) - 3
    live_state.get_state(story.slug)  # the state is normally cached
    for query in ("tag=shelling", "tag=shelling&key=1&order=oldest", "key=1&order=oldest"):
        # The unfiltered page's seven (test_pages.py), the tag's row, and one spare for the
        # source's row when a ?source= is added: none of it grows with the story.
        with django_assert_max_num_queries(9):
            response = page(client, story, query)
        assert response.status_code == 200, query
        with django_assert_max_num_queries(4):
            answer = poll(client, story, since, query)
        assert answer.status_code == 200, query
    oldest = page(client, story, "tag=shelling&order=oldest").content.decode()
    assert article_ids(oldest)[0] == ids[0]
