"""A card's fields from a fetched page: oEmbed, Open Graph and the main text.

- oEmbed: the endpoint from micawber's provider tables (its own list for the large
  sites, then oembed.com's list it ships), else from the page's discovery link
  (``<link rel="alternate" type="application/json+oembed">``); requested through
  ``stories/safe_fetch.py``, never through micawber's own fetcher.
- Open Graph: extruct.
- Title, author, date and main text: trafilatura.

Everything kept is plain text. The provider's player is kept only as an address on a
host of ``settings.LIVEBLOG_EMBED_FRAME_HOSTS`` (the CSP ``frame-src``), never as the
HTML a provider sends.
"""

import functools
import json
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import extruct
import lxml.html
import trafilatura
from django.conf import settings
from django.utils.dateparse import parse_datetime
from micawber.providers import bootstrap_basic, bootstrap_oembed

from stories.safe_fetch import FetchError, fetch

OEMBED_TYPES = frozenset({"application/json", "application/json+oembed", "text/json"})
OEMBED_MAX_BYTES = 512 * 1024
# Players for posts whose oEmbed answer has no frame we can use (a script-driven quote
# instead): the post's address -> its provider's embeddable page.
PLAYERS = (
    (r"^https://t\.me/(?:s/)?([A-Za-z0-9_]{3,64})/(\d{1,12})/?$", "https://t.me/{0}/{1}?embed=1"),
    (
        r"^https://(?:www\.)?(?:twitter|x)\.com/[A-Za-z0-9_]{1,30}/status/(\d{1,25})",
        "https://platform.twitter.com/embed/Tweet.html?id={0}",
    ),
    (
        r"^https://(?:www\.)?instagram\.com/(?:[A-Za-z0-9_.]+/)?(p|reel)/([A-Za-z0-9_-]{5,40})",
        "https://www.instagram.com/{0}/{1}/embed",
    ),
    (
        r"^https://(?:www\.)?tiktok\.com/@[A-Za-z0-9_.]{1,40}/video/(\d{5,25})",
        "https://www.tiktok.com/embed/v2/{0}",
    ),
    (r"^https://(?:www\.)?vimeo\.com/(\d{3,15})", "https://player.vimeo.com/video/{0}"),
)
PLAYER_PATTERNS = tuple((re.compile(pattern), template) for pattern, template in PLAYERS)
# Bluesky's oEmbed quote names the post by its at:// address, which its player takes.
BLUESKY_POST = re.compile(
    r'data-bluesky-uri="at://(did:[a-z0-9:._-]{8,200})/app\.bsky\.feed\.post/([a-z0-9]{5,20})"'
)


@dataclass
class Card:
    provider: str = ""
    title: str = ""
    author: str = ""
    published_at: datetime | None = None
    text: str = ""
    thumbnail_address: str = ""
    embed_address: str = ""


@functools.cache
def providers():
    """micawber's registry: its own patterns take precedence over oembed.com's list."""
    return bootstrap_basic(registry=bootstrap_oembed())


def _first(*values) -> str:
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def _open_graph(html: str, url: str) -> dict:
    try:
        found = extruct.extract(html, base_url=url, syntaxes=["opengraph"], uniform=True)
    except Exception:  # extruct raises whatever its parsers raise on broken pages
        return {}
    items = found.get("opengraph") or [{}]
    return {key: value for key, value in items[0].items() if isinstance(value, str)}


def _discovery_link(html: str, url: str) -> str:
    try:
        document = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for link in document.iter("link"):
        if (link.get("type") or "").lower() == "application/json+oembed" and link.get("href"):
            return urljoin(url, link.get("href"))
    return ""


def oembed(url: str, html: str) -> dict:
    """The oEmbed answer for ``url`` (an empty dict when there is none or it fails)."""
    provider = providers().provider_for_url(url)
    if provider is not None:
        separator = "&" if "?" in provider.endpoint else "?"
        endpoint = f"{provider.endpoint}{separator}{provider.encode_params(url)}"
    else:
        endpoint = _discovery_link(html, url)
    if not endpoint:
        return {}
    try:
        answer = fetch(endpoint, allowed_types=OEMBED_TYPES, max_bytes=OEMBED_MAX_BYTES)
        data = json.loads(answer.body) if answer.ok else {}
    except (FetchError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def frameable(address: str) -> bool:
    parts = urlsplit(address)
    return parts.scheme == "https" and parts.hostname in settings.LIVEBLOG_EMBED_FRAME_HOSTS


def player_address(url: str, oembed_html: str) -> str:
    """The address of the provider's player, on an allowed host, or empty."""
    if oembed_html:
        try:
            frames = lxml.html.fragment_fromstring(oembed_html, create_parent="div").iter("iframe")
            source = next((frame.get("src", "") for frame in frames), "")
        except (lxml.etree.ParserError, ValueError):
            source = ""
        if source and frameable(source):
            return source
    for pattern, template in PLAYER_PATTERNS:
        if match := pattern.match(url):
            return template.format(*match.groups())
    if match := BLUESKY_POST.search(oembed_html):
        return f"https://embed.bsky.app/embed/{match[1]}/app.bsky.feed.post/{match[2]}"
    return ""


def _extracted(html: str, url: str):
    try:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception:  # a page trafilatura cannot read has no main text, not a failure
        return None


def _published(graph: dict) -> datetime | None:
    try:
        return parse_datetime(_first(graph.get("article:published_time")))
    except ValueError:
        return None


def _absolute(base: str, address: str) -> str:
    return urljoin(base, address) if address else ""


def card_for(url: str, html: str) -> Card:
    """Everything the card and the saved copy show, from the page and its oEmbed."""
    graph, embedded, page = _open_graph(html, url), oembed(url, html), _extracted(html, url)
    page_text = (page.text or "").strip() if page else ""
    return Card(
        provider=_first(embedded.get("provider_name"), graph.get("og:site_name"))
        or (urlsplit(url).hostname or ""),
        title=_first(embedded.get("title"), graph.get("og:title"), page and page.title)[:500],
        author=_first(
            embedded.get("author_name"), graph.get("article:author"), page and page.author
        )[:300],
        published_at=_published(graph),
        text=page_text or _first(graph.get("og:description")),
        thumbnail_address=_absolute(
            url, _first(embedded.get("thumbnail_url"), graph.get("og:image"))
        ),
        embed_address=player_address(url, _first(embedded.get("html"))),
    )
