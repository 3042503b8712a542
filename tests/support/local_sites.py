"""Local HTTP servers on loopback that play the sites the server fetches from.

A :class:`LocalSite` serves the pages put in its ``pages`` dictionary (path, with or
without its query string -> :class:`Page`), which a test may change between two fetches
(a page that is edited or deleted later), and records every request it gets (``requests``: path and
headers) so a test can tell what was asked and what never was. A page may redirect,
stream without a length, or hold the connection open without answering until the site
is closed.
"""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Page:
    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    # Sent without Content-Length, in this many chunks of the body.
    unannounced: bool = False
    # Accept the request and never answer (until the site closes).
    hang: bool = False

    @property
    def data(self) -> bytes:
        return self.body.encode() if isinstance(self.body, str) else self.body


def redirect(location: str, status: int = 302) -> Page:
    return Page(status=status, headers={"Location": location})


@dataclass
class Seen:
    path: str
    headers: dict
    body: bytes = b""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_GET(self):
        site: LocalSite = self.server.site
        length = int(self.headers.get("Content-Length") or 0)
        site.requests.append(Seen(self.path, dict(self.headers), self.rfile.read(length)))
        # The path with its query string, else the path alone.
        page = site.pages.get(self.path) or site.pages.get(self.path.split("?", 1)[0])
        page = page or Page("not here", status=404)
        if page.hang:
            site.released.wait(60)
            return
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        for name, value in page.headers.items():
            self.send_header(name, value)
        if page.unannounced:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(page.data)
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(page.data)))
        self.end_headers()
        self.wfile.write(page.data)

    do_POST = do_GET


class LocalSite:
    def __init__(self, host: str = "127.0.0.1"):
        self.pages: dict[str, Page] = {}
        self.requests: list[Seen] = []
        self.released = threading.Event()
        self._server = ThreadingHTTPServer((host, 0), _Handler)
        self._server.daemon_threads = True
        self._server.site = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths_asked(self) -> list[str]:
        return [seen.path for seen in self.requests]

    def close(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def local_site(settings):
    """A site on 127.0.0.1 the fetcher is allowed to reach (by name, in the settings)."""
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    site = LocalSite()
    yield site
    site.close()
