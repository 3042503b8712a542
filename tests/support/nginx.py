"""gunicorn behind nginx on loopback, as docs/deploy.md runs them, for tests and the benchmark.

nginx runs ``deploy/nginx.conf`` itself, with only its listen address and paths rewritten
(``write_nginx_conf``), inside a main configuration like Debian's ``/etc/nginx/nginx.conf``;
gunicorn runs ``deploy/gunicorn.conf.py``. Every server is a subprocess in its own process
group (``Processes``), waited for by polling (``wait_for``) and stopped at the end.

Used by ``bench/run.py`` (three gunicorns, one behind nginx) and by the tests that go
through nginx (``tests/project/conftest.py``'s ``behind_nginx``: ``start_stack``).
"""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy/nginx.conf"
# Debian installs nginx in /usr/sbin, which is not on every user's PATH.
NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")
GUNICORN = [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processes:
    """Servers started for a run, each in its own process group, stopped together."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, args: list[str], env: dict | None = None) -> subprocess.Popen:
        with open(self.logs / f"{name}.log", "wb") as log:
            process = subprocess.Popen(
                args,
                cwd=ROOT,
                env={**os.environ, **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(url: str, process: subprocess.Popen, name: str, timeout: float = 60) -> None:
    """Poll ``url`` until it answers; fail early if ``process`` exits meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited while starting; see its log.")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:  # refused, or nginx's 502 while gunicorn starts
            time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer {url} within {timeout} s.")


def write_nginx_conf(
    directory: Path,
    *,
    listen: str,
    app_socket: Path,
    static_root: Path,
    access_log: Path | None = None,
    replacements: dict[str, str] | None = None,
) -> Path:
    """deploy/nginx.conf with only its addresses and paths rewritten, in a main config.

    ``listen`` is ``host:port``; the internal socket, cache and temporary files go in
    ``directory``. ``replacements`` are further rewrites (each must match at least once).
    Returns the main configuration file, for ``nginx -c``.
    """
    site = SITE.read_text()
    cache, media, temp = directory / "nginx-cache", directory / "media", directory / "nginx-tmp"
    rewrites = {
        "    listen 80;\n": f"    listen {listen};\n",
        "    listen [::]:80;\n": "",
        "unix:/run/liveblog/gunicorn.sock": f"unix:{app_socket}",
        "unix:/run/nginx-liveblog-limiter.sock": f"unix:{directory / 'limiter.sock'}",
        "/var/cache/nginx/liveblog": str(cache),
        "/srv/liveblog/staticfiles/": f"{static_root}/",
        "/srv/liveblog/media/": f"{media}/",
        **(replacements or {}),
    }
    for old, new in rewrites.items():
        if old not in site:
            raise RuntimeError(f"deploy/nginx.conf no longer has {old!r}")
        site = site.replace(old, new)
    (directory / "nginx-site.conf").write_text(site)
    for path in (cache, media, temp):
        path.mkdir(exist_ok=True)
    user = ""
    if os.geteuid() == 0:
        # Started as root, nginx runs its workers as www-data: they write these.
        user = "user www-data;"
        for path in (cache, temp):
            shutil.chown(path, "www-data")
    log = f"access_log {access_log};" if access_log else "access_log off;"
    main = directory / "nginx.conf"
    # worker_connections as docs/deploy.md sizes it for a 2-core machine.
    main.write_text(
        f"""{user}
worker_processes 2;
worker_rlimit_nofile 8192;
pid {directory}/nginx.pid;
error_log stderr warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    {log}
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {directory}/nginx-site.conf;
}}
"""
    )
    return main


def shared_directory(prefix: str) -> Path:
    """A temporary directory nginx's workers (www-data) can enter, for sockets and files."""
    directory = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    directory.chmod(0o755)
    return directory


# --- the stack the tests run ------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def cache_status(self) -> str:
        return self.headers.get("X-Cache-Status", "")


@dataclass
class Stack:
    """gunicorn on a unix socket behind nginx on 127.0.0.1:``port``."""

    directory: Path
    port: int
    processes: Processes

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(
        self,
        path: str,
        *,
        source: str = "127.0.0.1",
        method: str = "GET",
        headers: dict | None = None,
        body: str | None = None,
        timeout: float = 60,
    ) -> Answer:
        """One request on a new connection from loopback address ``source``.

        All of 127.0.0.0/8 is loopback on Linux, so each test client can have its own
        address, as readers on the internet do: nginx's per-client limits tell them apart.
        """
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=timeout, source_address=(source, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()

    def log(self, name: str) -> str:
        return (self.directory / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        self.processes.stop_all()
        shutil.rmtree(self.directory, ignore_errors=True)


def start_stack(
    database_url: str,
    *,
    static_root: Path | None = None,
    app_servers: int = 1,
    redis_socket: Path | None = None,
    settings: dict | None = None,
) -> Stack:
    """gunicorn (deploy/gunicorn.conf.py) on the given database, behind deploy/nginx.conf.

    gunicorn trusts nginx's X-Real-IP and X-Forwarded-Proto (``BEHIND_HTTPS_PROXY``), as
    in production. Static files are collected first: the app needs their manifest.
    With ``app_servers`` > 1, that many gunicorn masters (each with its own workers and
    local memory, logging requests to ``gunicorn-<n>-access.log``) share nginx's
    upstream, which takes them in turn; ``redis_socket`` gives them one Redis cache.
    ``settings`` are further environment variables of the app.
    """
    if NGINX is None:
        raise RuntimeError("nginx is not installed (scripts/run-tests.sh installs it)")
    directory = shared_directory("liveblog-nginx-")
    static_root = static_root or directory / "static"
    environment = _app_environment(database_url, directory, static_root)
    if redis_socket is not None:
        environment["REDIS_URL"] = f"unix://{redis_socket}"
    environment |= settings or {}
    unwanted = {"DEBUG", "REDIS_URL", "DATABASE_REPLICA_URLS"}
    base = {k: v for k, v in os.environ.items() if k not in unwanted}
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**base, **environment},
        check=True,
        timeout=300,
    )
    stack = Stack(directory=directory, port=free_port(), processes=Processes(directory))
    # The app refreshes nginx's poll answers after each commit, as docs/deploy.md sets it.
    environment["LIVEBLOG_NGINX_REFRESH_URLS"] = stack.url
    try:
        _start_servers(stack, {**base, **environment}, static_root, app_servers)
    except BaseException:
        stack.stop()
        raise
    return stack


def _app_environment(database_url: str, directory: Path, static_root: Path) -> dict:
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "behind-nginx-tests-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BEHIND_HTTPS_PROXY": "1",
        "CONN_MAX_AGE": "0",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(directory / "media"),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_LOG_LEVEL": "warning",
        "DJANGO_SETTINGS_MODULE": "liveblog.settings",
    }


def _start_servers(stack: Stack, environment: dict, static_root: Path, app_servers: int):
    directory = stack.directory
    sockets = [directory / "gunicorn.sock"]
    sockets += [directory / f"gunicorn-{n}.sock" for n in range(2, app_servers + 1)]
    gunicorns = []
    for n, socket_path in enumerate(sockets, start=1):
        own = {"GUNICORN_BIND": f"unix:{socket_path}"}
        if app_servers > 1:
            own["GUNICORN_ACCESS_LOG"] = str(directory / f"gunicorn-{n}-access.log")
        name = "gunicorn" if n == 1 else f"gunicorn-{n}"
        gunicorns.append(stack.processes.start(name, GUNICORN, {**environment, **own}))
    first = f"    server unix:{sockets[0]} fail_timeout=0;\n"
    conf = write_nginx_conf(
        directory,
        listen=f"127.0.0.1:{stack.port}",
        app_socket=sockets[0],
        static_root=static_root,
        access_log=directory / "access.log",
        replacements={
            first: "".join(f"    server unix:{path} fail_timeout=0;\n" for path in sockets)
        },
    )
    nginx = stack.processes.start("nginx", [NGINX, "-c", str(conf), "-e", "stderr"])
    for n, (gunicorn, socket_path) in enumerate(zip(gunicorns, sockets, strict=True), 1):
        _wait_for_socket(socket_path, gunicorn, f"gunicorn {n}")
    wait_for(f"{stack.url}/healthz", gunicorns[0], "gunicorn")
    if nginx.poll() is not None:
        raise RuntimeError(f"nginx exited: {stack.log('nginx')}")


def _wait_for_socket(path: Path, process: subprocess.Popen, name: str, timeout: float = 60):
    """Wait until gunicorn listens on its unix socket (nginx alone would hide which)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited while starting; see its log.")
        with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX) as client:
            client.connect(str(path))
            return
        time.sleep(0.2)
    raise RuntimeError(f"{name} did not listen on {path} within {timeout} s.")
