"""Which database each read goes to (liveblog/db_router.py), without a replica running.

tests/project/test_replica.py reads through a real streaming replica.
"""

import pytest
from django.db import connections, router
from django.test import RequestFactory

from liveblog.db_router import ReadRoutingMiddleware
from stories.models import Story
from tests.support.settings_probe import settings_value

REPLICAS = ["replica1", "replica2"]


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICAS = REPLICAS


def reads_during(request, *, write: bool = False) -> list[str]:
    """Where a request's reads go, five before and five after a write if ``write``."""
    seen = []

    def view(request):
        seen.extend(router.db_for_read(Story) for _ in range(5))
        if write:
            assert router.db_for_write(Story) == "default"
            seen.extend(router.db_for_read(Story) for _ in range(5))
        return None

    ReadRoutingMiddleware(view)(request)
    return seen


def test_a_public_request_reads_every_row_from_one_replica(replicas, rf: RequestFactory):
    chosen = set()
    for _ in range(40):
        reads = reads_during(rf.get("/stories/storm/poll/?since=3"))
        assert len(set(reads)) == 1
        chosen |= set(reads)
    assert chosen == set(REPLICAS)  # each request picks one; together they use both


@pytest.mark.parametrize(
    "method, path, cookies",
    [
        ("get", "/admin/stories/story/1/desk/", {}),
        ("get", "/admin/stories/story/1/desk/updates/?since=3", {}),
        ("post", "/admin/stories/story/1/desk/post/", {}),
        ("post", "/stories/storm/", {}),
        ("get", "/stories/storm/", {"sessionid": "a-logged-in-journalist"}),
    ],
)
def test_the_admin_the_desk_writes_and_logged_in_requests_read_from_the_primary(
    replicas, rf: RequestFactory, method, path, cookies
):
    request = getattr(rf, method)(path)
    request.COOKIES.update(cookies)
    assert set(reads_during(request)) == {"default"}


def test_reads_after_a_write_in_the_same_request_use_the_primary(replicas, rf):
    reads = reads_during(rf.get("/stories/storm/"), write=True)
    assert reads[0] in REPLICAS and len(set(reads[:5])) == 1
    assert reads[5:] == ["default"] * 5


def test_reads_inside_an_atomic_block_use_the_primary(replicas, rf, monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert set(reads_during(rf.get("/stories/storm/"))) == {"default"}


def test_without_replicas_and_outside_requests_everything_reads_from_the_primary(settings, rf):
    settings.DATABASE_REPLICAS = []
    assert set(reads_during(rf.get("/stories/storm/"))) == {"default"}
    settings.DATABASE_REPLICAS = REPLICAS
    assert router.db_for_read(Story) == "default"  # a command, cron, a test


def test_writes_and_migrations_go_to_the_primary_only(replicas):
    assert router.db_for_write(Story) == "default"
    assert router.allow_migrate("default", "stories")
    assert not router.allow_migrate("replica1", "stories")


def test_each_replica_url_becomes_an_alias_with_the_defaults_options_and_test_database():
    result = settings_value(
        "s.DATABASE_REPLICAS, [(d['HOST'], d['NAME'], d['CONN_MAX_AGE'], "
        "d['OPTIONS']['connect_timeout'], d['TEST']) for d in "
        "(s.DATABASES[a] for a in s.DATABASE_REPLICAS)]",
        DEBUG="1",
        DATABASE_URL="postgres://u@primary.internal:5432/news",
        DATABASE_REPLICA_URLS="postgres://u@replica-a:5432/news, postgres://u@replica-b:5432/news",
        CONN_MAX_AGE="30",
        DATABASE_CONNECT_TIMEOUT="3",
    )
    mirror = {"MIRROR": "default"}
    aliases = [("replica-a", "news", 30, 3, mirror), ("replica-b", "news", 30, 3, mirror)]
    assert result.stdout.strip() == f"{['replica1', 'replica2']} {aliases}"


def test_without_replica_urls_there_is_only_the_default_database():
    result = settings_value(
        "list(s.DATABASES), s.DATABASE_REPLICAS", DEBUG="1", DATABASE_REPLICA_URLS=""
    )
    assert result.stdout.strip() == "['default'] []"
