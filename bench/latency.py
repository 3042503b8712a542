"""Publish-to-screen latency (``make bench``, target 8): from an editor's post to each reader.

Readers poll a live story through nginx (``deploy/nginx.conf``, its micro-cache and
limits), each on its own keep-alive connection from its own loopback address, every
``poll_interval`` seconds from a random start, carrying their cursor as the page does.
An editor logged in through nginx posts through the desk's HTTP endpoint every few
seconds. For each post and each reader: the time from the desk's answer to the post (the
commit comes just before it) to the reader's poll answer that carries it. Every reader
must get every post, and each once.
"""

import http.client
import random
import re
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from stories.models import Story, Update

ARTICLE = re.compile(r'data-update="(\d+)"')
CURSOR = re.compile(r'id="poller"[^>]*data-version="(\d+)"', re.S)
PASSWORD = "bench-latency-editor-password"


@dataclass
class Reader:
    number: int
    cursor: int
    seen: dict[int, float] = field(default_factory=dict)  # update id -> monotonic time
    duplicates: int = 0
    failures: int = 0


@dataclass
class Result:
    latencies: list[float]
    missing: int
    duplicates: int
    failures: int
    posts: int
    readers: int

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def make_story_and_editor(slug: str, interval: int) -> Story:
    story = Story.objects.create(
        title="Latency", slug=slug, status=Story.Status.LIVE, poll_interval=interval
    )
    editor, _ = get_user_model().objects.get_or_create(username="bench-editor", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editor"))
    return story


def editor_session(base: str) -> requests.Session:
    """An editor logged in through nginx, as in a browser (CSRF cookie, then the form)."""
    session = requests.Session()
    page = session.get(f"{base}/admin/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    answer = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "username": "bench-editor", "password": PASSWORD},
        headers={"Referer": f"{base}/admin/login/"},
        timeout=30,
    )
    if "sessionid" not in session.cookies:
        raise SystemExit(f"The bench editor could not log in: {answer.status_code}")
    return session


def post(session: requests.Session, base: str, story: Story, n: int) -> float:
    """Post one update through the desk; the monotonic time its answer arrived."""
    data = {
        "headline": "",
        "body": f"Latency check {n}: a report from the front.",
        "published_at": "",
        "idempotency_key": str(uuid.uuid4()),
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "0",
        "claims-MAX_NUM_FORMS": "30",
    }
    answer = session.post(
        f"{base}/admin/stories/story/{story.pk}/desk/post/",
        data=data,
        headers={
            "X-CSRFToken": session.cookies["csrftoken"],
            "HX-Request": "true",
            "Referer": f"{base}/admin/",
        },
        timeout=60,
    )
    done = time.monotonic()
    if answer.status_code != 200:
        raise SystemExit(f"The desk refused the post: {answer.status_code} {answer.text[:300]}")
    return done


def read(reader: Reader, host: str, port: int, story: Story, stop: threading.Event) -> None:
    """Poll every interval from a random phase, as an open page does, until ``stop``."""
    source = (f"127.0.{1 + reader.number // 250}.{1 + reader.number % 250}", 0)
    connection = http.client.HTTPConnection(host, port, timeout=30, source_address=source)
    interval = story.poll_interval
    due = time.monotonic() + random.uniform(0, interval)
    while not stop.wait(max(0.0, due - time.monotonic())):
        due += interval
        try:
            connection.request(
                "GET",
                f"/stories/{story.slug}/poll/?since={reader.cursor}",
                headers={"HX-Request": "true"},
            )
            response = connection.getresponse()
            body = response.read().decode()
        except OSError:
            connection.close()
            reader.failures += 1
            continue
        arrived = time.monotonic()
        if response.status == 204:
            continue
        if response.status != 200:
            reader.failures += 1
            continue
        for pk in map(int, ARTICLE.findall(body.split('class="stream-changes"', 1)[-1])):
            if pk in reader.seen:
                reader.duplicates += 1
            else:
                reader.seen[pk] = arrived
        reader.cursor = int(CURSOR.search(body)[1])
    connection.close()


def measure(base: str, *, readers: int, posts: int, every: float, interval: int) -> Result:
    story = make_story_and_editor(f"bench-latency-{uuid.uuid4().hex[:6]}", interval)
    session = editor_session(base)
    host, port = base[7:].split(":")
    version = Story.objects.get(pk=story.pk).version
    crowd = [Reader(n, version) for n in range(readers)]
    stop = threading.Event()
    threads = [threading.Thread(target=read, args=(r, host, int(port), story, stop)) for r in crowd]
    for thread in threads:
        thread.start()
    time.sleep(interval)  # every reader has polled at least once
    committed: dict[int, float] = {}
    for n in range(posts):
        done = post(session, base, story, n)
        newest = Update.objects.filter(story=story).order_by("-id").values_list("id", flat=True)
        committed[newest[0]] = done
        time.sleep(every)
    # Every reader polls at least twice more: the last post has reached all who will get it.
    time.sleep(2 * interval + 1)
    stop.set()
    for thread in threads:
        thread.join()
    latencies = [r.seen[pk] - at for r in crowd for pk, at in committed.items() if pk in r.seen]
    return Result(
        latencies=latencies,
        missing=sum(pk not in r.seen for r in crowd for pk in committed),
        duplicates=sum(r.duplicates for r in crowd),
        failures=sum(r.failures for r in crowd),
        posts=len(committed),
        readers=readers,
    )


def describe(result: Result) -> str:
    mean = statistics.mean(result.latencies) if result.latencies else 0.0
    return (
        f"{result.readers} readers x {result.posts} posts: mean {mean:.2f} s, "
        f"max {max(result.latencies, default=0):.2f} s; {result.missing} missing, "
        f"{result.duplicates} duplicated, {result.failures} failed polls"
    )
