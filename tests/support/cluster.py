"""The throwaway PostgreSQL cluster of scripts/run-tests.sh, for tests that stop or dump it.

run-tests.sh exports where the cluster lives (``LIVEBLOG_TEST_PG*``). Outside it (a
quick run on SQLite) there is no cluster to stop, and :func:`cluster` says so.
"""

import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

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
