"""The app behind nginx with deploy/nginx.conf, attacked as from the internet.

gunicorn and nginx run as docs/deploy.md runs them (``behind_nginx``, from
tests/project/conftest.py). Each test's clients have their own loopback addresses
(127.0.0.x), as readers do on the internet, so nginx's per-client limits tell them apart.

- Takedowns: a deletion, and a story taken back to draft, leave nginx's cache once the
  max-age the cached answer promised has passed.
- Cache busting: unknown query parameters share the cached answer; a client asking for
  uncached answers too fast gets 429 while other clients go on being served.
- Slow clients: half-sent headers are cut off; one client cannot hold more than its
  share of nginx's requests in flight.
"""

import contextlib
import email.utils
import random
import re
import socket
import time
from collections import Counter
from dataclasses import dataclass

from stories.models import Story
from tests.support.factories import make_story, make_update
from tests.support.figures import count
from tests.support.nginx import SITE, Stack

# Generous overall bounds for waiting on a loaded machine: the tests wait for events
# (an expiry, a closed socket), never for a bound on speed.
SLACK_SECONDS = 20


def nginx_setting(name: str, default: str | None = None) -> str:
    """The value of a directive in deploy/nginx.conf (the first, if it repeats)."""
    found = re.search(rf"^\s*{name}\s+([^;]+);", SITE.read_text(), re.M)
    if found is None and default is None:
        raise AssertionError(f"deploy/nginx.conf has no {name}")
    return found[1].strip() if found else default


def seconds(value: str) -> int:
    return int(value.removesuffix("s"))


def max_age(answer) -> int:
    return int(re.search(r"max-age=(\d+)", answer.headers["Cache-Control"])[1])


# --- takedowns --------------------------------------------------------------------------


@dataclass
class Watched:
    """A cached URL that shows a text until a takedown; then ``gone`` is its status."""

    path: str
    text: str
    gone: int  # 404, or 200 for a page that stays without the text
    expires: float = 0.0  # when the cached copy's max-age has passed (wall clock)


def cache_and_note_expiry(stack: Stack, watched: Watched, source: str) -> None:
    stack.request(watched.path, source=source)
    answer = stack.request(watched.path, source=source)
    assert answer.status == 200 and watched.text in answer.body, watched.path
    assert answer.cache_status == "HIT", (watched.path, answer.cache_status)
    stored = email.utils.parsedate_to_datetime(answer.headers["Date"]).timestamp()
    # Date and nginx's clock count whole seconds: allow one more on each.
    watched.expires = stored + max_age(answer) + 2


def test_takedowns_leave_nginx_once_the_promised_max_age_has_passed(behind_nginx):
    source = "127.0.0.11"
    story = make_story()
    make_update(story, body="A text that stays.")
    doomed = make_update(story, body="Withdrawn-claim-7731 about the front line.")
    deleted_story = make_story()
    make_update(deleted_story, body="Deleted-story-5521 text.")
    drafted = make_story()
    make_update(drafted, body="Drafted-story-9043 text.")
    watched = [
        Watched(doomed.get_absolute_url(), "Withdrawn-claim-7731", 404),
        Watched(story.get_absolute_url(), "Withdrawn-claim-7731", 200),
        Watched(f"/stories/{story.slug}/feed/", "Withdrawn-claim-7731", 200),
        Watched(f"/api/stories/{story.slug}/updates", "Withdrawn-claim-7731", 200),
        Watched("/api/stories", f'"{deleted_story.slug}"', 200),
        Watched("/api/stories?status=live", f'"{drafted.slug}"', 200),
    ]
    for gone, text in ((deleted_story, "Deleted-story-5521"), (drafted, "Drafted-story-9043")):
        for path in ("/", "feed/", "embed/"):
            watched.append(Watched(f"/stories/{gone.slug}/{path.lstrip('/')}", text, 404))
    for item in watched:
        cache_and_note_expiry(behind_nginx, item, source)

    doomed.delete()
    deleted_story.delete()
    drafted.status = Story.Status.DRAFT
    drafted.save()

    # From its expiry on, each URL is asked once a second until the last has expired
    # and a few seconds more: every answer must be the takedown, never the old copy.
    last = max(item.expires for item in watched)
    checked: Counter = Counter()
    leaks = []
    while time.time() < last + 5:
        for item in watched:
            if time.time() < item.expires:
                continue
            answer = behind_nginx.request(item.path, source=source)
            checked[item.path] += 1
            if answer.status != item.gone or item.text in answer.body:
                leaks.append((item.path, answer.status, answer.cache_status))
        time.sleep(1)
    count("takedown requests after max-age", sum(checked.values()))
    count("takedown answers still showing the old copy", len(leaks))
    assert all(checked[item.path] >= 3 for item in watched)
    assert not leaks


# --- cache busting ----------------------------------------------------------------------


def test_unknown_query_parameters_and_header_values_share_the_cached_answer(behind_nginx):
    source = "127.0.0.21"
    story = make_story()
    make_update(story, body="Shelling reported near the bridge.")
    story.refresh_from_db()
    page = story.get_absolute_url()
    poll = f"/stories/{story.slug}/poll/?since={story.version}"
    behind_nginx.request(page + "?utm_source=first", source=source)
    behind_nginx.request(poll + "&utm_source=first", source=source)
    busting = [
        page + "?utm_source=newsletter&utm_medium=email",
        page + f"?fbclid={random.getrandbits(64)}",
        page + "?SOURCE=&x=1",
        poll + f"&cachebuster={random.getrandbits(64)}",
        poll + "&_=1",
    ]
    answers = [behind_nginx.request(path, source=source) for path in busting]
    answers.append(behind_nginx.request(page, source=source, headers={"HX-Request": "nope"}))
    count("cache-busting requests answered from the cache", len(answers))
    assert [a.cache_status for a in answers] == ["HIT"] * len(answers)
    assert answers[0].status == 200 and "Shelling reported" in answers[0].body


def test_a_repeated_or_recased_parameter_cannot_poison_the_cached_answer(behind_nginx):
    # nginx reads the first of a repeated parameter and any case of its name; the app
    # reads the last, case-sensitively. The key and the app must agree all the same.
    source = "127.0.0.22"
    story = make_story()
    make_update(story, body="Ceasefire talks resume.")
    story.refresh_from_db()
    poll = f"/stories/{story.slug}/poll/"
    behind_nginx.request(f"{poll}?since=0&since={story.version}", source=source)
    behind_nginx.request(f"{poll}?SINCE={story.version}&since=0", source=source)
    behind_nginx.request(f"{poll}?since=0&s%69nce={story.version}", source=source)
    for _ in range(2):
        answer = behind_nginx.request(f"{poll}?since=0", source=source)
        assert answer.status == 200 and "Ceasefire talks resume." in answer.body
    page = story.get_absolute_url()
    behind_nginx.request(f"{page}?before=&before=x", source=source)
    assert behind_nginx.request(page, source=source).status == 200


def test_a_client_asking_for_uncached_answers_too_fast_gets_429_and_others_do_not(
    behind_nginx,
):
    abuser, reader = "127.0.0.23", "127.0.0.24"
    story = make_story()
    make_update(story, body="Power is back in the east.")
    story.refresh_from_db()  # the update moved its version
    poll = f"/stories/{story.slug}/poll/?since="
    statuses: Counter = Counter()
    started = time.monotonic()
    for n in range(120):
        if n % 3:
            answer = behind_nginx.request(poll + str(random.randrange(10**9)), source=abuser)
        else:  # a forged session cookie skips the cache: limited the same
            cookie = {"Cookie": f"sessionid={random.getrandbits(64):x}"}
            answer = behind_nginx.request(story.get_absolute_url(), source=abuser, headers=cookie)
        statuses[answer.status] += 1
    elapsed = time.monotonic() - started
    normal = [
        behind_nginx.request(story.get_absolute_url(), source=reader),
        behind_nginx.request(poll + str(story.version), source=reader),
        behind_nginx.request(poll + str(random.randrange(10**9)), source=reader),
        behind_nginx.request(f"/stories/{story.slug}/feed/", source=reader),
    ]
    count("rate limit: abuser requests", sum(statuses.values()))
    count("rate limit: abuser 429s", statuses[429])
    count("rate limit: 5xx", sum(n for status, n in statuses.items() if status >= 500))
    assert statuses[429] > 0
    # What limit_req lets through: the burst at once, then the rate (one more for rounding).
    rate = int(re.search(r"zone=liveblog_misses:\S+ rate=(\d+)r/s", SITE.read_text())[1])
    burst = int(re.search(r"zone=liveblog_misses burst=(\d+)", SITE.read_text())[1])
    assert sum(statuses.values()) - statuses[429] <= 1 + burst + rate * elapsed + 1
    assert not any(status >= 500 for status in statuses)
    assert [a.status for a in normal] == [200, 204, 204, 200]


# --- slow clients -----------------------------------------------------------------------


def connect(port: int, source: str) -> socket.socket:
    client = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
    client.setblocking(False)
    return client


def closed_by_server(client: socket.socket) -> bool:
    """Whether nginx has hung up (or answered: an error page comes before the end)."""
    try:
        client.recv(65536)
    except BlockingIOError:
        return False
    except OSError:
        pass
    return True


def test_half_sent_headers_are_cut_off_and_other_clients_still_served(behind_nginx):
    attacker, reader = "127.0.0.31", "127.0.0.32"
    story = make_story()
    # nginx's default is 60 s, for which the test waits no longer than with the setting.
    header_timeout = seconds(nginx_setting("client_header_timeout", "10s"))
    started = time.monotonic()
    slow = [connect(behind_nginx.port, attacker) for _ in range(60)]
    for client in slow:
        client.send(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    served = [behind_nginx.request(story.get_absolute_url(), source=reader).status]
    # Keep trickling a header line every 5 s, as the attack did, until nginx hangs up.
    still_open = list(slow)
    while still_open and time.monotonic() < started + header_timeout + SLACK_SECONDS:
        time.sleep(5)
        for client in still_open:
            with contextlib.suppress(OSError):
                client.send(b"X-Slow: 1\r\n")
        still_open = [client for client in still_open if not closed_by_server(client)]
        served.append(behind_nginx.request("/healthz", source=reader).status)
    took = time.monotonic() - started
    for client in slow:
        client.close()
    count("slow headers: sockets opened by one client", len(slow))
    count("slow headers: sockets nginx cut off", len(slow) - len(still_open))
    assert not still_open, f"{len(still_open)} slow sockets still open after {took:.0f} s"
    assert set(served) == {200}


def test_one_client_cannot_hold_more_than_its_share_of_requests(behind_nginx):
    attacker, reader = "127.0.0.33", "127.0.0.34"
    story = make_story()
    # Without the setting nothing is refused, and the test waits for the full slack.
    per_client = int(nginx_setting("limit_conn liveblog_clients", "0"))
    slow = [connect(behind_nginx.port, attacker) for _ in range(60)]
    for client in slow:
        # A body announced and never sent keeps the request in flight.
        client.send(
            f"POST {story.get_absolute_url()} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: text/plain\r\nContent-Length: 100000\r\n\r\nx".encode()
        )
    refused: list[bytes] = []
    deadline = time.monotonic() + SLACK_SECONDS
    waiting = list(slow)
    while len(refused) < len(slow) - per_client and time.monotonic() < deadline:
        time.sleep(0.2)
        for client in list(waiting):
            try:
                first = client.recv(65536)
            except BlockingIOError:
                continue
            refused.append(first)
            waiting.remove(client)
    reader_status = behind_nginx.request(story.get_absolute_url(), source=reader).status
    for client in slow:
        client.close()
    count("held requests: tried by one client", len(slow))
    count("held requests: refused with 429", sum(r.startswith(b"HTTP/1.1 429") for r in refused))
    assert len(refused) == len(slow) - per_client
    assert all(r.startswith(b"HTTP/1.1 429") for r in refused)
    assert reader_status == 200
