"""The throwaway PostgreSQL cluster of scripts/run-tests.sh, for tests that stop or dump it,
and its streaming replica, for tests that read through it.

run-tests.sh exports where the cluster lives (``LIVEBLOG_TEST_PG*``) and where its hot
standby listens (``LIVEBLOG_TEST_REPLICA_*``). Outside it (a quick run on SQLite) there is
neither, and :func:`cluster` and :func:`replica` say so.
"""

import os
import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.db import connections


@dataclass(frozen=True)
class Cluster:
    data: str
    host: str
    bin: Path
    log: str
    run_as: list[str]

    def run(self, program: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        """Run a PostgreSQL program as the server's user, from a directory it can enter."""
        return subprocess.run(
            [*self.run_as, str(self.bin / program), *args],
            cwd=self.host,
            check=True,
            capture_output=True,
            timeout=120,
            **kwargs,
        )

    def stop(self) -> None:
        self.run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        connections.close_all()

    def start(self) -> None:
        self.run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "start")
        connections.close_all()

    def is_running(self) -> bool:
        status = subprocess.run(
            [*self.run_as, str(self.bin / "pg_ctl"), "-D", self.data, "status"],
            cwd=self.host,
            capture_output=True,
        )
        return status.returncode == 0


def cluster() -> Cluster | None:
    data = os.environ.get("LIVEBLOG_TEST_PGDATA")
    if not data:
        return None
    return Cluster(
        data=data,
        host=os.environ["LIVEBLOG_TEST_PGHOST"],
        bin=Path(os.environ["LIVEBLOG_TEST_PGBIN"]),
        log=os.environ["LIVEBLOG_TEST_PGLOG"],
        run_as=shlex.split(os.environ.get("LIVEBLOG_TEST_PG_AS", "")),
    )


@dataclass(frozen=True)
class Replica:
    """The hot standby of the cluster (scripts/pg-cluster.sh, ``pg_replica_start``)."""

    url: str
    host: str
    primary_host: str

    def _query(self, sql: str, *params):
        with psycopg.connect(host=self.host, user="postgres", dbname="postgres") as standby:
            standby.autocommit = True
            return standby.execute(sql, params).fetchone()[0]

    def pause(self) -> None:
        """Stop applying the primary's changes: reads see the data as it is now."""
        self._query("SELECT pg_wal_replay_pause()")

    def resume(self) -> None:
        self._query("SELECT pg_wal_replay_resume()")

    def primary_written(self) -> str:
        """Where the primary's WAL is written out to, every commit made so far included."""
        with psycopg.connect(host=self.primary_host, user="postgres", dbname="postgres") as primary:
            # The cluster runs with synchronous_commit off, so recent commits may still
            # sit in memory. A commit with it on that wrote WAL (a transactional message)
            # writes out everything before it; one that only took an xid would not.
            primary.execute("SET synchronous_commit = on")
            primary.execute("SELECT pg_logical_emit_message(true, 'liveblog-tests', 'catch up')")
            primary.commit()
            return primary.execute("SELECT pg_current_wal_flush_lsn()::text").fetchone()[0]

    def catch_up(self, timeout: float) -> float:
        """Wait until it has applied every commit the primary made so far; seconds taken.

        Wait with a generous timeout, never a speed bound: after the outage tests
        restart the primary, the standby takes a few seconds to reconnect by itself.
        """
        written, started = self.primary_written(), time.monotonic()
        while not self._query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", written):
            if time.monotonic() - started > timeout:
                raise AssertionError(f"the replica has not replayed up to {written} in {timeout} s")
            time.sleep(0.02)
        return time.monotonic() - started


def replica() -> Replica | None:
    url = os.environ.get("LIVEBLOG_TEST_REPLICA_URL")
    if not url:
        return None
    return Replica(
        url=url,
        host=os.environ["LIVEBLOG_TEST_REPLICA_HOST"],
        primary_host=os.environ["LIVEBLOG_TEST_PGHOST"],
    )
