"""gunicorn's worker settings measured (``make bench``, target 9): which default to ship.

Each candidate (worker class, threads, recycling) runs as its own gunicorn with 2
workers on the same database, loaded by wrk with nothing-changed polls, first with
keep-alive connections (readers behind nginx or a CDN) and then with a new connection
per request (readers reaching gunicorn directly); the candidates take turns, so a burst
of other users' load touches them alike. For each: requests per CPU-second of the
workers, requests per wall-clock second, p99 latency, and how evenly the two workers
shared the CPU (a recycled worker's replacement can be left without connections while
keep-alive clients stay on the survivor).
"""

import os
import re
import signal
import statistics
import subprocess
from dataclasses import dataclass, field

CANDIDATES = {
    "gthread x4, recycling at 20000": {
        "GUNICORN_WORKER_CLASS": "gthread",
        "GUNICORN_THREADS": "4",
        "GUNICORN_MAX_REQUESTS": "20000",
        "GUNICORN_MAX_REQUESTS_JITTER": "2000",
    },
    "gthread x4, no recycling": {
        "GUNICORN_WORKER_CLASS": "gthread",
        "GUNICORN_THREADS": "4",
        "GUNICORN_MAX_REQUESTS": "0",
    },
    "sync, no recycling": {"GUNICORN_WORKER_CLASS": "sync", "GUNICORN_MAX_REQUESTS": "0"},
}
MODES = {"keep-alive": [], "new connection per request": ["-H", "Connection: close"]}


@dataclass
class Figures:
    per_cpu: list[float] = field(default_factory=list)
    rps: list[float] = field(default_factory=list)
    p99_ms: list[float] = field(default_factory=list)
    busiest_share: list[float] = field(default_factory=list)
    recycled: int = 0

    def summary(self) -> str:
        return (
            f"{statistics.median(self.per_cpu):.0f} per CPU-s, "
            f"{statistics.median(self.rps):.0f}/s, p99 {statistics.median(self.p99_ms):.1f} ms, "
            f"busiest worker {statistics.median(self.busiest_share):.0%} of CPU"
            + (f", {self.recycled} workers recycled" if self.recycled else "")
        )


def p99_ms(wrk_output: str) -> float:
    found = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\b", wrk_output, re.M)
    return float(found[1]) * {"us": 0.001, "ms": 1, "s": 1000}[found[2]] if found else 0.0


def reaped_cpu(master_pid: int) -> float:
    """CPU seconds of the master's workers that have exited (its cutime and cstime)."""
    from bench.run import CLOCK_TICKS

    with open(f"/proc/{master_pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / CLOCK_TICKS


def run_once(bench, url: str, master, extra: list[str], seconds: float, figures: Figures):
    from bench.run import children, cpu_seconds, parse_wrk, wrk_args

    workers = children(master.pid)
    before = {pid: cpu_seconds([pid]) for pid in workers}
    reaped = reaped_cpu(master.pid)
    args = wrk_args(url, seconds=seconds, connections=16, script=None)
    done = subprocess.run(
        [*args[:-1], "--latency", *extra, args[-1]],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    load = parse_wrk(done.stdout + done.stderr)
    now = children(master.pid)
    figures.recycled += len(set(workers) - set(now))
    # Per worker alive now: its CPU during the run (all of it for a replacement started
    # meanwhile); the workers that exited are in the master's reaped children's time.
    used = {pid: cpu_seconds([pid]) - before.get(pid, 0) for pid in now}
    exited = sum(before[pid] for pid in workers if pid not in now)
    total = sum(used.values()) + reaped_cpu(master.pid) - reaped - exited
    figures.per_cpu.append(load.requests / max(total, 0.01))
    figures.rps.append(load.rps)
    figures.p99_ms.append(p99_ms(done.stdout))
    figures.busiest_share.append(max(used.values()) / max(total, 0.01))


def measure(bench, path: str, *, rounds: int, seconds: float) -> dict[tuple[str, str], Figures]:
    """Start each candidate, load them in turn, stop them; figures by (candidate, mode)."""
    from bench.run import GUNICORN, free_port, wait_for

    servers = {}
    for name, settings in CANDIDATES.items():
        url = f"http://127.0.0.1:{free_port()}"
        env = {"GUNICORN_BIND": url[7:], "GUNICORN_LOG_LEVEL": "warning", **settings}
        slug = re.sub(r"\W+", "-", name)
        servers[name] = (url, bench.processes.start(f"gunicorn-{slug}", GUNICORN, env))
    for name, (url, master) in servers.items():
        wait_for(f"{url}/healthz", master, name)
    results = {(name, mode): Figures() for name in CANDIDATES for mode in MODES}
    try:
        for n in range(rounds):
            order = list(servers.items())
            for name, (url, master) in order if n % 2 == 0 else reversed(order):
                for mode, extra in MODES.items():
                    run_once(bench, url + path, master, extra, seconds, results[(name, mode)])
    finally:
        for _, master in servers.values():
            os.killpg(master.pid, signal.SIGTERM)
            master.wait(timeout=30)
    return results
