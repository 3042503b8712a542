"""Absolute addresses of the site's pages, for links read outside the site.

Canonical links, feeds, JSON-LD and embed codes need a scheme and host. With
``LIVEBLOG_PUBLIC_URL`` set they always use it, so a proxy's internal host name never
leaks into what search engines and partners keep; otherwise the request's own host,
which ``ALLOWED_HOSTS`` has vetted.
"""

import re

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

# A site-relative address in sanitised HTML (nh3 always quotes attributes with ").
_SITE_RELATIVE = re.compile(r'(\s(?:src|href)=")/(?!/)')


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    base = settings.LIVEBLOG["PUBLIC_URL"]
    if base:
        return base + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def with_absolute_links(html: str, request: HttpRequest | None = None) -> SafeString:
    """Sanitised HTML whose site-relative links and images (``/media/…``) are absolute.

    For HTML read away from the site (feeds, the JSON API), where ``/media/…`` would
    point at the reader's app or feed reader instead of here.
    """
    origin = absolute_url("/", request).rstrip("/")
    return mark_safe(_SITE_RELATIVE.sub(lambda m: f"{m[1]}{origin}/", html))
