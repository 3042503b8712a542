"""What the reader pages show of a story: a page of its stream and the boxes above it.

The story page, older pages, the source filter, the embed and the JSON API all read
their updates through here, so each shows the same updates the same way.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone

from stories import keyset
from stories.models import Source, Story, Tag, Update


@dataclass
class StreamPage:
    updates: list[Update]
    older_token: str | None
    # The story's pinned update, when asked for (``with_pinned``).
    pinned: Update | None = None


def page_size() -> int:
    return settings.LIVEBLOG["PAGE_SIZE"]


def stream_page(
    story: Story,
    *,
    before: tuple[datetime, int] | None = None,
    source: Source | None = None,
    tag: Tag | None = None,
    key_only: bool = False,
    oldest: bool = False,
    size: int | None = None,
    now: datetime | None = None,
    with_pinned: bool = False,
) -> StreamPage:
    """One page of the story's stream, newest first, and the token of the next page.

    With ``source``, only the updates carrying a claim from that source; with ``tag``,
    those filed under it; with ``key_only``, key events. ``oldest``: oldest first, and
    ``before`` is then the position the page follows. ``size`` overrides the page size.
    ``with_pinned``: the story's pinned update too, its claims read with the page's.
    """
    now = now or timezone.now()
    updates = _filtered(story.updates.due(now), source, tag, key_only, oldest)
    # The claims are read once for the page's rows and the pinned update together, and
    # not for the row read only to know whether an older page exists.
    claims = updates._prefetch_related_lookups
    rows, older_token = keyset.page(
        updates.prefetch_related(None),
        before=before,
        size=size or page_size(),
        time_field="published_at",
        oldest=oldest,
    )
    pinned = _pinned(story, now, rows) if with_pinned else None
    shown = rows if pinned is None or pinned in rows else [*rows, pinned]
    prefetch_related_objects(shown, *claims)
    for update in shown:
        update.story = story
    return StreamPage(rows, older_token, pinned)


def _filtered(updates, source, tag, key_only: bool, oldest: bool):
    # Each row's story is the page's own (set below): not read again with every row.
    updates = updates.for_display().select_related(None).select_related("author").newest_first()
    if source is not None:
        updates = updates.with_claims_from(source)
    if tag is not None:
        updates = updates.tagged(tag)
    if key_only:
        updates = updates.key_events()
    if oldest:
        updates = updates.order_by("published_at", "id")
    return updates


class KeyEvent(NamedTuple):
    """What the key-events box shows of an update (no model instance made for it)."""

    pk: int
    headline: str
    body: str
    published_at: datetime

    @property
    def stream_position(self) -> str:
        return keyset.encode(self.published_at, self.pk + 1)


def key_events_box(story: Story, now: datetime | None = None) -> list[KeyEvent]:
    """The key-events box: headlines and times only."""
    published = story.updates.due(now or timezone.now()).key_events_box()
    return [KeyEvent(*row) for row in published.values_list(*KeyEvent._fields)]


def _pinned(story: Story, now: datetime, rows: list[Update]) -> Update | None:
    """The pinned update (claims not read yet): one of ``rows`` when it is there."""
    for update in rows:
        if update.is_pinned:
            return update
    # One per story at most (the one_pinned_update_per_story constraint), so no order:
    # PostgreSQL then reads it from that constraint's index, where ordering by time made
    # it walk the whole stream down to an old pinned update.
    pinned = _filtered(story.updates.due(now).pinned(), None, None, False, False)
    pinned = pinned.prefetch_related(None).order_by()
    return next(iter(pinned[:1]), None)
