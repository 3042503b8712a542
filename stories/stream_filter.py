"""The reader's view of a story's stream: which updates, in which order.

``?source=<slug>`` (updates with a claim from that source), ``?tag=<slug>`` (updates
filed under that tag), ``?key=1`` (key events only) and ``?order=oldest`` combine. The
page, its older (or later) pages and its poll read them through here, so a link, a
shared URL and a poll all keep the same filter. Matching on the poll reads the claims
and tags already fetched with the changed rows, so it costs no query.
"""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from stories import http
from stories.models import display

OLDEST = "oldest"
NEWEST = "newest"


@dataclass(frozen=True)
class StreamFilter:
    source: str = ""
    tag: str = ""
    key_only: bool = False
    oldest_first: bool = False

    @classmethod
    def from_query(cls, query) -> "StreamFilter":
        """The filter a query string asks for; ValueError (a 400) when it is malformed."""
        source, tag = query.get("source") or "", query.get("tag") or ""
        if source and not http.is_slug(source):
            raise ValueError(_("That is not a source's slug."))
        if tag and not http.is_slug(tag):
            raise ValueError(_("That is not a tag's slug."))
        key = query.get("key") or ""
        if key not in ("", "1"):
            raise ValueError(_("The key-events filter is ?key=1."))
        order = query.get("order") or NEWEST
        if order not in (NEWEST, OLDEST):
            raise ValueError(_("The order is ?order=newest or ?order=oldest."))
        return cls(source, tag, key == "1", order == OLDEST)

    def params(self) -> list[tuple[str, str]]:
        pairs = [("source", self.source), ("tag", self.tag), ("key", "1" if self.key_only else "")]
        pairs.append(("order", OLDEST if self.oldest_first else ""))
        return [(name, value) for name, value in pairs if value]

    def query(self) -> str:
        """``&``-joined, to follow another parameter (or ``?`` when it starts the URL)."""
        return urlencode(self.params())

    def but(self, **changes) -> "StreamFilter":
        return replace(self, **changes)

    def links(self) -> dict[str, str]:
        """Query strings for the filter bar's plain links (each keeps the other choices)."""
        variants = {
            "all": self.but(source="", tag="", key_only=False),
            "key_on": self.but(key_only=True),
            "key_off": self.but(key_only=False),
            "newest": self.but(oldest_first=False),
            "oldest": self.but(oldest_first=True),
            "no_tag": self.but(tag=""),
            "no_source": self.but(source=""),
        }
        return {name: variant.query() for name, variant in variants.items()}

    @property
    def match_part(self) -> str:
        """What decides which updates match (not their order): for ETags and poll URLs."""
        return urlencode([(n, v) for n, v in self.params() if n != "order"])

    @property
    def is_narrowed(self) -> bool:
        return bool(self.source or self.tag or self.key_only)

    def matches(self, update) -> bool:
        """Whether ``update`` (loaded ``for_display()``) belongs in the filtered stream."""
        if self.key_only and not update.is_key_event:
            return False
        if self.tag and all(tag.slug != self.tag for tag in display.shown(update, "tags")):
            return False
        if self.source:
            return any(
                claim.source.slug == self.source for claim in display.shown(update, "claims")
            )
        return True
