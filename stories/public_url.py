"""Absolute addresses of the site's pages, for links read outside the site.

Canonical links, feeds, JSON-LD and embed codes need a scheme and host. With
``LIVEBLOG_PUBLIC_URL`` set they always use it, so a proxy's internal host name never
leaks into what search engines and partners keep; otherwise the request's own host,
which ``ALLOWED_HOSTS`` has vetted.
"""

from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    base = settings.LIVEBLOG["PUBLIC_URL"]
    if base:
        return base + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path
