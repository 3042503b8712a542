"""A local HTTP server standing in for a push service or a partner's webhook receiver.

It records every request (path, headers, body) and answers each with what the test set:
a status code, and optionally a delay longer than the caller's timeout. It listens on
127.0.0.1, which tests allow through the safe-fetch session (``LIVEBLOG_FETCH_ALLOWED_HOSTS``).
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    path: str
    headers: dict  # names in lower case
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # What the next requests are answered: status codes in turn, the last one repeated.
    statuses: list[int] = field(default_factory=lambda: [201])
    delay: float = 0.0
    answered: threading.Event = field(default_factory=threading.Event)

    def answer_with(self, *statuses: int, delay: float = 0.0) -> None:
        self.statuses, self.delay = list(statuses), delay

    def next_status(self) -> int:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            receiver.requests.append(Received(self.path, headers, body))
            status = receiver.next_status()
            if receiver.delay:
                time.sleep(receiver.delay)  # the receiver is slow, not the test
            try:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:
                pass  # the caller timed out and hung up
            receiver.answered.set()

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def receiver(settings):
    """A running receiver at ``receiver.url``; 127.0.0.1 allowed for outbound requests."""
    found = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(found))
    found.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()
