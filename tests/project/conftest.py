"""Fixtures of the tests that go through nginx: the deployment's own gunicorn and nginx."""

import shutil
import time
from urllib.parse import quote

import pytest
from django.db import connection

from tests.support.nginx import NGINX, Processes, Stack, shared_directory, start_stack

# Generous bound on a loaded machine for a server to start.
START_SECONDS = 30


def servers_database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{quote(s['HOST'], safe='')}/{s['NAME']}"


@pytest.fixture(scope="session")
def _nginx_stack(django_db_setup, django_db_blocker):
    if NGINX is None:
        pytest.skip("needs nginx (scripts/run-tests.sh installs it: make test)")
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the PostgreSQL test database (make test)")
    stack = start_stack(servers_database_url())
    yield stack
    stack.stop()


@pytest.fixture
def behind_nginx(_nginx_stack: Stack, transactional_db) -> Stack:
    """gunicorn and nginx as docs/deploy.md runs them, on the test database.

    The test's writes are committed (``transactional_db``), so gunicorn sees them. The
    servers live for the whole session: give each test its own client addresses
    (127.0.0.x) and stories, as nginx's rate limits and cache outlive a test.
    """
    return _nginx_stack


@pytest.fixture(scope="module")
def redis_socket():
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("needs redis-server (scripts/run-tests.sh installs it: make test)")
    directory = shared_directory("liveblog-redis-")
    socket_path = directory / "redis.sock"
    processes = Processes(directory)
    args = [server, "--port", "0", "--unixsocket", str(socket_path), "--unixsocketperm", "777"]
    processes.start("redis", [*args, "--save", "", "--appendonly", "no"])
    deadline = time.monotonic() + START_SECONDS
    while not socket_path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    yield socket_path
    processes.stop_all()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def shared_cache(settings, redis_socket):
    """This process's commits refresh the state in the servers' Redis, as a desk's do."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"unix://{redis_socket}",
        },
    }
