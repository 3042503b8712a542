"""After a commit the app refreshes nginx's cached poll answers (stories/live/proxy_refresh.py).

gunicorn and nginx run as docs/deploy.md runs them, with one Redis cache and
``LIVEBLOG_NGINX_REFRESH_URLS`` naming the nginx. This process writes as the desk does,
on the same Redis (``shared_cache``) and with the same setting, so its commits send the
refreshes. Poll answers with changes are kept 30 s here (a story polled every 60 s and
``LIVEBLOG_POLL_MAX_AGE=30``): a copy replaced before that is the refresh's doing, and
the tests wait for events, never for a time.
"""

import logging
import re
import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection

from stories.models import Story
from stories.roles import sync_roles
from tests.project.conftest import servers_database_url
from tests.support.desk_helpers import compose_data, desk_url
from tests.support.factories import make_story, make_update, make_user
from tests.support.nginx import NGINX, Stack, free_port, start_stack

HX = {"HX-Request": "true"}
# Generous bound on a loaded machine; the tests wait for the refresh, never for a time.
SLACK_SECONDS = 30
ARTICLE = re.compile(r'data-update="(\d+)"')


@pytest.fixture(scope="module")
def refreshed(django_db_setup, django_db_blocker, redis_socket):
    if NGINX is None or connection.vendor != "postgresql":
        pytest.skip("needs nginx and the PostgreSQL test database (make test)")
    stack = start_stack(
        servers_database_url(), redis_socket=redis_socket, settings={"LIVEBLOG_POLL_MAX_AGE": "30"}
    )
    yield stack
    stack.stop()


@pytest.fixture
def stack(refreshed: Stack, shared_cache, settings, transactional_db) -> Stack:
    settings.LIVEBLOG_NGINX_REFRESH_URLS = [refreshed.url]
    return refreshed


def shown(answer) -> set[int]:
    return {int(pk) for pk in ARTICLE.findall(answer.body)}


def cached(stack: Stack, path: str, source: str):
    """Ask until nginx answers ``path`` from its copy; that copy."""
    answer = stack.request(path, source=source, headers=HX)
    deadline = time.monotonic() + SLACK_SECONDS
    while answer.cache_status != "HIT":
        assert time.monotonic() < deadline, (path, answer.cache_status)
        answer = stack.request(path, source=source, headers=HX)
    return answer


def story_with_a_reader_behind(stack: Stack, source: str):
    """A story, an update the reader at ``since`` has not seen yet, that answer cached."""
    story = make_story(poll_interval=60)
    since = Story.objects.get(pk=story.pk).version
    first = make_update(story, body="First report from the river crossing.")
    poll = f"/stories/{story.slug}/poll/?since={since}"
    old = cached(stack, poll, source)
    assert old.status == 200 and shown(old) == {first.pk}
    return story, poll, first


def test_a_commit_replaces_cached_poll_answers_before_their_max_age(stack):
    reader = "127.0.0.81"
    story, behind, first = story_with_a_reader_behind(stack, reader)
    # A reader at the latest cursor: "nothing new", cached.
    latest = f"/stories/{story.slug}/poll/?since={Story.objects.get(pk=story.pk).version}"
    assert cached(stack, latest, reader).status == 204

    second = make_update(story, body="Second report: the bridge is down.")

    # Kept 30 s, the old copy is what nginx hands out until the refresh replaces it.
    deadline = time.monotonic() + SLACK_SECONDS
    answer = stack.request(behind, source=reader, headers=HX)
    while shown(answer) == {first.pk}:
        assert answer.cache_status == "HIT"
        assert time.monotonic() < deadline, "the cached answer was never refreshed"
        answer = stack.request(behind, source=reader, headers=HX)
    # The reader's own requests never reached the app: the refresh stored this one.
    assert answer.cache_status == "HIT"
    assert shown(answer) == {first.pk, second.pk}
    # The latest cursor is refreshed first: its "nothing new" is gone already.
    answer = stack.request(latest, source=reader, headers=HX)
    assert (answer.status, answer.cache_status) == (200, "HIT")
    assert shown(answer) == {second.pk}


def test_other_clients_cannot_refresh_or_skip_the_cache(stack, settings):
    reader, forger = "127.0.0.82", "127.0.0.83"
    story, behind, first = story_with_a_reader_behind(stack, reader)
    settings.LIVEBLOG_NGINX_REFRESH_URLS = []  # this commit refreshes nothing
    make_update(story, body="A report only a refresh would bring early.")
    forged = {**HX, "X-Liveblog-Refresh": "999999", "X-Forwarded-Proto": "https"}
    for _ in range(3):
        answer = stack.request(behind, source=forger, headers=forged)
        assert answer.cache_status == "HIT" and shown(answer) == {first.pk}
    # Nor does the header spare a client the limit on requests that miss the cache.
    statuses = [
        stack.request(f"{behind}{n}", source=forger, headers=forged).status for n in range(60)
    ]
    assert 429 in statuses


def test_a_post_succeeds_and_is_logged_when_nginx_is_down(stack, settings, client, caplog):
    story, behind, _first = story_with_a_reader_behind(stack, "127.0.0.84")
    down = f"http://127.0.0.1:{free_port()}"
    settings.LIVEBLOG_NGINX_REFRESH_URLS = [down]
    sync_roles(Group, Permission)  # the roles, which transactional tests' flush removes
    client.force_login(make_user(role="Editor"))
    caplog.set_level(logging.WARNING, logger="stories.live.proxy_refresh")
    response = client.post(
        desk_url(story, "post"), compose_data(body="Posted while nginx is down."), headers=HX
    )
    assert response.status_code == 200
    assert story.updates.filter(body="Posted while nginx is down.").exists()
    deadline = time.monotonic() + SLACK_SECONDS
    while not any(down in record.getMessage() for record in caplog.records):
        assert time.monotonic() < deadline, "the failed refresh was not logged"
        time.sleep(0.1)
