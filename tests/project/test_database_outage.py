"""A database outage: the poll answers 503 at once with Retry-After, and recovers after."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from stories.models import Story
from tests.support.factories import make_story, make_update

ROOT = Path(__file__).resolve().parents[2]


def poll(url: str) -> tuple[int, dict, float]:
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"HX-Request": "true"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        status, headers = error.code, dict(error.headers)
    return status, headers, time.monotonic() - started


def test_poll_answers_503_within_two_seconds_while_the_database_is_down(
    live_server, stoppable_cluster
):
    story = make_story()
    make_update(story)
    behind = Story.objects.get(pk=story.pk).version - 1
    url = f"{live_server.url}{story.get_absolute_url()}poll/?since={behind}"
    assert poll(url)[0] == 200

    stoppable_cluster.stop()
    for _ in range(3):
        status, headers, seconds = poll(url)
        assert status == 503
        assert seconds < 2
        assert int(headers["Retry-After"]) > 0
        assert "no-store" in headers["Cache-Control"]

    stoppable_cluster.start()
    assert poll(url)[0] == 200


def test_an_admin_post_during_the_outage_fails_clearly_and_hands_the_text_back(
    admin_client, monkeypatch
):
    from django.db import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed")

    monkeypatch.setattr("django.contrib.admin.ModelAdmin.save_model", refuse)
    story = make_story()
    response = admin_client.post(
        "/admin/stories/update/add/",
        {
            "story": story.pk,
            "headline": "Dam breached",
            "body": "Water is pouring into the valley below the dam.",
            "published_at_0": "2024-06-06",
            "published_at_1": "06:00:00",
            "claims-TOTAL_FORMS": 0,
            "claims-INITIAL_FORMS": 0,
        },
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert "nothing was saved" in page
    assert "Water is pouring into the valley below the dam." in page
    assert "Dam breached" in page
    assert "csrfmiddlewaretoken" not in page


HUNG_DATABASE_CLIENT = """
import time, django
django.setup()
from django.test import Client
started = time.monotonic()
response = Client().get("/stories/any/poll/?since=0", headers={"HX-Request": "true"})
print(response.status_code, response["Retry-After"], round(time.monotonic() - started, 2))
"""


def test_a_database_that_accepts_but_never_answers_costs_a_request_two_seconds():
    # A black hole on this machine: accepts the connection and never speaks. Without a
    # connect timeout each request would hang with it, and so would every worker.
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DEBUG")},
            "DJANGO_SETTINGS_MODULE": "liveblog.settings",
            "DATABASE_URL": f"postgres://nobody@127.0.0.1:{port}/liveblog",
            "SECRET_KEY": "outage-test",
            "ALLOWED_HOSTS": "testserver",
        }
        result = subprocess.run(
            [sys.executable, "-c", HUNG_DATABASE_CLIENT],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    status, retry_after, seconds = result.stdout.split()
    assert (status, retry_after) == ("503", "10"), result.stderr
    assert float(seconds) < 4
