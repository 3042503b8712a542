"""What the reader pages show of a story: a page of its stream and the boxes above it.

The story page, older pages, the source filter, the embed and the JSON API all read
their updates through here, so each shows the same updates the same way.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from stories import keyset
from stories.models import Source, Story, Update


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
    size: int | None = None,
    now: datetime | None = None,
) -> StreamPage:
    """One page of the story's stream, newest first, and the token of the next page.

    With ``source``, only the updates carrying a claim from that source; ``size``
    overrides the page size.
    """
    updates = story.updates.due(now or timezone.now()).for_display().newest_first()
    if source is not None:
        updates = updates.with_claims_from(source)
    rows, older_token = keyset.page(
        updates, before=before, size=size or page_size(), time_field="published_at"
    )
    for update in rows:
        update.story = story
    return StreamPage(rows, older_token)


def key_events_box(story: Story, now: datetime | None = None) -> list[Update]:
    """The key-events box: headlines and times only."""
    published = story.updates.due(now or timezone.now())
    fields = ("pk", "story_id", "headline", "body", "published_at")
    return list(published.key_events_box().only(*fields))


def pinned_update(story: Story, now: datetime | None = None) -> Update | None:
    pinned = story.updates.due(now or timezone.now()).pinned().for_display().first()
    if pinned is not None:
        pinned.story = story
    return pinned
