"""Every request the server makes to another site goes through this module.

A journalist pastes any address, so fetching must not reach what only the server can
(the database, a cloud's metadata service). The rules, applied on every redirect too:

- http and https only; at most :data:`MAX_REDIRECTS` redirects;
- the host name is resolved here and *every* address it resolves to must be public
  (not private, loopback, link-local, multicast or reserved, IPv4 inside IPv6
  included); the connection is then made to the address that was checked, so a second
  DNS answer cannot swap in another one;
- a connect and a read timeout, and a deadline for the whole body;
- at most ``max_bytes`` of body (5 MB by default), counted after decompression;
- a User-Agent naming the newsroom's software; no proxy from the environment;
- for :func:`fetch`, the answer's content type among ``allowed_types`` when given.

Host names in ``settings.LIVEBLOG_FETCH_ALLOWED_HOSTS`` skip the address check (tests
run their sites on loopback); production leaves it empty. Every refusal is logged and
raised as :class:`FetchRefused` with a reason an editor can read; a site that does not
answer raises :class:`FetchError` (worth retrying). Both are ``RequestException``s, so
a library handed :func:`safe_session` treats them as the network errors it expects.
"""

import ipaddress
import logging
import socket
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Seconds to connect, and to wait for each read; the whole body gets DEADLINE_SECONDS.
DEFAULT_TIMEOUT = (5.0, 10.0)
DEADLINE_SECONDS = 30.0
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(requests.RequestException):
    """No usable answer; ``reason`` says why in words an editor can read."""

    retryable = True

    def __init__(self, reason: str, *, url: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.url = url


class FetchRefused(FetchError):
    """Refused by the rules above: asking again would be refused again."""

    retryable = False


class _AddressRefused(Exception):
    # Raised inside urllib3's connection; not an OSError, so urllib3 does not wrap it.
    pass


@dataclass(frozen=True)
class FetchResult:
    url: str  # the final address, after redirects
    status: int
    content_type: str  # the media type, lower case, without parameters
    charset: str
    headers: dict
    body: bytes
    redirects: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def text(self) -> str:
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def user_agent() -> str:
    site = settings.LIVEBLOG["PUBLIC_URL"]
    return f"LiveNewsFetcher/1.0 (+{site})" if site else "LiveNewsFetcher/1.0"


def _allowed_hosts() -> set[str]:
    return {host.lower().strip("[]") for host in settings.LIVEBLOG_FETCH_ALLOWED_HOSTS}


def _embedded_ipv4(ip):
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64), or the address."""
    if ip.version == 6:
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip in NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def address_problem(address: str) -> str | None:
    """Why the server must not connect to this IP address, or None if it is public."""
    ip = _embedded_ipv4(ipaddress.ip_address(address.split("%", 1)[0]))
    if ip.is_loopback or ip.is_unspecified:
        return "a loopback address (this server itself)"
    if ip.is_link_local:
        return "a link-local address (where cloud metadata services answer)"
    if ip.is_private:
        return "a private network address"
    if ip.is_multicast:
        return "a multicast address"
    if not ip.is_global:
        return "an address reserved for special use"
    return None


def _refuse(reason: str, url: str) -> FetchRefused:
    logger.warning("Fetch refused: %s [%s]", reason, url)
    return FetchRefused(reason, url=url)


def check_url(url: str) -> None:
    """Refuse an address the fetcher would never request, before any network work."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (parsing the port raises ValueError when it is not a number)
    except ValueError:
        raise _refuse("this is not a valid web address", url) from None
    if parts.scheme not in {"http", "https"}:
        scheme = parts.scheme or "none"
        raise _refuse(f"only http and https addresses are fetched, not {scheme}", url)
    if not parts.hostname:
        raise _refuse("the address has no host name", url)


def resolve_checked(host: str, port: int) -> list[str]:
    """The addresses of ``host``, all public (unless the host is allowed), or a refusal."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"the name {host} could not be found (DNS)") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if host.lower() in _allowed_hosts():
        return addresses
    for address in addresses:
        problem = address_problem(address)
        if problem:
            raise _AddressRefused(
                f"{host} resolves to {address}, {problem}; only public addresses are fetched"
            )
    return addresses


class _CheckedConnection:
    def _new_conn(self):
        # Connect to the address that was checked, not to a second DNS answer; TLS still
        # checks the certificate against the host name (server_hostname is unchanged).
        addresses = resolve_checked(self.host, self.port)
        self._dns_host = addresses[0]
        return super()._new_conn()


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = type("CheckedHTTPConnection", (_CheckedConnection, HTTPConnection), {})


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = type("CheckedHTTPSConnection", (_CheckedConnection, HTTPSConnection), {})


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n} bytes"


def _read_bounded(response, *, max_bytes: int, url: str) -> None:
    """Read the body into ``response`` (as requests would), refusing past the limits."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise _refuse(f"the page is {_size(int(declared))}, over the {_size(max_bytes)} limit", url)
    deadline = time.monotonic() + DEADLINE_SECONDS
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                response.close()
                raise _refuse(f"the page is over the {_size(max_bytes)} limit", url)
            if time.monotonic() > deadline:
                response.close()
                raise FetchError(f"the site took over {DEADLINE_SECONDS:.0f} s to send it", url=url)
            chunks.append(chunk)
    except requests.RequestException as error:
        if isinstance(error, FetchError):
            raise
        raise FetchError("the site stopped sending the page (timeout)", url=url) from error
    response._content = b"".join(chunks)
    response._content_consumed = True


class SafeAdapter(HTTPAdapter):
    """requests' adapter with the module's rules; mounted for every address."""

    def __init__(self, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout=DEFAULT_TIMEOUT):
        self.max_bytes = max_bytes
        self.timeout = timeout
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        raise _refuse("requests through a proxy are not made", proxy)

    def send(self, request, stream=False, timeout=None, **kwargs):
        check_url(request.url)
        try:
            response = super().send(request, stream=True, timeout=timeout or self.timeout, **kwargs)
        except _AddressRefused as refused:
            raise _refuse(str(refused), request.url) from None
        except requests.exceptions.SSLError as error:
            raise FetchError(
                "the site's certificate could not be verified", url=request.url
            ) from error
        except requests.Timeout as error:
            raise FetchError("the site did not answer in time", url=request.url) from error
        except requests.ConnectionError as error:
            raise FetchError("the site could not be reached", url=request.url) from error
        _read_bounded(response, max_bytes=self.max_bytes, url=request.url)
        return response


class SafeSession(requests.Session):
    def send(self, request, **kwargs):
        try:
            return super().send(request, **kwargs)
        except requests.TooManyRedirects:
            raise _refuse(f"more than {MAX_REDIRECTS} redirects", request.url) from None


def safe_session(*, max_bytes: int = DEFAULT_MAX_BYTES, timeout=DEFAULT_TIMEOUT) -> SafeSession:
    """A ``requests.Session`` that applies the module's rules to everything it sends."""
    session = SafeSession()
    session.trust_env = False  # no proxy or .netrc from the environment
    session.max_redirects = MAX_REDIRECTS
    session.headers["User-Agent"] = user_agent()
    session.adapters.clear()
    session.mount("", SafeAdapter(max_bytes=max_bytes, timeout=timeout))
    return session


def _media_type(content_type: str) -> tuple[str, str]:
    message = Message()
    message["Content-Type"] = content_type or "application/octet-stream"
    return message.get_content_type(), message.get_param("charset") or ""


def fetch(
    url: str,
    *,
    method: str = "GET",
    data=None,
    headers: dict | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout=DEFAULT_TIMEOUT,
    allowed_types: set[str] | frozenset[str] | None = None,
) -> FetchResult:
    """Request ``url`` under the rules; any HTTP status is an answer, refusals raise."""
    check_url(url)
    with safe_session(max_bytes=max_bytes, timeout=timeout) as session:
        response = session.request(method, url, data=data, headers=headers, timeout=timeout)
    content_type, charset = _media_type(response.headers.get("Content-Type", ""))
    result = FetchResult(
        url=response.url,
        status=response.status_code,
        content_type=content_type,
        charset=charset,
        headers=dict(response.headers),
        body=response.content,
        redirects=tuple(hop.url for hop in response.history),
    )
    if result.ok and allowed_types is not None and content_type not in allowed_types:
        raise _refuse(f"the page is {content_type}, not a kind kept here", url)
    return result
