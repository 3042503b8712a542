"""Where and how an update or claim is shown: everything its markup needs besides the rows.

Made once per update (or once for a page's claims), so the story's time zone, the
translated words and the reversed addresses are looked up once, not per element.
"""

from dataclasses import dataclass, field

from stories.links import Links, links
from stories.reader.markup.times import StoryClock
from stories.reader.markup.words import Words, words


@dataclass(frozen=True)
class Setting:
    clock: StoryClock
    words: Words = field(default_factory=words)
    links: Links = field(default_factory=links)
    # The include options of the templates this replaced (reader/fragments.py keys them):
    # element_id prefixes every id where an update appears twice on a page (the pinned
    # box); not_public leaves out public links (the desk's scheduled updates, drafts);
    # show_history lists each claim's status changes (the permalink); hide_source leaves
    # out each claim's source where a heading names it; share_base is the site's origin.
    element_id: str = ""
    not_public: bool = False
    show_history: bool = False
    headline_level: int = 3
    hide_source: bool = False
    share_base: str = ""

    @classmethod
    def of(cls, story, **options) -> "Setting":
        options = {name: value for name, value in options.items() if value}
        return cls(clock=StoryClock(story.time_zone), **options)

    def id_of(self, name: str) -> str:
        """An element's id, prefixed with ``element_id`` when there is one."""
        return f"{self.element_id}-{name}" if self.element_id else name
