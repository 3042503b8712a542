"""What the reader pages show of a story: a page of its stream and the boxes above it.

The story page, older pages, the source filter, the embed and the JSON API all read
their updates through here, so each shows the same updates the same way.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from stories import keyset
from stories.models import Source, Story, Tag, Update


@dataclass
class StreamPage:
    updates: list[Update]
    older_token: str | None


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
) -> StreamPage:
    """One page of the story's stream, newest first, and the token of the next page.

    With ``source``, only the updates carrying a claim from that source; with ``tag``,
    those filed under it; with ``key_only``, key events. ``oldest``: oldest first, and
    ``before`` is then the position the page follows. ``size`` overrides the page size.
    """
    updates = story.updates.due(now or timezone.now()).for_display().newest_first()
    if source is not None:
        updates = updates.with_claims_from(source)
    if tag is not None:
        updates = updates.tagged(tag)
    if key_only:
        updates = updates.key_events()
    if oldest:
        updates = updates.order_by("published_at", "id")
    size = size or page_size()
    rows, older_token = keyset.page(
        updates, before=before, size=size, time_field="published_at", oldest=oldest
    )
    for update in rows:
        update.story = story
    return StreamPage(rows, older_token)


def key_events_box(story: Story, now: datetime | None = None) -> list[Update]:
    """The key-events box: headlines and times only."""
    published = story.updates.due(now or timezone.now())
    fields = ("pk", "story_id", "headline", "body", "published_at")
    return list(published.key_events_box().only(*fields))


def pinned_update(story: Story, now: datetime | None = None, among=()) -> Update | None:
    """The pinned update: one of ``among`` (a page's rows, already loaded) when it is there."""
    for update in among:
        if update.is_pinned:
            return update
    # One per story at most (the one_pinned_update_per_story constraint), so no order:
    # PostgreSQL then reads it from that constraint's index, where ordering by time made
    # it walk the whole stream down to an old pinned update.
    rows = story.updates.due(now or timezone.now()).pinned().for_display().order_by()
    pinned = next(iter(rows[:1]), None)
    if pinned is not None:
        pinned.story = story
    return pinned
