"""Drafts and submissions never reach readers: not through any public URL, feed, the
sitemap, JSON-LD, the embed or the API, and not through the live cursor; publishing
brings them, once."""

import re

import pytest
from django.core.cache import cache

from stories.live import cache as live_cache
from stories.models import Update
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user

PUBLISHED = "Ferry service resumed at dawn"
DRAFT = "Unsent draft about the dam spillway"
SUBMITTED = "Stringer report on the bridge awaiting review"
HIDDEN_SOURCE = "Harbour Master Office"


@pytest.fixture
def newsroom(db):
    cache.clear()
    live_cache.forget_local_states()
    story = make_story(title="Flood watch", slug="flood-watch")
    contributor = make_user(role="Contributor")
    published = make_update(story, body=PUBLISHED, is_key_event=True)
    make_claim(published, text="Ferries run again")
    hidden = make_source(name=HIDDEN_SOURCE, slug="harbour-master")
    unpublished = []
    for state, body in ((Update.State.DRAFT, DRAFT), (Update.State.SUBMITTED, SUBMITTED)):
        update = make_update(
            story, author=contributor, body=body, headline=body, state=state,
            is_key_event=True, is_pinned=True,
        )  # fmt: skip
        make_claim(update, source=hidden, text=f"{body} (claim)")
        unpublished.append(update)
    return story, published, unpublished


def public_urls(story, published, unpublished) -> dict[str, str]:
    slug = story.slug
    return {
        "home": "/",
        "story page (with its JSON-LD)": f"/stories/{slug}/",
        "older page": f"/stories/{slug}/?before={published.stream_position}",
        "poll from the start": f"/stories/{slug}/poll/?since=0",
        "story sources": f"/stories/{slug}/sources/",
        "embed": f"/stories/{slug}/embed/",
        "atom feed": f"/stories/{slug}/feed/",
        "rss feed": f"/stories/{slug}/rss/",
        "latest feed": "/feed/",
        "sitemap": "/sitemap.xml",
        "published permalink (NewsArticle JSON-LD)": published.get_absolute_url(),
        "source list": "/sources/",
        "API stories": "/api/stories",
        "API story": f"/api/stories/{slug}",
        "API updates": f"/api/stories/{slug}/updates",
        "API changes": f"/api/stories/{slug}/changes?since=0",
        **{f"permalink of the {u.state}": u.get_absolute_url() for u in unpublished},
        "source only in unpublished updates": "/sources/harbour-master/",
    }


# Those whose answer lists the stream: the published update must be there, so that a page
# showing nothing at all cannot pass.
LISTING = {"story page (with its JSON-LD)", "poll from the start", "embed", "atom feed",
           "rss feed", "latest feed", "API updates", "API changes"}  # fmt: skip


@pytest.mark.django_db
def test_no_public_answer_carries_a_draft_or_a_submission(client, newsroom):
    story, published, unpublished = newsroom
    for name, url in public_urls(story, published, unpublished).items():
        response = client.get(url)
        body = response.content.decode()
        if name.startswith(("permalink of the", "source only")):
            assert response.status_code == 404, name
        else:
            assert response.status_code == 200, name
        for secret in (DRAFT, SUBMITTED, HIDDEN_SOURCE):
            assert secret not in body, (name, secret)
        for update in unpublished:
            assert f"updates/{update.pk}/" not in body, name
            assert not re.search(rf'"id":\s*{update.pk}\b', body), name
        if name in LISTING:
            assert PUBLISHED in body or published.get_absolute_url() in body, name


@pytest.mark.django_db
def test_querysets_and_the_pinned_box_ignore_unpublished_updates(newsroom):
    story, published, unpublished = newsroom
    assert list(Update.objects.published()) == [published]
    assert list(story.updates.due()) == [published]
    assert not story.updates.pinned().due().exists()
    # Marked pinned while a draft, the update did not unpin anything; published, it does.
    pinned = make_update(story, is_pinned=True)
    submission = unpublished[1]
    submission.state = Update.State.PUBLISHED
    submission.save()
    pinned.refresh_from_db()
    assert not pinned.is_pinned
    assert list(story.updates.due().pinned()) == [submission]


def poll(client, story, since):
    return client.get(f"/stories/{story.slug}/poll/?since={since}", headers={"HX-Request": "true"})


@pytest.mark.django_db
def test_the_cursor_names_a_submission_to_readers_only_when_it_is_published(
    client, newsroom, django_capture_on_commit_callbacks
):
    story, published, unpublished = newsroom
    story.refresh_from_db()
    since = story.version
    contributor = unpublished[0].author
    # The commits' callbacks refresh the cached story state, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        submission = make_update(
            story, author=contributor, body="River gauge readings", state=Update.State.SUBMITTED
        )
    answer = poll(client, story, since)
    # The cursor moved (the desk needs to know) but readers are told of nothing.
    assert "River gauge readings" not in answer.content.decode()
    assert f"update-{submission.pk}" not in answer.content.decode()
    story.refresh_from_db()
    since = story.version
    with django_capture_on_commit_callbacks(execute=True):
        submission.state = Update.State.PUBLISHED
        submission.save()
    first = poll(client, story, since).content.decode()
    assert first.count(f'id="update-{submission.pk}"') == 1
    story.refresh_from_db()
    again = poll(client, story, story.version)
    assert again.status_code == 204


@pytest.mark.django_db
def test_threads_tags_and_the_time_view_carry_nothing_unpublished(client, newsroom):
    from stories.models import Tag

    story, published, unpublished = newsroom
    shown = published.claims.get()
    # A draft's claim joins the published claim's thread; another starts its own thread.
    draft_claim = unpublished[0].claims.get()
    draft_claim.thread = shown.thread
    draft_claim.save()
    lonely = unpublished[1].claims.get()
    secret_tag = Tag.objects.create(name="Spillway secret", slug="spillway-secret")
    unpublished[0].tags.add(secret_tag)
    published.tags.add(Tag.objects.create(name="Ferries", slug="ferries"))
    urls = {
        "thread with a draft's claim": f"/claims/{shown.thread_id}/",
        "same, at a moment": f"/claims/{shown.thread_id}/?at=2100-01-01T00:00",
        "story sources at a moment": f"/stories/{story.slug}/sources/?at=2100-01-01T00:00",
        "published tag's stream": f"/stories/{story.slug}/?tag=ferries",
    }
    for name, url in urls.items():
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, name
        for secret in (DRAFT, SUBMITTED, HIDDEN_SOURCE, "Spillway secret"):
            assert secret not in body, (name, secret)
    assert client.get(f"/claims/{lonely.thread_id}/").status_code == 404
    tagged_stream = client.get(f"/stories/{story.slug}/?tag=spillway-secret")
    assert DRAFT not in tagged_stream.content.decode()
