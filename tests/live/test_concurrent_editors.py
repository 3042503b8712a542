"""Several journalists write to one story at once; a reader following the poll misses nothing.

Writer processes (tests/support/concurrent_writer.py) post, edit and delete updates in the same
story on PostgreSQL while a reader client follows the poll protocol over HTTP, exactly as
a story page does: it starts from the page's cursor, applies each 200 answer (replace or
insert updates by id, remove tombstoned ones) and follows the poller's new ``hx-get``.
When the writers are done and a poll answers 204, the reader's stream must equal the
database's visible updates: same ids, same order, none twice, every final text the same.
"""

import html
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from stories.models import Story, Update
from tests.support.factories import make_story, make_update
from tests.support.figures import count

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 4
OPERATIONS_PER_WRITER = 50
# `make concurrency RUNS=50` repeats the test to show zero losses over many runs.
RUNS = int(os.environ.get("LIVEBLOG_CONCURRENCY_RUNS", "1"))
# How long the reader may take to catch up once the writers are done: generous, since a
# loaded machine is slow; the test waits for the event, not for a bound on speed.
SETTLE_SECONDS = 120

ARTICLE = re.compile(
    r'<article class="update[^"]*" id="update-(?P<pk>\d+)" data-update="\d+" '
    r'data-published="(?P<published>\d+)" data-version="(?P<version>\d+)".*?</article>',
    re.S,
)
POLLER_URL = re.compile(r'<div id="poller"[^>]*?hx-get="(?P<url>[^"]+)"', re.S)
REMOVED = re.compile(r'data-removed-update="(\d+)"')
HEADLINE = re.compile(r'<h3 class="update-headline">(.*?)</h3>', re.S)
BODY = re.compile(r'<div class="update-body">(.*?)</div>', re.S)


def test_database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{quote(s['HOST'], safe='')}/{s['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def fetch(url: str, htmx: bool = False) -> tuple[int, str]:
    headers = {"HX-Request": "true"} if htmx else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.status, r.read().decode()


class Reader:
    """Keeps a stream the way static/js/stream.js does, from the page and its polls."""

    def __init__(self, base: str, story_path: str):
        self.base = base
        self.stream: dict[int, dict] = {}
        self.duplicates = 0
        self.polls = 0
        status, page = fetch(base + story_path)
        assert status == 200
        stream = page.split('id="stream"', 1)[1]
        for match in ARTICLE.finditer(stream):
            self.take(match)
        self.poll_url = html.unescape(POLLER_URL.search(page)["url"])

    def take(self, match) -> None:
        pk, version = int(match["pk"]), int(match["version"])
        known = self.stream.get(pk)
        if known is not None and version <= known["version"]:
            self.duplicates += 1  # the same change delivered again
        article = match[0]
        headline = HEADLINE.search(article)
        self.stream[pk] = {
            "version": version,
            "order": (int(match["published"]), pk),
            "headline": html.unescape(headline[1]) if headline else "",
            "body_html": BODY.search(article)[1],
        }

    def poll(self) -> int:
        status, answer = fetch(self.base + self.poll_url, htmx=True)
        self.polls += 1
        if status == 200:
            changes = answer.split('class="stream-changes"', 1)[1]
            seen = [int(m["pk"]) for m in ARTICLE.finditer(changes)]
            self.duplicates += len(seen) - len(set(seen))
            for match in ARTICLE.finditer(changes):
                self.take(match)
            for pk in REMOVED.findall(changes):
                self.stream.pop(int(pk), None)
            self.poll_url = html.unescape(POLLER_URL.search(answer)["url"])
        return status

    @property
    def cursor(self) -> int:
        return int(re.search(r"[?&]since=(\d+)", self.poll_url)[1])

    def in_order(self) -> list[int]:
        return sorted(self.stream, key=lambda pk: self.stream[pk]["order"], reverse=True)


@pytest.mark.parametrize("run", range(RUNS))
def test_reader_following_the_poll_ends_with_exactly_the_databases_updates(
    live_server, settings, run
):
    if connection.vendor != "postgresql":
        pytest.skip("writer processes need the PostgreSQL test database (make test)")
    # Writers refresh the cached story state in their own processes only; the server's
    # copy is trusted for this long (the documented bound on another process's staleness).
    settings.LIVEBLOG = {**settings.LIVEBLOG, "STATE_CACHE_SECONDS": 1}
    story = make_story(title="Front line, live")
    for n in range(5):
        make_update(story, body=f"before the rush {n}")
    reader = Reader(live_server.url, story.get_absolute_url())
    assert len(reader.stream) == 5

    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "liveblog.settings",
        "DATABASE_URL": test_database_url(),
        "SECRET_KEY": "concurrency-test",
        "CONN_MAX_AGE": "0",
    }
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.concurrent_writer",
                str(story.pk),
                str(n),
                str(OPERATIONS_PER_WRITER),
                str(n),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    deadline = time.monotonic() + 180
    while any(w.poll() is None for w in writers) and time.monotonic() < deadline:
        reader.poll()
        time.sleep(0.1)
    results = []
    for w in writers:
        out, err = w.communicate(timeout=max(1, deadline - time.monotonic()))
        assert w.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    # Follow the poll until the reader's cursor is the story's version: every change is
    # then delivered, however stale the server's cached state was for a moment.
    final_version = Story.objects.get(pk=story.pk).version
    deadline = time.monotonic() + SETTLE_SECONDS
    while reader.cursor < final_version and time.monotonic() < deadline:
        reader.poll()
        time.sleep(0.2)
    assert reader.cursor == final_version, "the reader never caught up with the story"

    visible = list(Update.objects.filter(story=story).published().newest_first())
    expected = [u.pk for u in visible]
    shown = reader.in_order()
    lost = set(expected) - set(shown)
    stray = set(shown) - set(expected)
    wrong_text = [
        u.pk
        for u in visible
        if u.pk in reader.stream
        and (
            reader.stream[u.pk]["body_html"] != u.body_html
            or reader.stream[u.pk]["headline"] != u.headline
        )
    ]
    posted = sum(r["posted"] for r in results)
    count("concurrency writers", WRITERS)
    count("concurrency updates posted", posted)
    count("concurrency edits", sum(r["edited"] for r in results))
    count("concurrency deletes", sum(r["deleted"] for r in results))
    count("concurrency reader polls", reader.polls)
    count("concurrency updates lost", len(lost) + len(stray) + len(wrong_text))
    count("concurrency updates duplicated", reader.duplicates)
    assert posted >= WRITERS * OPERATIONS_PER_WRITER // 3
    assert not lost and not stray
    assert not wrong_text
    assert reader.duplicates == 0
    assert shown == expected
