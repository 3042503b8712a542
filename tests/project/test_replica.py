"""Public reads through a real streaming replica, whose replay the tests pause.

scripts/run-tests.sh starts a hot standby of the throwaway cluster (``pg_replica_start``).
pytest-django creates the test database on the primary and the standby receives it by
streaming, so the alias ``replica1`` reads that same database (``TEST: MIRROR``). With
replay paused the standby is a lagging replica frozen in time: a reader polling through
it must see nothing new, then every change exactly once after it resumes; the desk, on
the primary, must never lag. Routing rules: liveblog/db_router.py.
"""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liveblog.settings import replica_database
from stories.live import cache as live_cache
from stories.models import Update
from stories.roles import sync_roles
from tests.support.cluster import replica
from tests.support.desk_helpers import HX, compose_data, desk_url, edit_data, story_version
from tests.support.factories import make_claim, make_story, make_update, make_user

REPLICA = "replica1"
# Reads must see what other connections committed: no test transaction around them.
through_replica = pytest.mark.django_db(databases=["default", REPLICA], transaction=True)
# Generous, for a loaded machine: the test waits for the event, not for a bound on speed.
CATCH_UP_SECONDS = 60

ARTICLE = re.compile(r'<article class="update[^"]*" id="update-(\d+)"[^>]*? data-version="(\d+)"')
REMOVED = re.compile(r'data-removed-update="(\d+)"')
CURSOR = re.compile(r'id="poller".*?[?&]since=(\d+)', re.S)


@pytest.fixture(scope="session")
def replica_alias(django_db_setup):
    """``replica1`` as DATABASE_REPLICA_URLS makes it, reading the primary's test database."""
    found = replica()
    if found is None:
        pytest.skip("needs the streaming replica of scripts/run-tests.sh (make test)")
    test_database = connections["default"].settings_dict["NAME"]
    connections.settings[REPLICA] = replica_database(found.url) | {"NAME": test_database}
    connections.configure_settings(connections.settings)
    yield found
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def public_replica(replica_alias, settings):
    """Public requests read from the replica, caught up; replay runs again afterwards."""
    settings.DATABASE_REPLICAS = [REPLICA]
    replica_alias.catch_up(CATCH_UP_SECONDS)
    yield replica_alias
    replica_alias.resume()


class Reader:
    """A story page and its poller, applying each answer as static/js/stream.js does."""

    def __init__(self, client: Client, story):
        self.client, self.slug = client, story.slug
        page = client.get(story.get_absolute_url()).content.decode()
        stream = page.split('id="stream"', 1)[1]
        self.stream = {int(pk): int(version) for pk, version in ARTICLE.findall(stream)}
        self.articles: dict[int, str] = {}
        self.cursor = int(CURSOR.search(page)[1])
        self.duplicates = 0

    def poll(self) -> int:
        url = f"/stories/{self.slug}/poll/?since={self.cursor}"
        response = self.client.get(url, headers=HX)
        if response.status_code == 200:
            answer = response.content.decode()
            changes = answer.split('class="stream-changes"', 1)[1]
            for match in ARTICLE.finditer(changes):
                pk, version = int(match[1]), int(match[2])
                if self.stream.get(pk, 0) >= version:
                    self.duplicates += 1  # the same change delivered again
                self.stream[pk] = version
                self.articles[pk] = changes[
                    match.start() : changes.index("</article>", match.end())
                ]
            for pk in REMOVED.findall(changes):
                self.stream.pop(int(pk), None)
            self.cursor = int(CURSOR.search(answer)[1])
        return response.status_code

    def follow_until(self, version: int) -> None:
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while self.cursor < version:
            assert time.monotonic() < deadline, f"cursor {self.cursor}, story at {version}"
            if self.poll() == 204:
                time.sleep(0.05)


def logged_in(role: str = "Editor") -> Client:
    sync_roles(Group, Permission)  # the groups a transactional test's flush removed
    desk = Client()
    desk.force_login(make_user(role=role))
    return desk


def visible_versions(story) -> dict[int, int]:
    """What readers should have, read from the primary: each visible update's version."""
    return dict(Update.objects.filter(story=story).published().values_list("pk", "version"))


@through_replica
def test_a_reader_on_a_paused_replica_sees_nothing_new_then_every_change_once(
    public_replica, client
):
    story = make_story(title="Storm over the coast")
    kept, edited, deleted, desk_edited, desk_deleted = (
        make_update(story, body=f"Before the pause {n}") for n in range(5)
    )
    public_replica.catch_up(CATCH_UP_SECONDS)
    reader = Reader(client, story)
    assert reader.stream == visible_versions(story)
    cursor = reader.cursor

    public_replica.pause()
    posted = make_update(story, body="Posted through the models")
    edited.body = "Edited through the models"
    edited.save()
    deleted.delete()
    desk = logged_in()
    data = compose_data(body="Posted at the desk")
    assert desk.post(desk_url(story, "post"), data, headers=HX).status_code == 200
    data = edit_data(desk_edited, body="Edited at the desk")
    assert desk.post(desk_url(story, "edit", desk_edited.pk), data, headers=HX).status_code == 200
    assert desk.post(desk_url(story, "delete", desk_deleted.pk), headers=HX).status_code == 200
    # The shared state, from the primary, says there is news; the replica has none yet.
    assert cache.get(live_cache.state_key(story.slug)).version == story_version(story) > cursor
    for _ in range(3):
        assert reader.poll() == 204
    assert reader.cursor == cursor

    public_replica.resume()
    reader.follow_until(story_version(story))
    assert reader.duplicates == 0
    assert reader.stream == visible_versions(story)
    assert kept.pk in reader.stream and posted.pk in reader.stream
    assert "Edited through the models" in reader.articles[edited.pk]
    assert "Edited at the desk" in reader.articles[desk_edited.pk]


@through_replica
def test_the_desk_shows_an_editors_own_writes_at_once_while_the_replica_lags(
    public_replica, client
):
    story = make_story(title="Election night")
    earlier = make_update(story, body="Polls have closed")
    desk = logged_in()
    public_replica.catch_up(CATCH_UP_SECONDS)
    version = story_version(story)

    public_replica.pause()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        posted = desk.post(desk_url(story, "post"), compose_data(body="First results"), headers=HX)
        assert posted.status_code == 200
        assert "First results" in desk.get(desk_url(story)).content.decode()
        listing = desk.get(desk_url(story, "updates") + f"?since={version}", headers=HX)
        assert "First results" in listing.content.decode()
        data = edit_data(earlier, body="Polls closed at ten")
        desk.post(desk_url(story, "edit", earlier.pk), data, headers=HX)
        assert "Polls closed at ten" in desk.get(desk_url(story)).content.decode()
        desk.post(desk_url(story, "delete", earlier.pk), headers=HX)
        assert f'id="update-{earlier.pk}"' not in desk.get(desk_url(story)).content.decode()
        # Logged in, the public page too reads from the primary.
        assert "First results" in desk.get(story.get_absolute_url()).content.decode()
    assert len(on_replica) == 0
    # A reader, served by the paused replica, is still before all of it.
    page = client.get(story.get_absolute_url()).content.decode()
    assert "First results" not in page and "Polls have closed" in page


@through_replica
def test_public_pages_read_from_the_replica_and_not_from_the_primary(public_replica, client):
    story = make_story(title="Flooding in the valley")
    update = make_update(story, body="Water is rising")
    make_claim(update)
    public_replica.catch_up(CATCH_UP_SECONDS)
    with connections[REPLICA].cursor() as standby:
        standby.execute("SELECT pg_is_in_recovery()")
        assert standby.fetchone()[0] is True
    client.get(story.get_absolute_url())  # the shared story state, read from the primary
    pages = (
        story.get_absolute_url(),
        f"/stories/{story.slug}/poll/?since=0",
        f"/stories/{story.slug}/updates/{update.pk}/",
        f"/api/stories/{story.slug}/updates",
        f"/api/stories/{story.slug}/changes?since=0",
        "/",
    )
    for url in pages:
        with (
            CaptureQueriesContext(connections["default"]) as on_primary,
            CaptureQueriesContext(connections[REPLICA]) as on_replica,
        ):
            response = client.get(url, headers=HX if "poll" in url else {})
        assert response.status_code == 200, url
        assert len(on_replica) > 0, url
        assert len(on_primary) == 0, (url, [query["sql"] for query in on_primary])


@through_replica
def test_a_poll_that_releases_a_due_update_reads_the_rest_from_the_primary(public_replica, client):
    story = make_story(title="Launch day")
    make_update(story, body="Countdown started")
    due = make_update(story, body="Lift-off", published_at=timezone.now() + timedelta(hours=1))
    since = story_version(story)
    # It becomes due without a write, as time passing does; the state is read afresh.
    Update.objects.filter(pk=due.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    cache.clear()
    live_cache.forget_local_states()
    public_replica.catch_up(CATCH_UP_SECONDS)

    public_replica.pause()
    response = client.get(f"/stories/{story.slug}/poll/?since={since}", headers=HX)
    assert response.status_code == 200
    assert f'id="update-{due.pk}"' in response.content.decode()


@through_replica
def test_the_shared_story_state_is_read_from_the_primary_while_the_replica_lags(
    public_replica, client
):
    story = make_story(title="Ceasefire talks")
    make_update(story, body="Delegations arrive")
    public_replica.catch_up(CATCH_UP_SECONDS)
    public_replica.pause()
    make_update(story, body="Talks begin")
    # The cached state expires; the next reader's request reads it again.
    cache.clear()
    live_cache.forget_local_states()
    assert client.get(f"/stories/{story.slug}/poll/?since=0", headers=HX).status_code == 200
    assert cache.get(live_cache.state_key(story.slug)).version == story_version(story)
