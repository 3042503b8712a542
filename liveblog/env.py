"""Reading settings from the environment: switches, comma-separated lists, frame origins."""

import os
import re

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# One CSP frame-ancestors source: a keyword, "*", or a scheme and host (a leading "*."
# allowed) with an optional port. Anything else could smuggle directives into the header.
FRAME_SOURCE = re.compile(
    r"^(\*|'self'|'none'|https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?)$"
)


def env_frame_sources(name: str, default: str) -> list[str]:
    sources = env_list(name, default)
    wrong = [source for source in sources if not FRAME_SOURCE.match(source)]
    if wrong:
        raise ImproperlyConfigured(f"{name}: not an origin: {', '.join(wrong)}")
    return sources
