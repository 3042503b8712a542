"""stories/safe_fetch.py against local sites on loopback: what it fetches and what it refuses."""

import logging
import socket
import time

import pytest
import requests

from stories.safe_fetch import FetchError, FetchRefused, address_problem, fetch, safe_session
from tests.support.figures import count
from tests.support.local_sites import LocalSite, Page, redirect


def refused(caplog, call) -> FetchRefused:
    """The refusal ``call`` raises, checked to be logged with its reason."""
    with (
        caplog.at_level(logging.WARNING, logger="stories.safe_fetch"),
        pytest.raises(FetchRefused) as raised,
    ):
        call()
    assert raised.value.reason in caplog.text
    count("fetches refused")
    return raised.value


def test_fetch_returns_the_page_its_final_address_and_type(local_site):
    local_site.pages["/old"] = redirect("/post")
    local_site.pages["/post"] = Page(
        "<p>Said at 14:02</p>", content_type="text/html; charset=utf-8"
    )

    result = fetch(local_site.url("/old"), allowed_types={"text/html"})

    assert result.status == 200
    assert result.url == local_site.url("/post")
    assert result.redirects == (local_site.url("/old"),)
    assert (result.content_type, result.charset) == ("text/html", "utf-8")
    assert result.text == "<p>Said at 14:02</p>"
    assert local_site.requests[0].headers["User-Agent"].startswith("LiveNewsFetcher/")


def test_an_error_status_is_an_answer_not_a_refusal(local_site):
    local_site.pages["/gone"] = Page("deleted", status=410)

    result = fetch(local_site.url("/gone"), allowed_types={"text/html"})

    assert (result.status, result.ok) == (410, False)


def test_loopback_is_refused_when_no_host_is_allowed(settings, caplog):
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = []
    site = LocalSite()
    try:
        error = refused(caplog, lambda: fetch(site.url("/")))
    finally:
        site.close()
    assert "127.0.0.1, a loopback address" in error.reason
    assert site.requests == []


def test_a_redirect_to_an_address_not_allowed_is_refused(settings, caplog):
    # The first site is reached by a name the settings allow; it sends the fetcher on to
    # 127.0.0.1, which they do not.
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = ["localhost"]
    site = LocalSite()
    site.pages["/start"] = redirect(site.url("/admin-only"))
    try:
        error = refused(caplog, lambda: fetch(site.url("/start", host="localhost")))
    finally:
        site.close()
    assert "loopback" in error.reason
    assert site.paths_asked() == ["/start"]


def test_a_name_that_resolves_to_a_private_address_is_refused(settings, caplog, monkeypatch):
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = []
    answer = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answer)

    error = refused(caplog, lambda: fetch("http://news.example/story"))

    assert "news.example resolves to 127.0.0.1" in error.reason


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("fd00:ec2::254", "private"),
        ("2002:a00:1::", "private"),
        ("64:ff9b::a9fe:a9fe", "link-local"),
        ("100.64.0.1", "reserved"),
        ("0.0.0.0", "loopback"),
        ("224.0.0.1", "multicast"),
    ],
)
def test_addresses_that_are_not_public_are_named(address, kind):
    assert kind in address_problem(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_pass(address):
    assert address_problem(address) is None


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/", "gopher://x/", "http:///nohost", "http://h:x/"],
)
def test_addresses_that_are_not_http_are_refused_before_any_network_work(url, caplog):
    refused(caplog, lambda: fetch(url))


def test_more_than_five_redirects_are_refused(local_site, caplog):
    for hop in range(7):
        local_site.pages[f"/hop{hop}"] = redirect(f"/hop{hop + 1}")
    local_site.pages["/hop7"] = Page("end")
    local_site.pages["/five"] = redirect("/hop3")

    assert fetch(local_site.url("/five")).text == "end"
    error = refused(caplog, lambda: fetch(local_site.url("/hop0")))
    assert "more than 5 redirects" in error.reason


def test_a_page_announced_too_large_is_refused_before_its_body(local_site, caplog):
    local_site.pages["/big"] = Page(b"x" * 2_000_000)

    error = refused(caplog, lambda: fetch(local_site.url("/big"), max_bytes=1_000_000))

    assert "2.0 MB, over the 1.0 MB limit" in error.reason


def test_a_page_that_grows_past_the_limit_unannounced_is_refused(local_site, caplog):
    local_site.pages["/stream"] = Page(b"y" * 300_000, unannounced=True)

    error = refused(caplog, lambda: fetch(local_site.url("/stream"), max_bytes=200_000))

    assert "over the 0.2 MB limit" in error.reason


def test_a_site_that_never_answers_times_out(local_site):
    local_site.pages["/silent"] = Page(hang=True)
    started = time.monotonic()

    with pytest.raises(FetchError) as raised:
        fetch(local_site.url("/silent"), timeout=(1.0, 0.5))

    # A bound that only tells a timeout from a hang (the site would hold for 60 s).
    assert time.monotonic() - started < 30
    assert raised.value.retryable
    assert "did not answer in time" in raised.value.reason


def test_a_content_type_not_asked_for_is_refused(local_site, caplog):
    local_site.pages["/file"] = Page(b"\x7fELF", content_type="application/octet-stream")

    error = refused(caplog, lambda: fetch(local_site.url("/file"), allowed_types={"text/html"}))

    assert "application/octet-stream" in error.reason


def test_a_library_handed_the_safe_session_gets_the_same_rules(settings, caplog):
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = ["localhost"]
    site = LocalSite()
    site.pages["/hook"] = Page('{"ok": true}', content_type="application/json")
    site.pages["/sneaky"] = redirect(site.url("/hook"))
    try:
        session = safe_session(max_bytes=1000)
        answer = session.post(site.url("/hook", host="localhost"), json={"x": 1})
        error = refused(caplog, lambda: session.get(site.url("/sneaky", host="localhost")))
    finally:
        site.close()
    assert answer.json() == {"ok": True}
    assert isinstance(error, requests.RequestException)
    assert site.paths_asked() == ["/hook", "/sneaky"]
    assert site.requests[0].body == b'{"x": 1}'


def test_the_session_ignores_proxies_from_the_environment(local_site, monkeypatch):
    # A proxy on loopback where nothing listens: used, it would fail the request.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    local_site.pages["/direct"] = Page("direct")

    assert safe_session().get(local_site.url("/direct")).text == "direct"
