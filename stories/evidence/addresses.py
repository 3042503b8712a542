"""Which addresses an update embeds: a web address alone on a line of the body."""

import re

from django.core.exceptions import ValidationError

from stories.models.fields import http_url_validator

# A line holding one address and nothing else (angle brackets, as Markdown autolinks
# write it, allowed).
ADDRESS_LINE = re.compile(r"^\s*<?(https?://\S+?)>?\s*$", re.IGNORECASE)
MAX_EMBEDS = 10


def embedded_addresses(body: str) -> list[str]:
    """The addresses on lines of their own, in order, each once (at most MAX_EMBEDS)."""
    found: list[str] = []
    in_code = False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        match = None if in_code else ADDRESS_LINE.match(line)
        if match and match.group(1) not in found and _valid(match.group(1)):
            found.append(match.group(1))
    return found[:MAX_EMBEDS]


def _valid(address: str) -> bool:
    # Control characters (NUL above all) pass the validator's pattern, not the database.
    if len(address) > 500 or any(ord(char) < 32 or ord(char) == 127 for char in address):
        return False
    try:
        http_url_validator(address)
    except ValidationError:
        return False
    return True
