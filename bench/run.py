"""The benchmark behind ``make bench``: performance (1-6), rendering (7), publish to screen (8),
gunicorn's worker settings (9) and the desk's claim suggestions (s).

``scripts/bench.sh`` installs what is missing, starts a throwaway PostgreSQL and runs
this with ``DATABASE_URL``, ``STATIC_ROOT`` and ``BENCH_DIR`` (a temp dir it deletes
afterwards) set. Everything listens on loopback or on unix sockets under ``BENCH_DIR``:

- gunicorn "direct" (local-memory cache) on a free loopback port, loaded by wrk for the
  app's own figures (targets 1, 4, 6, 7);
- gunicorn "redis" (``REDIS_URL`` → a private redis-server on a unix socket), for
  target 1 with the shared cache;
- gunicorn "proxied" on a unix socket with its access log on, behind nginx running
  ``deploy/nginx.conf`` (only the listen address and paths rewritten, and the
  connections allowed per client raised: wrk's 500 come from one address), sharing the
  story state in the redis-server and refreshing nginx's poll answers after each commit
  (``LIVEBLOG_NGINX_REFRESH_URLS``), as docs/deploy.md runs it, for targets 5 and 8;
- gunicorn "uncached" (``bench/settings_uncached.py``: the fragment cache is Django's
  dummy cache, so every request renders every update) and gunicorn "floor"
  (``bench/settings_floor.py``: no middleware, one view answering "ok"), for target 7.
  Servers start and stop as the tests behind nginx start them (tests/support/nginx.py).

How ratios are measured: the machine has two cores shared with other people's test runs,
so requests per wall-clock second swing by a factor of two from one second to the next.
Each comparison therefore runs its two loads alternately (A B B A …) and, for each run,
counts the CPU time the serving processes used (gunicorn's workers and PostgreSQL's
backends, or nginx's workers) from /proc. Requests per CPU-second is the throughput the
server reaches when it has the CPU to itself, and moves much less with other people's
load; the verdict compares the medians of it. Wall-clock figures are printed too.
"""

import argparse
import functools
import http.client
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liveblog.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import latency, workers  # noqa: E402
from stories.live import state as live_state  # noqa: E402
from stories.models import Claim, Story, Update  # noqa: E402
from stories.suggestions import SHOWN, suggest_threads  # noqa: E402
from stories.tooling.seeding import seed_story  # noqa: E402
from tests.support.nginx import (  # noqa: E402
    GUNICORN,
    NGINX,
    Processes,
    free_port,
    wait_for,
    write_nginx_conf,
)

SMALL, LARGE = "bench-100", "bench-10000"
# Shares "says", "people", "were", "moved" and "from" with every seeded claim ("<source>
# says <n> people were moved from <place>."): every thread is a candidate both ways.
EVERYWHERE = "Officials says people were moved from the northern bridge and the rail depot"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
HX = {"HX-Request": "true"}


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


# --- processes ------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    return sorted(int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (exited ones count as 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def rss_while(pids: list[int], action: Callable[[], int]) -> tuple[int, list[list[int]]]:
    """What ``action`` returns, and the processes' RSS every quarter of a second while
    it ran."""
    samples, done = [], threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            samples.append([rss_kib(pid) for pid in pids])

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        result = action()
    finally:
        done.set()
        sampler.join()
    return result, samples or [[rss_kib(pid) for pid in pids]]


def settled_level(samples: list[list[int]]) -> list[float]:
    """Each process's median RSS over the last third of ``samples``: where its memory
    settled, not one sample taken just before or after malloc gave memory back."""
    tail = samples[-max(1, len(samples) // 3) :]
    return [statistics.median(column) for column in zip(*tail, strict=True)]


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)[1])


def database_backends() -> list[int]:
    """The throwaway cluster's client backends: the app's database work, without the
    cluster's own housekeeping (checkpointer, autovacuum) that would only add noise."""
    host = urlparse(os.environ["DATABASE_URL"]).netloc.rsplit("@", 1)[-1]
    postmaster = int((Path(unquote(host)) / "data/postmaster.pid").read_text().split()[0])
    backends = []
    for pid in children(postmaster):
        try:
            if b"[local]" in Path(f"/proc/{pid}/cmdline").read_bytes():
                backends.append(pid)
        except FileNotFoundError:
            continue
    return backends


# --- load -----------------------------------------------------------------------------


@dataclass
class Load:
    requests: int
    seconds: float
    rps: float
    bad_status: int
    socket_errors: int
    cpu: float = 0.0  # CPU seconds the serving processes used

    @property
    def per_cpu_second(self) -> float:
        return self.requests / max(self.cpu, 1 / CLOCK_TICKS)

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu / self.requests if self.requests else float("inf")


def wrk_args(url: str, *, seconds: float, connections: int, script: Path | None) -> list[str]:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s"]
    return [*args, "-s", str(script), url] if script else [*args, url]


def parse_wrk(out: str) -> Load:
    done = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)\b", out)
    if not done:
        raise SystemExit(f"wrk did not finish as expected:\n{out}")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(
        requests=int(done[1]),
        seconds=float(done[2]) * {"ms": 0.001, "s": 1, "m": 60}[done[3]],
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        bad_status=int(bad[1]) if bad else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    script: Path | None = None,
    serving: Callable[[], list[int]] = list,
) -> Load:
    """Run wrk; ``serving`` lists the processes whose CPU time the load is charged with."""
    pids = serving()
    before = cpu_seconds(pids)
    args = wrk_args(url, seconds=seconds, connections=connections, script=script)
    done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60)
    load = parse_wrk(done.stdout + done.stderr)
    load.cpu = settled_cpu_seconds(pids) - before
    return load


def settled_cpu_seconds(pids: list[int]) -> float:
    """The processes' CPU time once the requests wrk left in flight are done.

    wrk stops at its deadline with requests still being answered; their CPU belongs to
    this load (counted against its finished requests: a slight overestimate), not to the
    next one. For a slow page against /healthz, the next load would otherwise be
    charged with the page's tail and look several times dearer than it is.
    """
    last, still, deadline = cpu_seconds(pids), 0, time.monotonic() + 10
    while still < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
        now = cpu_seconds(pids)
        still = still + 1 if now == last else 0
        last = now
    return last


def rotating_script(path: Path, requests: list[tuple[str, dict]]) -> Path:
    """A wrk script that sends these (path, headers) requests in turn."""
    # Built in init(): before it, wrk.host is unset and the requests would lack Host.
    lines = ["local requests = {}", "init = function(args)"]
    for target, headers in requests:
        pairs = ", ".join(f'["{name}"] = "{value}"' for name, value in headers.items())
        lines.append(f'  table.insert(requests, wrk.format("GET", "{target}", {{{pairs}}}))')
    lines += [
        "end",
        "local i = 0",
        "request = function()",
        "  i = i % #requests + 1",
        "  return requests[i]",
        "end",
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


@dataclass
class Comparison:
    a: list[Load]
    b: list[Load]

    @property
    def ratio(self) -> float:
        """B's requests per CPU-second over A's, each the median of its runs.

        A median per side shrugs off the runs that a burst of other users' load hit;
        the runs alternate, so a slow drift touches both sides alike.
        """
        return statistics.median(b.per_cpu_second for b in self.b) / statistics.median(
            a.per_cpu_second for a in self.a
        )

    @property
    def cost(self) -> float:
        """B's CPU per request over A's: how many times A's work one B request costs
        (infinite when B's runs finished no request at all)."""
        return 1 / self.ratio if self.ratio else float("inf")

    @property
    def wall_ratio(self) -> float:
        return statistics.median(b.rps for b in self.b) / statistics.median(a.rps for a in self.a)

    def describe(self, a_name: str, b_name: str) -> str:
        def ms(loads):
            return statistics.median(load.cpu_ms for load in loads)

        def rps(loads):
            return statistics.median(load.rps for load in loads)

        return (
            f"CPU ms/request {b_name} {ms(self.b):.2f}, {a_name} {ms(self.a):.2f}; "
            f"wall req/s {rps(self.b):.0f} / {rps(self.a):.0f} (ratio {self.wall_ratio:.2f})"
        )


def compare(
    a: Callable[[], Load], b: Callable[[], Load], *, rounds: int, verbose: bool = False
) -> Comparison:
    """Run two loads alternately (A B B A A B …), ``rounds`` times each."""
    result = Comparison([], [])
    for i in range(rounds):
        for load in (a, b) if i % 2 == 0 else (b, a):
            (result.a if load is a else result.b).append(load())
    if verbose:
        for x, y in zip(result.a, result.b, strict=True):
            print(
                f"      A {x.cpu_ms:.3f} ms {x.rps:.0f}/s  B {y.cpu_ms:.3f} ms {y.rps:.0f}/s  "
                f"ratio {y.per_cpu_second / x.per_cpu_second:.2f}"
            )
    return result


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def send_all(host: str, port: int, paths: list[str], headers: dict, *, threads: int) -> int:
    """GET each path once, from ``threads`` clients; returns the failures.

    Each request on a new connection: a kept-alive one stays with the worker that
    accepted it, so a few clients could leave a worker idle for a whole half of a soak
    (and the RSS compared would be its warming up, not growth). New connections spread
    over the workers as readers' do.
    """
    pending = iter(paths)
    lock = threading.Lock()
    failures = 0

    def client() -> None:
        nonlocal failures
        while True:
            with lock:
                path = next(pending, None)
            if path is None:
                break
            server = http.client.HTTPConnection(host, port, timeout=60)
            try:
                server.request("GET", path, headers={**headers, "Connection": "close"})
                response = server.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                server.close()
            if not ok:
                with lock:
                    failures += 1

    pool = [threading.Thread(target=client) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return failures


# --- the run --------------------------------------------------------------------------


class Bench:
    def __init__(self, workdir: Path, *, short: bool, verbose: bool):
        self.dir = workdir
        self.short = short
        self.verbose = verbose
        self.rows: list[tuple[str, str, str, bool]] = []
        self.notes: list[str] = []
        self.figures: dict[str, str] = {}

    def seconds(self, full: float) -> float:
        return max(1, full / 3) if self.short else full

    def row(self, target: str, measured: str, goal: str, ok: bool, detail: str = "") -> None:
        self.rows.append((target, measured, goal, ok))
        if detail:
            self.notes.append(f"{target}: {detail}")
        verdict = "PASS" if ok else "FAIL"
        print(f"    {target}: {measured} (target {goal}) {verdict}  {detail}", flush=True)

    # setup

    def prepare_database(self) -> None:
        say("Migrating and collecting static files")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        for slug, updates in ((SMALL, 100), (LARGE, 10_000)):
            started = time.monotonic()
            story = seed_story(slug=slug, updates=updates, claims_per_update=2, live_updates=5)
            say(
                f"Seeded /stories/{slug}/: {story.updates.count()} updates with claims, "
                f"version {story.version} ({time.monotonic() - started:.1f} s)"
            )
        # What autovacuum would do in the next minutes, done now so it does not run
        # during the measurements.
        with connection.cursor() as sql:
            sql.execute("VACUUM ANALYZE")
        connection.close()

    def start_servers(self, processes: Processes) -> None:
        self.processes = processes
        gunicorn = GUNICORN
        common = {
            # No recycling: the soak must see a leak if there is one.
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.redis_socket = self.dir / "redis.sock"
        processes.start(
            "redis",
            ["redis-server", "--port", "0", "--unixsocket", str(self.redis_socket),
             "--save", "", "--appendonly", "no"],
        )  # fmt: skip
        self.direct_url = f"http://127.0.0.1:{free_port()}"
        self.direct = processes.start(
            "gunicorn-direct", gunicorn, {**common, "GUNICORN_BIND": self.direct_url[7:]}
        )
        self.redis_url = f"http://127.0.0.1:{free_port()}"
        self.with_redis = processes.start(
            "gunicorn-redis",
            gunicorn,
            {
                **common,
                "GUNICORN_BIND": self.redis_url[7:],
                "REDIS_URL": f"unix://{self.redis_socket}",
            },
        )
        self.access_log = self.dir / "gunicorn-access.log"
        self.app_socket = self.dir / "gunicorn.sock"
        self.nginx_url = f"http://127.0.0.1:{free_port()}"
        self.proxied = processes.start(
            "gunicorn-proxied",
            gunicorn,
            {
                **common,
                "GUNICORN_BIND": f"unix:{self.app_socket}",
                "GUNICORN_ACCESS_LOG": str(self.access_log),
                # As docs/deploy.md runs the app behind nginx: after each commit it
                # refreshes nginx's poll answers, and its workers share the story state
                # in Redis (with local memory a worker sees another's commit only within
                # LIVEBLOG_STATE_CACHE_SECONDS, which alone can cost a reader an interval).
                "LIVEBLOG_NGINX_REFRESH_URLS": self.nginx_url,
                "REDIS_URL": f"unix://{self.redis_socket}",
            },
        )
        # Benchmark-only settings (target 7): the app with an empty fragment cache on
        # every request, and a middleware-free view as the floor under the hot path.
        self.uncached_url = f"http://127.0.0.1:{free_port()}"
        self.uncached = processes.start(
            "gunicorn-uncached",
            gunicorn,
            {
                **common,
                "GUNICORN_BIND": self.uncached_url[7:],
                "DJANGO_SETTINGS_MODULE": "bench.settings_uncached",
            },
        )
        self.floor_url = f"http://127.0.0.1:{free_port()}"
        self.floor = processes.start(
            "gunicorn-floor",
            gunicorn,
            {
                **common,
                "GUNICORN_BIND": self.floor_url[7:],
                "DJANGO_SETTINGS_MODULE": "bench.settings_floor",
            },
        )
        nginx_conf = write_nginx_conf(
            self.dir,
            listen=self.nginx_url[7:],
            app_socket=self.app_socket,
            static_root=Path(os.environ["STATIC_ROOT"]),
            # wrk's 500 connections stand for 500 readers but come from one address.
            replacements={"limit_conn liveblog_clients 20;": "limit_conn liveblog_clients 1000;"},
        )
        self.nginx = processes.start("nginx", [NGINX, "-c", str(nginx_conf), "-e", "stderr"])
        for name, process, url in (
            ("gunicorn (direct)", self.direct, self.direct_url),
            ("gunicorn (redis)", self.with_redis, self.redis_url),
            ("gunicorn (proxied) behind nginx", self.proxied, self.nginx_url),
            ("gunicorn (empty fragment cache)", self.uncached, self.uncached_url),
        ):
            wait_for(f"{url}/healthz", process, name)
        wait_for(f"{self.floor_url}/", self.floor, "gunicorn (middleware-free view)")
        if not self.redis_socket.exists():
            raise SystemExit("redis-server did not start; see redis.log in BENCH_DIR.")

    def app_and_database(self, master: subprocess.Popen) -> Callable[[], list[int]]:
        return lambda: children(master.pid) + database_backends()

    # targets

    def target_1(self) -> None:
        say("Target 1: a nothing-changed poll against /healthz (local memory, then Redis)")
        version = Story.objects.get(slug=LARGE).version
        connection.close()
        for label, base, master in (
            ("local-memory", self.direct_url, self.direct),
            ("Redis", self.redis_url, self.with_redis),
        ):
            poll = f"{base}/stories/{LARGE}/poll/?since={version}"
            status = get(poll)[0]
            serving = self.app_and_database(master)
            result = compare(
                lambda base=base, serving=serving: wrk(
                    f"{base}/healthz", seconds=1, connections=4, serving=serving
                ),
                lambda poll=poll, serving=serving: wrk(
                    poll, seconds=1, connections=4, serving=serving
                ),
                rounds=6 if self.short else 16,
                verbose=self.verbose,
            )
            self.figures[f"nothing-changed poll ({label} cache), direct"] = (
                f"{statistics.median(load.rps for load in result.b):.0f} req/s, "
                f"{statistics.median(load.per_cpu_second for load in result.b):.0f} per CPU-s"
            )
            self.row(
                f"1 nothing-changed poll / healthz, {label} cache",
                f"{result.ratio:.2f}",
                ">= 0.90",
                result.ratio >= 0.9 and status == 204,
                result.describe("healthz", "poll") + f"; poll status {status}",
            )
        self.check_redis_holds_state()
        self.check_no_queries_for_nothing_changed(version)

    def check_redis_holds_state(self) -> None:
        import redis

        get(f"{self.redis_url}/stories/{LARGE}/poll/?since={Story.objects.get(slug=LARGE).version}")
        keys = redis.Redis(unix_socket_path=str(self.redis_socket)).keys("*story-state*")
        if not any(key.decode().endswith(f"story-state:{LARGE}") for key in keys):
            raise SystemExit("The Redis-backed app did not keep the story state in Redis.")
        self.notes.append(f"Redis held the story states: {sorted(k.decode() for k in keys)}")

    def check_no_queries_for_nothing_changed(self, version: int) -> None:
        client = Client()
        client.get(f"/stories/{LARGE}/poll/?since={version}")  # warms the state cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/stories/{LARGE}/poll/?since={version}")
        self.row(
            "1 queries of a nothing-changed poll",
            str(len(queries)),
            "0",
            len(queries) == 0 and response.status_code == 204,
        )

    def target_2(self) -> None:
        say("Target 2: queries of polls that return changes")
        story = Story.objects.get(slug=LARGE)
        bulk_version = Update.objects.filter(story=story).order_by("version")[0].version
        cursors = {
            "one new update": (LARGE, story.version - 1),
            "the last 5 updates and the key-events box": (LARGE, bulk_version),
            "all 100 updates of the small story": (SMALL, 0),
        }
        client, worst, details = Client(), 0, []
        for label, (slug, since) in cursors.items():
            live_state.get_state(slug)  # a poll normally finds the state cached
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/stories/{slug}/poll/?since={since}")
            carried = response.content.count(b'<article class="update')
            if response.status_code != 200 or not carried:
                raise SystemExit(f"The poll of {slug} since {since} carried nothing.")
            worst = max(worst, len(queries))
            details.append(f"{len(queries)} for {label} ({carried} updates)")
        self.row(
            "2 queries of a poll with changes (worst)",
            str(worst),
            "<= 4",
            worst <= 4,
            "; ".join(details),
        )

    def target_3(self) -> None:
        say("Target 3: HTTP caching headers, from the app and through nginx")
        story = Story.objects.get(slug=LARGE)
        older = Update.objects.filter(story=story).newest_first()[5000]
        poll = f"/stories/{LARGE}/poll/?since={story.version - 1}"
        checks: list[tuple[str, bool]] = []
        status, headers, _ = get(self.direct_url + poll)
        cache_control = headers.get("Cache-Control", "")
        max_age = re.search(r"max-age=(\d+)", cache_control)
        etag = headers.get("ETag", "")
        checks += [
            ("poll answer is public", "public" in cache_control),
            ("poll max-age is within the poll interval",
             bool(max_age) and 0 < int(max_age[1]) <= story.poll_interval),
            ("poll has stale-while-revalidate", "stale-while-revalidate" in cache_control),
            ("poll has an ETag", bool(etag)),
            ("a conditional poll gets 304",
             get(self.direct_url + poll, {"If-None-Match": etag})[0] == 304),
        ]  # fmt: skip
        pages = [
            "/",
            f"/stories/{LARGE}/",
            f"/stories/{LARGE}/?before={older.stream_position}",
            older.get_absolute_url(),
            "/sources/",
            f"/stories/{LARGE}/poll/?since={story.version}",
        ]
        for page in pages:
            status, headers, _ = get(self.direct_url + page)
            checks += [
                (f"{page} answers", status in (200, 204)),
                (f"{page} sets no cookie", "Set-Cookie" not in headers),
                (
                    f"{page} does not vary on Cookie",
                    "cookie" not in headers.get("Vary", "").lower(),
                ),
                (f"{page} is public", "public" in headers.get("Cache-Control", "")),
            ]
        # Through nginx: a repeated request is a hit (204s too); an editor's is not cached.
        for page in (pages[1], pages[5], poll):
            get(self.nginx_url + page)
            hit = get(self.nginx_url + page)[1].get("X-Cache-Status")
            checks.append((f"nginx answers {page} again from its cache", hit == "HIT"))
        editor = get(self.nginx_url + pages[1], {"Cookie": "sessionid=x"})[1]
        checks.append(("nginx passes editors by", editor.get("X-Cache-Status") == "BYPASS"))
        failed = [name for name, ok in checks if not ok]
        self.row(
            "3 cacheability checks passed",
            f"{len(checks) - len(failed)}/{len(checks)}",
            "all",
            not failed,
            ("failed: " + "; ".join(failed)) if failed else "",
        )

    def target_4(self) -> None:
        say("Target 4: the story page and deep 'older updates', 10,000 against 100 updates")
        small = Update.objects.filter(story__slug=SMALL).newest_first()
        large = Update.objects.filter(story__slug=LARGE).newest_first()
        # The small story's first older page against one 9,000 updates deep in the large.
        small_older, large_older = small[20].stream_position, large[9000].stream_position
        hx = {"HX-Request": "true"}
        # Rendered afresh each time (the "uncached" server): a story page or an older page
        # served from the page cache costs the same at any size anyway; this measures the
        # rendering and its queries.
        serving = self.app_and_database(self.uncached)
        for label, small_path, large_path, headers in (
            ("story page", f"/stories/{SMALL}/", f"/stories/{LARGE}/", {}),
            (
                "older updates",
                f"/stories/{SMALL}/?before={small_older}",
                f"/stories/{LARGE}/?before={large_older}",
                hx,
            ),
        ):
            scripts = [
                rotating_script(self.dir / f"{name}.lua", [(path, headers)])
                for name, path in (("large", large_path), ("small", small_path))
            ]
            result = compare(
                *(
                    lambda script=script: wrk(
                        self.uncached_url,
                        seconds=self.seconds(2),
                        connections=4,
                        script=script,
                        serving=serving,
                    )
                    for script in scripts
                ),
                rounds=6,
                verbose=self.verbose,
            )
            # B (100 updates) per CPU-second over A (10,000): how much slower the large is.
            self.figures[f"{label}, 10,000 updates, rendered afresh"] = (
                f"{statistics.median(load.rps for load in result.a):.0f} req/s"
            )
            self.row(
                f"4 {label}: time at 10,000 / at 100 updates",
                f"{result.ratio:.2f}",
                "<= 1.20",
                result.ratio <= 1.2,
                result.describe("10,000", "100"),
            )
        client, counts = Client(), []
        for path, headers in (
            (f"/stories/{SMALL}/", {}),
            (f"/stories/{LARGE}/", {}),
            (f"/stories/{SMALL}/?before={small_older}", hx),
            (f"/stories/{LARGE}/?before={large_older}", hx),
        ):
            client.get(path, headers=headers)  # the state cache warm, as under load
            caches["pages"].clear()  # the page rendered, not a copy of it
            with CaptureQueriesContext(connection) as queries:
                client.get(path, headers=headers)
            counts.append(len(queries))
        self.row(
            "4 queries: page 100 / page 10,000 / older 100 / older 10,000",
            " / ".join(map(str, counts)),
            "equal",
            counts[0] == counts[1] and counts[2] == counts[3],
        )

    def target_5(self) -> None:
        say("Target 5: 500 readers polling one story through nginx's micro-cache")
        story = Story.objects.get(slug=LARGE)
        cursors = [story.version, story.version - 1, story.version - 3]
        polls, statics = [], []
        static_dir = Path(os.environ["STATIC_ROOT"]) / "bench"
        static_dir.mkdir(exist_ok=True)
        for n, since in enumerate(cursors):
            path = f"/stories/{LARGE}/poll/?since={since}"
            body = get(self.nginx_url + path)[2]
            (static_dir / f"answer-{n}.html").write_bytes(b"x" * len(body))
            polls.append((path, {}))
            statics.append((f"/static/bench/answer-{n}.html", {}))
        poll_script = rotating_script(self.dir / "polls.lua", polls)
        static_script = rotating_script(self.dir / "statics.lua", statics)
        seconds = self.seconds(5)
        arrivals, failures = [], []

        def serving():
            return children(self.nginx.pid) + children(self.proxied.pid) + database_backends()

        def polling():
            before = self.access_log.stat().st_size if self.access_log.exists() else 0
            load = wrk(
                self.nginx_url,
                seconds=seconds,
                connections=500,
                script=poll_script,
                serving=serving,
            )
            with open(self.access_log, "rb") as log:
                log.seek(before)
                arrivals.append(log.read().count(b"/poll/") / load.seconds / len(cursors))
            failures.append(load.bad_status + load.socket_errors)
            return load

        result = compare(
            lambda: wrk(
                self.nginx_url,
                seconds=seconds,
                connections=500,
                script=static_script,
                serving=serving,
            ),
            polling,
            rounds=2,
            verbose=self.verbose,
        )
        self.figures["poll through nginx, 500 connections"] = (
            f"{statistics.median(load.rps for load in result.b):.0f} req/s"
        )
        self.row(
            "5 requests reaching the app per second per cursor",
            f"{max(arrivals):.2f}",
            "<= ~1",
            max(arrivals) <= 1.1 and not any(failures),
            f"{len(cursors)} cursors, 500 connections, {sum(failures)} failed requests",
        )
        self.row(
            "5 poll through nginx / same-size static file",
            f"{result.ratio:.2f}",
            ">= 0.50",
            result.ratio >= 0.5,
            result.describe("static", "poll"),
        )

    def target_6(self) -> None:
        soak = self.seconds(60)
        say(f"Target 6: a {soak:.0f} s soak of polling, sampling the workers' memory")
        story = Story.objects.get(slug=LARGE)
        nothing_new = f"/stories/{LARGE}/poll/?since={story.version}"
        etag = get(self.direct_url + nothing_new)[1]["ETag"].replace('"', '\\"')
        # Mostly readers at the current cursor; some behind it, some conditional, and
        # now and then a story page, so every path of a poll and a page is exercised.
        mix = [(nothing_new, {})] * 12 + [
            (f"/stories/{LARGE}/poll/?since={story.version - 1}", {}),
            (f"/stories/{LARGE}/poll/?since={story.version - 3}", {}),
            (f"/stories/{SMALL}/poll/?since={Story.objects.get(slug=SMALL).version - 5}", {}),
            (nothing_new, {"If-None-Match": etag}),
            (f"/stories/{LARGE}/", {}),
        ]
        script = rotating_script(self.dir / "soak.lua", mix)
        wrk(self.direct_url, seconds=3, connections=8, script=script)  # warm-up
        workers = children(self.direct.pid)
        samples: list[list[int]] = []
        load = subprocess.Popen(
            wrk_args(self.direct_url, seconds=soak, connections=8, script=script),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        while load.poll() is None:
            samples.append([rss_kib(pid) for pid in workers])
            time.sleep(1)
        result = parse_wrk(load.stdout.read())
        failed = result.bad_status + result.socket_errors
        restarted = children(self.direct.pid) != workers
        # Each worker's RSS over the last 5 samples against its first 5; the worst worker.
        window = max(1, min(5, len(samples) // 4))
        growth = max(
            statistics.mean(s[i] for s in samples[-window:])
            / statistics.mean(s[i] for s in samples[:window])
            - 1
            for i in range(len(workers))
        )
        rss = ", ".join(
            f"{first / 1024:.1f}→{last / 1024:.1f}"
            for first, last in zip(samples[0], samples[-1], strict=True)
        )
        self.row(
            "6 worker memory growth over the soak (worst worker)",
            f"{growth:+.1%}",
            "< 10%",
            growth < 0.10 and not restarted,
            f"RSS MiB per worker {rss}; {result.requests} requests"
            + ("; a worker was replaced" if restarted else ""),
        )
        self.row(
            "6 failed requests in the soak",
            str(failed),
            "0",
            failed == 0 and result.requests > 0,
        )

    def target_7(self) -> None:
        say("Target 7: rendering with and without the fragment cache; the hot path's floor")
        story = Story.objects.get(slug=LARGE)
        connection.close()
        page = f"/stories/{LARGE}/"
        nothing_new = f"/stories/{LARGE}/poll/?since={story.version}"
        one_update = f"/stories/{LARGE}/poll/?since={story.version - 1}"
        statuses = {
            "page": get(self.direct_url + page)[0],
            "page with an empty fragment cache": get(self.uncached_url + page)[0],
            "nothing-changed poll": get(self.direct_url + nothing_new)[0],
            "poll bringing one update": get(self.direct_url + one_update)[0],
            "middleware-free view": get(self.floor_url + "/")[0],
        }
        if statuses != {**dict.fromkeys(statuses, 200), "nothing-changed poll": 204}:
            raise SystemExit(f"Target 7's requests did not answer as expected: {statuses}")
        direct, uncached, floor = (
            self.app_and_database(master) for master in (self.direct, self.uncached, self.floor)
        )

        def load(url: str, serving: Callable[[], list[int]]) -> Callable[[], Load]:
            return lambda: wrk(url, seconds=1, connections=4, serving=serving)

        # Every worker renders the page's updates once, as they would be for readers.
        for url in (self.direct_url + page, self.uncached_url + page, self.floor_url + "/"):
            wrk(url, seconds=2, connections=4)
        rounds = 6 if self.short else 12
        comparisons = (
            ("story page, fragments cached / healthz", "<= 10", 10,
             load(self.direct_url + "/healthz", direct), load(self.direct_url + page, direct)),
            ("story page, empty fragment cache / healthz", "<= 60", 60,
             load(self.uncached_url + "/healthz", uncached),
             load(self.uncached_url + page, uncached)),
            ("poll bringing one update / nothing-changed poll", "<= 4", 4,
             load(self.direct_url + nothing_new, direct),
             load(self.direct_url + one_update, direct)),
            ("nothing-changed poll / middleware-free view", "<= 1.5", 1.5,
             load(self.floor_url + "/", floor), load(self.direct_url + nothing_new, direct)),
        )  # fmt: skip
        for label, goal, most, cheap, dear in comparisons:
            result = compare(cheap, dear, rounds=rounds, verbose=self.verbose)
            dear_name, cheap_name = label.split(" / ")
            self.row(
                f"7 CPU per request: {label}",
                f"{result.cost:.2f}x",
                f"{goal}x",
                result.cost <= most,
                result.describe(cheap_name, dear_name),
            )
        self.soak_random_depths()

    def target_8(self) -> None:
        readers, posts, interval = (500, 4, 5) if self.short else (500, 10, 5)
        say(
            f"Target 8: publish-to-screen latency, {readers} readers polling every "
            f"{interval} s through nginx, an editor posting through the desk"
        )
        result = latency.measure(
            self.nginx_url, readers=readers, posts=posts, every=3, interval=interval
        )
        p50, p99 = result.percentile(0.5), result.percentile(0.99)
        self.figures["publish to screen, p50 / p99"] = f"{p50:.2f} s / {p99:.2f} s"
        self.row(
            "8 publish to screen: p50 / p99 (poll interval 5 s)",
            f"{p50:.2f} s / {p99:.2f} s",
            "p99 <= 6 s",
            p99 <= interval + 1,
            latency.describe(result),
        )
        self.row(
            "8 readers missing or duplicating a post",
            f"{result.missing} / {result.duplicates}",
            "0 / 0",
            result.missing == 0 and result.duplicates == 0 and result.latencies != [],
        )

    def target_9(self) -> None:
        say("Target 9: gunicorn worker settings, with keep-alive and without")
        story = Story.objects.get(slug=LARGE)
        connection.close()
        path = f"/stories/{LARGE}/poll/?since={story.version}"
        results = workers.measure(self, path, rounds=2 if self.short else 4, seconds=8)
        for (name, mode), figures in results.items():
            self.notes.append(f"9 {name}, {mode}: {figures.summary()}")
            print(f"    9 {name}, {mode}: {figures.summary()}", flush=True)
        for mode in workers.MODES:
            best = max(
                workers.CANDIDATES,
                key=lambda name: statistics.median(results[(name, mode)].per_cpu),
            )
            shipped = results[("gthread x4, no recycling", mode)]
            ratio = statistics.median(shipped.per_cpu) / statistics.median(
                results[(best, mode)].per_cpu
            )
            self.row(
                f"9 shipped default (gthread x4, no recycling) / best, {mode}",
                f"{ratio:.2f} (best: {best})",
                ">= 0.90",
                ratio >= 0.9,
            )

    def target_s(self) -> None:
        say("Target s: the desk's claim suggestions for a text matching every claim")
        story = Story.objects.get(slug=LARGE)
        claims = Claim.objects.filter(update__story=story).count()
        suggest_threads(EVERYWHERE, story=story)  # warm the connection and the plan
        timings, queries = [], 0
        for _ in range(7 if self.short else 21):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                suggested = suggest_threads(EVERYWHERE, story=story)
                timings.append((time.perf_counter() - started) * 1000)
            queries = max(queries, len(captured))
        connection.close()
        median = statistics.median(timings)
        self.row(
            f"s claim suggestions on {claims:,} claims, worst case: ms",
            f"{median:.0f}",
            "< 100",
            median < 100 and queries <= 1 and len(suggested) == SHOWN,
            f"median of {len(timings)} calls, slowest {max(timings):.0f} ms, {queries} query each",
        )

    def soak_random_depths(self) -> None:
        """Worker memory while readers open the 10,000-update story at random depths.

        Each request renders up to 20 updates the worker may not have seen, so the
        fragment cache reaches its bound (``LIVEBLOG_FRAGMENT_CACHE_ENTRIES``) within the
        first half of the soak (about 350 requests a worker: 20 updates each, drawn from
        10,000); in the second half it culls, and memory must stay flat.
        A fixed number of requests, from four threads, each on a new connection (send_all).
        The middle and the end are each worker's median RSS over the last third of that
        half (sampled every 0.25 s): malloc gives memory back in steps (the workers trim it
        once a second), and one sample could fall either side of a step.
        """
        total = 3000 if self.short else 6000
        say(f"Target 7: {total} 'older updates' requests at random depths, sampling RSS")
        updates = Update.objects.filter(story__slug=LARGE).only("id", "published_at")
        tokens = [quote(update.stream_position, safe="") for update in updates]
        connection.close()
        pick = random.Random(7)
        paths = [f"/stories/{LARGE}/?before={pick.choice(tokens)}" for _ in range(total)]
        host, port = self.direct_url[7:].split(":")
        workers = children(self.direct.pid)
        first = [rss_kib(pid) for pid in workers]
        started, failed, levels = time.monotonic(), 0, []
        for half in (paths[: total // 2], paths[total // 2 :]):
            send = functools.partial(send_all, host, int(port), half, HX, threads=4)
            failures, samples = rss_while(workers, send)
            failed += failures
            levels.append(settled_level(samples))
        restarted = children(self.direct.pid) != workers
        middle, last = levels
        growth = max((end - mid) / mid for mid, end in zip(middle, last, strict=True))
        rss = ", ".join(
            f"{a / 1024:.1f}→{b / 1024:.1f}→{c / 1024:.1f}"
            for a, b, c in zip(first, middle, last, strict=True)
        )
        self.row(
            "7 worker RSS growth over the soak's last half (worst worker)",
            f"{growth:+.1%}",
            "< 5%",
            growth < 0.05 and not restarted and failed == 0,
            f"RSS MiB per worker start→middle→end {rss}; {total} requests at random depths "
            f"in {time.monotonic() - started:.0f} s, {failed} failed"
            + ("; a worker was replaced" if restarted else ""),
        )

    def print_table(self) -> bool:
        header = ("target", "measured", "goal", "result")
        rows = [header] + [(t, m, g, "PASS" if ok else "FAIL") for t, m, g, ok in self.rows]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        print()
        for n, row in enumerate(rows):
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
            if n == 0:
                print("  ".join("-" * width for width in widths))
        print()
        for note in self.notes:
            print(f"- {note}")
        print(f"- On this machine ({os.cpu_count()} cores, shared with other users):")
        for name, figure in self.figures.items():
            print(f"    {name}: {figure}")
        return all(row[3] for row in self.rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--short", action="store_true", help="a third of each duration, for a quick look"
    )
    parser.add_argument(
        "--targets", default="123456789s", help="which targets to measure, e.g. 16 (default: all)"
    )
    parser.add_argument("--verbose", action="store_true", help="print every run's figures")
    options = parser.parse_args()
    workdir = Path(os.environ["BENCH_DIR"])
    bench = Bench(workdir, short=options.short, verbose=options.verbose)
    started = time.monotonic()
    bench.prepare_database()
    processes = Processes(workdir)
    # Stopped by a signal (Ctrl-C's SIGINT already raises): stop the servers too, which
    # run in their own sessions and would otherwise outlive the benchmark.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        bench.start_servers(processes)
        for number in options.targets:
            getattr(bench, f"target_{number}")()
    finally:
        processes.stop_all()
    ok = bench.print_table()
    print(f"\nTook {time.monotonic() - started:.0f} s. {'All targets met.' if ok else 'FAILED.'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
