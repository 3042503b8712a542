"""What the app remembers of the polls it answered, and how it answers nginx's refresh.

The refresh itself, through a real nginx, is tested in tests/project/test_nginx_refresh.py.
"""

import threading
import time

import pytest

from stories.live import proxy_refresh
from stories.live.cache import StoryState
from stories.models import Story
from tests.support.factories import make_story, make_update

HX = {"HX-Request": "true"}
NGINX = "http://127.0.0.1:9"


def version(story) -> int:
    return Story.objects.get(pk=story.pk).version


def remembered(story) -> set[str]:
    return {url.path for url in proxy_refresh._recent(story.pk, time.time())}


@pytest.mark.django_db
def test_a_refresh_reads_the_story_state_afresh_when_this_process_is_behind(client):
    # Writes in tests never commit, so this process's cached state stays behind the
    # database, as another process's does after a commit made elsewhere.
    story = make_story()
    since = version(story)
    poll = f"/stories/{story.slug}/poll/?since={since}"
    assert client.get(poll, headers=HX).status_code == 204
    update = make_update(story)
    assert client.get(poll, headers=HX).status_code == 204  # the stale state
    refresh = {**HX, proxy_refresh.HEADER: str(version(story))}
    answer = client.get(poll, headers=refresh)
    assert answer.status_code == 200
    assert f'data-update="{update.pk}"' in answer.content.decode()


@pytest.mark.django_db
def test_a_refresh_naming_a_version_this_process_has_reads_no_database(
    client, django_assert_num_queries
):
    story = make_story()
    poll = f"/stories/{story.slug}/poll/?since={version(story)}"
    client.get(poll, headers=HX)
    refresh = {**HX, proxy_refresh.HEADER: str(version(story))}
    with django_assert_num_queries(0):
        answer = client.get(poll, headers=refresh)
    assert answer.status_code == 204


@pytest.mark.django_db
def test_polls_are_remembered_only_when_refreshing_is_on_and_refreshes_never(client, settings):
    story = make_story()
    poll = f"/stories/{story.slug}/poll/?since={version(story)}"
    client.get(poll, headers=HX)
    assert remembered(story) == set()
    settings.LIVEBLOG_NGINX_REFRESH_URLS = [NGINX]
    client.get(poll + "&tag=shelling", headers={**HX, proxy_refresh.HEADER: "1"})
    assert remembered(story) == set()
    client.get(poll, headers=HX)
    assert remembered(story) == {poll}


@pytest.mark.django_db
def test_a_client_inventing_filters_cannot_push_out_the_readers_polls(client, settings):
    settings.LIVEBLOG_NGINX_REFRESH_URLS = [NGINX]
    story = make_story()
    make_update(story)
    latest = f"/stories/{story.slug}/poll/?since={version(story)}"
    client.get(latest, headers=HX)
    invented = [f"{latest}&tag=made-up-{n}" for n in range(proxy_refresh.MOST_URLS + 5)]
    for path in invented:
        client.get(path, headers=HX)
    kept = remembered(story)
    assert latest in kept
    assert len(kept) == proxy_refresh.MOST_URLS


@pytest.mark.django_db
def test_after_a_commit_only_polls_from_older_cursors_are_refreshed_latest_first(
    client, settings, monkeypatch
):
    settings.LIVEBLOG_NGINX_REFRESH_URLS = [NGINX]
    story = make_story()
    polls = {since: f"/stories/{story.slug}/poll/?since={since}" for since in (3, 5, 7, 8)}
    for path in polls.values():
        client.get(path, headers=HX)
    sent, done = [], threading.Event()

    def capture(urls, at_version):
        sent.extend((url.path, at_version) for url in urls)
        done.set()

    monkeypatch.setattr(proxy_refresh, "_refresh_all", capture)
    proxy_refresh.after_commit(StoryState(story.pk, story.slug, 7, "live", 10, None))
    assert done.wait(30)
    assert sent == [(polls[5], 7), (polls[3], 7)]
