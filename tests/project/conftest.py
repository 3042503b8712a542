"""Fixtures of the tests that go through nginx: the deployment's own gunicorn and nginx."""

from urllib.parse import quote

import pytest
from django.db import connection

from tests.support.nginx import NGINX, Stack, start_stack


def _test_database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{quote(s['HOST'], safe='')}/{s['NAME']}"


@pytest.fixture(scope="session")
def _nginx_stack(django_db_setup, django_db_blocker):
    if NGINX is None:
        pytest.skip("needs nginx (scripts/run-tests.sh installs it: make test)")
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the PostgreSQL test database (make test)")
    stack = start_stack(_test_database_url())
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
