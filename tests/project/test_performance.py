"""Breaking-news scale: polls and pages whose cost does not grow with the story.

The large stories come from ``stories/seeding.py``, the same data ``make bench`` uses.
"""

import io
import re
import runpy
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stories.live import cache as live_cache
from stories.live import state as live_state
from stories.live.changes import changes_since
from stories.models import KEY_EVENTS_SHOWN, Claim, Story, Tag, Update
from stories.rich_text import render_markdown
from stories.tooling.seeding import seed_story
from tests.support.factories import make_story, make_update, make_user
from tests.support.settings_probe import settings_value

ROOT = Path(__file__).resolve().parents[2]
HX = {"HX-Request": "true"}
UPDATE_IDS = re.compile(rb'<article class="update[^"]*" id="update-(\d+)"')


def poll(client, story, since):
    return client.get(f"/stories/{story.slug}/poll/?since={since}", headers=HX)


class Clock:
    """A monotonic clock that moves only when the test moves it."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def queries_of(client, url, **kwargs) -> tuple[int, bytes]:
    client.get(url, **kwargs)  # the story state cached, as under load
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return len(queries), response.content


@pytest.fixture
def big_story():
    return seed_story(slug="breaking", updates=2000, claims_per_update=2, live_updates=5)


@pytest.mark.django_db
def test_seeded_story_is_what_the_models_would_have_written(big_story):
    updates = list(big_story.updates.select_related("author"))
    assert len(updates) == 2000
    assert all(update.body_html == render_markdown(update.body) for update in updates)
    assert all(0 < update.version <= big_story.version for update in updates)
    assert {update.author.get_full_name() for update in updates} >= {"Nadia Brandt", "Kwame Asante"}
    claims = Claim.objects.filter(update__story=big_story)
    assert claims.count() == 2 * 2000 - 1  # the oldest update has nothing to answer
    assert claims.values("source").distinct().count() >= 6
    assert claims.filter(responds_to__isnull=False).exists()
    # The cursor is right: everything arrives from 0, and the state cache knows it.
    assert live_state.get_state("breaking").version == big_story.version
    changes = changes_since(big_story.pk, 0)
    assert len(changes.updates) == 2000


@pytest.mark.django_db
def test_poll_with_changes_uses_at_most_four_queries_on_a_story_of_2000_updates(
    client, big_story, django_assert_max_num_queries
):
    newest = list(big_story.updates.newest_first()[:5])
    before_tail = min(update.version for update in newest) - 1
    expected = {
        # The newest update's last claim was the latest write.
        big_story.version - 1: [newest[0].pk],
        # The five updates posted one by one, and the key-events box they changed.
        before_tail: [update.pk for update in newest],
        # A reader from before the story began gets all of it.
        0: list(big_story.updates.newest_first().values_list("pk", flat=True)),
    }
    live_state.get_state(big_story.slug)  # a poll normally finds the state cached
    for since, update_ids in expected.items():
        with django_assert_max_num_queries(4):
            response = poll(client, big_story, since)
        assert response.status_code == 200
        stream = response.content.split(b'class="stream-changes"')[1]
        assert [int(pk) for pk in UPDATE_IDS.findall(stream)] == update_ids, since
    # Every claim of every update came along, with its source and what it answers.
    claims = Claim.objects.filter(update__story=big_story)
    stream = response.content.split(b'class="stream-changes"')[1]
    assert stream.count(b'class="claim claim--') == claims.count()
    assert (
        stream.count(b'class="claim-responds"') == claims.filter(responds_to__isnull=False).count()
    )


@pytest.mark.django_db
def test_poll_sends_only_the_key_events_the_box_shows_however_many_there_are(
    client, django_assert_max_num_queries
):
    story = make_story()
    key_events = [make_update(story, headline=f"Key {n}", is_key_event=True) for n in range(40)]
    since = Story.objects.get(pk=story.pk).version
    key_events[-1].headline = "Key 39, corrected"
    key_events[-1].save()
    live_state.get_state(story.slug)  # a poll normally finds the state cached
    with django_assert_max_num_queries(4):
        response = poll(client, story, since)
    box = re.search(rb'<nav id="key-events".*?</nav>', response.content, re.S)[0]
    shown = [int(pk) for pk in re.findall(rb'data-update-link="(\d+)"', box)]
    assert shown == [update.pk for update in reversed(key_events)][:KEY_EVENTS_SHOWN]
    assert b"Key 39, corrected" in box


@pytest.mark.django_db
def test_story_page_and_older_updates_cost_the_same_queries_deep_in_a_2000_update_stream(
    client, big_story
):
    small = seed_story(slug="small", updates=30, claims_per_update=2)
    deep = big_story.updates.newest_first()[1900]
    shallow = small.updates.newest_first()[20]

    small_page, _ = queries_of(client, "/stories/small/")
    big_page, html = queries_of(client, "/stories/breaking/")
    # Tags add one prefetch for the stream and one for the pinned update.
    assert big_page == small_page <= 10
    assert len(UPDATE_IDS.findall(html)) == 20

    url = "/stories/breaking/?before={}"
    small_older, _ = queries_of(
        client, f"/stories/small/?before={shallow.stream_position}", headers=HX
    )
    big_older, html = queries_of(client, url.format(deep.stream_position), headers=HX)
    assert big_older == small_older <= 5
    expected = big_story.updates.newest_first().values_list("pk", flat=True)[1900:1920]
    assert [int(pk) for pk in UPDATE_IDS.findall(html)] == list(expected)

    # Without JavaScript the same position opens as a full page, no dearer than the top.
    full_older, _ = queries_of(client, url.format(deep.stream_position))
    assert full_older == big_page


@pytest.mark.django_db
def test_public_pages_and_polls_set_no_cookie_and_do_not_vary_on_it_even_for_editors(
    client, big_story
):
    deep = big_story.updates.newest_first()[1500]
    urls = [
        "/",
        "/stories/breaking/",
        f"/stories/breaking/?before={deep.stream_position}",
        deep.get_absolute_url(),
        "/sources/",
        f"/stories/breaking/poll/?since={big_story.version - 1}",
        f"/stories/breaking/poll/?since={big_story.version}",
    ]
    anonymous = [client.get(url, headers=HX if "before" in url else {}) for url in urls]
    client.force_login(make_user(role="Editor"))
    logged_in = [client.get(url) for url in urls]
    for url, response in zip(urls * 2, anonymous + logged_in, strict=True):
        assert response.status_code in (200, 204), url
        assert not response.cookies, url
        assert "cookie" not in response.get("Vary", "").lower(), url
        assert "public" in response["Cache-Control"], url


@pytest.mark.django_db
def test_state_read_from_the_cache_is_reused_briefly_then_read_again(
    settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    # A cache shared between processes, as Redis is: what other processes write to it
    # must be seen a moment later.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.LIVEBLOG = {**settings.LIVEBLOG, "LOCAL_STATE_SECONDS": 0.2}
    # The process's copy expires by stories/live/cache.py's clock, which the test moves:
    # on a loaded machine, 0.2 s of real time can pass between any two lines.
    clock = Clock()
    monkeypatch.setattr(live_cache, "time", clock)
    story = make_story()
    version = live_state.get_state(story.slug).version
    reads, shared = [], caches["default"]
    real_get = shared.get
    monkeypatch.setattr(shared, "get", lambda *a, **k: reads.append(a) or real_get(*a, **k))
    assert live_state.get_state(story.slug).version == version
    assert reads == []
    # A write committed in this process is seen at once ...
    with django_capture_on_commit_callbacks(execute=True):
        make_update(story)
    assert live_state.get_state(story.slug).version > version
    # ... and one another process commits (it refreshes the shared cache, not this
    # process's copy) once the copy is older than the setting.
    with django_capture_on_commit_callbacks(execute=False):
        make_update(story)
    later = Story.objects.get(pk=story.pk).version
    shared.set(live_cache.state_key(story.slug), live_cache.load(Story, pk=story.pk), 60)
    assert live_state.get_state(story.slug).version < later
    clock.now += 0.25
    assert live_state.get_state(story.slug).version == later
    assert len(reads) == 1


def test_production_settings_choose_redis_when_redis_url_is_set():
    result = settings_value(
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']",
        SECRET_KEY="x" * 50,
        REDIS_URL="redis://cache.internal:6379/2",
    )
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.internal:6379/2",
    ]
    result = settings_value("s.CACHES['default']['BACKEND']", SECRET_KEY="x" * 50)
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_production_database_connections_persist_with_health_checks():
    result = settings_value(
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u:p@db.internal:5432/news",
        CONN_MAX_AGE="300",
    )
    assert result.stdout.split() == ["300", "True"]


def test_gunicorn_config_takes_its_size_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    monkeypatch.setenv("GUNICORN_BIND", "unix:/run/liveblog/gunicorn.sock")
    config = runpy.run_path(str(ROOT / "deploy/gunicorn.conf.py"))
    assert config["workers"] == 7
    assert config["bind"] == ["unix:/run/liveblog/gunicorn.sock"]
    assert config["preload_app"] is True
    # Recycling is off by default (measured in make bench, target 9): under keep-alive a
    # recycled worker leaves every connection on the survivor.
    assert config["max_requests"] == 0
    assert config["accesslog"] is None  # nginx logs requests; gunicorn only on request


def test_gunicorn_recycling_can_be_turned_on_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "20000")
    config = runpy.run_path(str(ROOT / "deploy/gunicorn.conf.py"))
    assert config["max_requests"] == 20000
    assert 0 < config["max_requests_jitter"] < config["max_requests"]


@pytest.mark.django_db
def test_seed_story_command_refuses_an_existing_slug():
    out = io.StringIO()
    call_command("seed_story", "seeded", updates=12, stdout=out)
    assert "Seeded /stories/seeded/: 12 updates, 23 claims" in out.getvalue()
    story = Story.objects.get(slug="seeded")
    assert story.updates.count() == 12
    assert Update.objects.filter(story=story, is_pinned=True).count() == 1
    with pytest.raises(CommandError, match="exists already"):
        call_command("seed_story", "seeded", updates=12)


@pytest.mark.django_db
def test_a_poll_carries_co_authors_and_tags_without_a_query_for_them(
    client, django_assert_max_num_queries
):
    story = make_story()
    author = make_user(first_name="Sam", last_name="Okafor")
    # Stored in the opposite order to the one bylines and tag lists show.
    names = (("Zoe", "Young"), ("Ada", "Bell"))
    people = [make_user(first_name=first, last_name=last) for first, last in names]
    tags = [Tag.objects.create(name=name) for name in ("Shelling", "Evacuation <east>")]
    since = Story.objects.get(pk=story.pk).version
    filed = [make_update(story, author=author) for _ in range(3)]
    for update in filed[:2]:
        update.co_authors.set(people)
        update.tags.set(tags)
    live_state.get_state(story.slug)  # a poll normally finds the state cached
    with django_assert_max_num_queries(4):
        html = poll(client, story, since).content.decode()
    assert html.count("By Sam Okafor, Ada Bell, Zoe Young") == 2
    assert html.count("By Sam Okafor</span>") == 1
    assert html.count('?tag=evacuation-east" rel="tag">Evacuation &lt;east&gt;</a></li><li>') == 2
    assert html.count('?tag=shelling" rel="tag">Shelling</a>') == 2
