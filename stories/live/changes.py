"""The read of the live cursor (rule 3 of ``stories/live/__init__.py``).

A public poll may read from a streaming replica (``liveblog/db_router.py``). Rule 3 holds
there too, since a replica applies commits in their order, provided the story row and
the rows come from the same database: a story row read from a database further ahead
would name versions whose rows the other has not applied yet, and the reader's cursor
would pass them for good. So every query of one read uses the story row's database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import router

from stories.models import KEY_EVENTS_SHOWN, DeletedUpdate, Story, Update
from stories.stream_filter import StreamFilter


@dataclass
class Changes:
    """What a reader at cursor ``since`` must apply to reach cursor ``version``."""

    story: Story
    since: int
    version: int
    updates: list = field(default_factory=list)
    removed_ids: list[int] = field(default_factory=list)
    layout_changed: bool = False
    key_events: list = field(default_factory=list)
    pinned: Update | None = None

    @property
    def story_changed(self) -> bool:
        return self.version > self.since


def changes_since(
    story_id: int, since: int, *, stream: StreamFilter | None = None
) -> Changes | None:
    """Everything readers at cursor ``since`` have not seen, in six queries at most.

    1. the story row, whose version ``S`` becomes the new cursor;
    2. the updates changed in ``(since, S]``, with the key events and pinned update when
       those boxes changed, and their authors;
    3. their claims with sources;
    4. their co-authors (bylines);
    5. their tags;
    6. the tombstones in ``(since, S]``.

    ``stream``, the reader's filter (``stories/stream_filter.py``): a changed update that
    no longer matches is listed as removed, since it may have matched before and the
    reader's page must drop it. The match reads the claims and tags queries 3 and 5
    fetch anyway, so the filter costs no query.
    """
    using = router.db_for_read(Story)
    story = Story.objects.using(using).public().filter(pk=story_id).first()
    if story is None:
        return None
    changes = Changes(story=story, since=since, version=story.version)
    if since >= story.version:
        return changes
    changes.layout_changed = story.layout_version > since
    for update in _changed_rows(story, since, with_boxes=changes.layout_changed, using=using):
        update.story = story
        if since < update.version <= story.version:
            _sort_changed(changes, update, stream or StreamFilter())
        if changes.layout_changed and update.is_released:
            _place_in_boxes(changes, update)
    # An older key event edited in the window comes last; the box shows the newest only.
    del changes.key_events[KEY_EVENTS_SHOWN:]
    changes.removed_ids.extend(
        DeletedUpdate.objects.using(using)
        .filter(story=story, version__gt=since, version__lte=story.version)
        .values_list("update_id", flat=True)
    )
    return changes


def _changed_rows(story: Story, since: int, *, with_boxes: bool, using: str) -> list[Update]:
    rows = Update.objects.filter(story=story, version__gt=since, version__lte=story.version)
    if with_boxes:
        # The boxes too: the key events the box shows and the pinned update. Each part
        # finds its rows through its own index and IN (… UNION …) keeps it one query,
        # flat in the story's size (an OR of the three scanned all the story's updates).
        released = Update.objects.filter(story=story, is_released=True).order_by()
        rows = Update.objects.filter(
            pk__in=rows.order_by()
            .values("pk")
            .union(
                released.filter(pk__in=released.key_events_box().values("pk")).values("pk"),
                released.pinned().values("pk"),
            )
        )
    # The claims' prefetch follows the rows to their database (the router's rule).
    return list(rows.using(using).for_display().newest_first())


def _sort_changed(changes: Changes, update: Update, stream: StreamFilter) -> None:
    if update.is_released:
        if stream.matches(update):
            changes.updates.append(update)
        else:
            # No longer matching the reader's filter: readers who had it drop it.
            changes.removed_ids.append(update.pk)
    elif update.withdrawn_at_version is not None and changes.since < update.withdrawn_at_version:
        # Rescheduled into the future after readers at this cursor may have seen it.
        changes.removed_ids.append(update.pk)
    # Otherwise scheduled and never seen: a change readers cannot see is no change.


def _place_in_boxes(changes: Changes, update: Update) -> None:
    if update.is_key_event:
        changes.key_events.append(update)
    if update.is_pinned:
        changes.pinned = update
