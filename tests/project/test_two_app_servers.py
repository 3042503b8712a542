"""Two app servers behind nginx's round robin, sharing one Redis cache.

Each server is its own gunicorn (its own workers, its own local memory: the fragment and
page caches, the held story states); the story state and the render generation live in
Redis. A reader polls through nginx, whose upstream takes the two servers in turn, while
the test writes as the desk would (its commits refresh the state in the same Redis).
After every write the reader must receive exactly that change, once: the cursor, not
any server's memory, decides what each answer carries.
"""

import re
import time
from urllib.parse import quote

import pytest
import redis
from django.db import connection

from stories.models import Claim, Story
from tests.support.factories import make_claim, make_story, make_update, make_user
from tests.support.nginx import NGINX, start_stack

# Generous bound on a loaded machine; the test waits for the cursor, never for a time.
SLACK_SECONDS = 30
READER = "127.0.0.71"
ARTICLE = re.compile(
    r'<article class="update[^"]*" id="[^"]*" data-update="(\d+)"[^>]*?data-version="(\d+)"'
)
REMOVED = re.compile(r'data-removed-update="(\d+)"')
CURSOR = re.compile(r'id="poller"[^>]*data-version="(\d+)"', re.S)


@pytest.fixture(scope="module")
def two_servers(django_db_setup, django_db_blocker, redis_socket):
    if NGINX is None or connection.vendor != "postgresql":
        pytest.skip("needs nginx and the PostgreSQL test database (make test)")
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{quote(s['HOST'], safe='')}/{s['NAME']}"
    stack = start_stack(url, app_servers=2, redis_socket=redis_socket)
    yield stack
    stack.stop()


class Reader:
    """A reader's page: its cursor and the updates it shows, applied from each poll."""

    def __init__(self, stack, story: Story):
        self.stack, self.slug = stack, story.slug
        self.cursor = Story.objects.get(pk=story.pk).version
        self.received: list[tuple[str, int, int]] = []  # ("update", id, version) / removal

    def poll(self) -> None:
        answer = self.stack.request(
            f"/stories/{self.slug}/poll/?since={self.cursor}",
            source=READER,
            headers={"HX-Request": "true"},
        )
        assert answer.status in (200, 204), (answer.status, answer.body[:200])
        if answer.status == 204:
            return
        stream = answer.body.split('class="stream-changes"', 1)[1]
        self.received += [("update", int(pk), int(v)) for pk, v in ARTICLE.findall(stream)]
        self.received += [("removed", int(pk), 0) for pk in REMOVED.findall(stream)]
        self.cursor = int(CURSOR.search(answer.body)[1])

    def catch_up(self, version: int) -> list[tuple[str, int, int]]:
        """Poll until the cursor reaches ``version``; what those polls brought."""
        start, deadline = len(self.received), time.monotonic() + SLACK_SECONDS
        while self.cursor < version:
            assert time.monotonic() < deadline, f"cursor {self.cursor}, story at {version}"
            self.poll()
            time.sleep(0.2)
        return self.received[start:]


def _writes(story):
    """Writes a desk makes, each yielding what readers must receive for it."""
    kept = make_update(story, body="The first report.")
    yield ("update", kept.pk)
    later = make_update(story, body="A second report.")
    yield ("update", later.pk)
    kept.body = "The first report, corrected."
    kept.save()
    yield ("update", kept.pk)
    claim = make_claim(later, text="The bridge is closed.")
    yield ("update", later.pk)
    claim.status = Claim.Status.CONFIRMED
    claim.save(changed_by=make_user())
    yield ("update", later.pk)
    removed = later.pk
    later.delete()
    yield ("removed", removed)
    yield ("update", make_update(story, body="A third report.").pk)


def test_a_reader_alternating_between_two_servers_gets_every_change_once(
    two_servers, shared_cache, redis_socket, transactional_db
):
    story = make_story(poll_interval=2)
    reader = Reader(two_servers, story)
    logs = [two_servers.directory / f"gunicorn-{n}-access.log" for n in (1, 2)]
    before = [_polls_served(log, story) for log in logs]
    for kind, pk in _writes(story):
        version = Story.objects.get(pk=story.pk).version
        brought = reader.catch_up(version)
        expected_version = version if kind == "update" else 0
        assert brought == [(kind, pk, expected_version)]
    assert reader.catch_up(Story.objects.get(pk=story.pk).version) == []
    served = [_polls_served(log, story) - n for log, n in zip(logs, before, strict=True)]
    # Both servers answered polls that brought changes: the reader went to each in turn.
    assert all(count >= 2 for count in served), served
    # The state they answered from is the one in Redis, not either server's memory.
    keys = redis.Redis(unix_socket_path=str(redis_socket)).keys(f"*story-state:{story.slug}")
    assert keys


def _polls_served(log, story) -> int:
    """How many poll answers with changes (200) this server logged for the story."""
    if not log.exists():
        return 0
    line = re.compile(rf'"GET /stories/{story.slug}/poll/\?[^"]*" 200 ')
    return len(line.findall(log.read_text(errors="replace")))
