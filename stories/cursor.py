"""The live cursor: how an open reader page learns, exactly once, what changed.

Rules:

1. Each story has a version counter, ``Story.version``. Every transaction that changes
   what readers see of the story (an update or a claim saved or deleted, the story
   itself saved, a scheduled update becoming due) calls :func:`bump`, which increments
   the counter with an ``UPDATE`` on the story row. The row lock that ``UPDATE`` takes is
   held until commit, so writers to one story run one after another and versions commit
   in the order they were handed out: once version ``S`` is committed, so is every
   version below it.
2. The changed row records the version of its change (``Update.version``); a deletion
   leaves a ``DeletedUpdate`` tombstone with its version; a claim change stamps its
   update's version, so the update is sent again with its claims.
3. A reader at cursor ``c`` asks for changes. We read the story row first, giving ``S``,
   then the rows whose version is in ``(c, S]``. Under read-committed isolation the
   second statement may see later commits, but a row changed again after ``S`` has moved
   above ``S`` and comes at the next poll, so nothing is missed and nothing is sent twice
   for one version. The new cursor is ``S``.
4. A scheduled update is invisible when saved (its ``published_at`` is in the future)
   and no write happens when it becomes due. The server, never the reader's clock,
   notices: the cached story state carries ``next_due_at``, and the first request after
   that moment calls :func:`release_due`, which bumps the version and stamps the due
   updates with it (``Update.is_released``). ``manage.py release_scheduled`` does the
   same from cron for stories nobody is reading.
5. The cached state (version, status, next due time) lets a poll that finds nothing new
   answer without touching the database. It is refreshed after each commit that bumps
   the version (``transaction.on_commit``) and expires after
   ``LIVEBLOG["STATE_CACHE_SECONDS"]``, which bounds how stale another process's local
   cache can be. Each process also keeps the states it read in a plain dict for
   ``LIVEBLOG["LOCAL_STATE_SECONDS"]`` (1 s): a nothing-changed poll then costs no
   network round trip to Redis, nor local memory's lock and unpickling. A stale state
   only delays a change by that long, since the cursor, not the state, decides what a
   reader is sent; this process's own commits update the dict at once.

The models' ``save()`` and ``delete()`` call :func:`save_update`, :func:`delete_update`,
:func:`save_claim` and :func:`delete_claim`, so every way of writing goes through here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone

# How many story versions a reader may be behind and still catch up in one answer.
MAX_CATCH_UP_VERSIONS = 1000
STORY_CURSOR_FIELDS = frozenset({"version", "layout_version"})
# The key-events box shows this many, newest first, on the page and in poll answers.
KEY_EVENTS_SHOWN = 30
UPDATE_CONTENT_FIELDS = ("headline", "body", "correction_note", "published_at")


def _model(name: str):
    return apps.get_model("stories", name)


# --- writing --------------------------------------------------------------------------


def bump(story_id: int, *, layout: bool = False) -> int:
    """Advance the story's version inside the current transaction and return it.

    ``layout=True`` also records that the pinned update or the key events may have
    changed, so polls send those boxes again.
    """
    Story = _model("Story")
    values = {"version": F("version") + 1}
    if layout:
        values["layout_version"] = F("version") + 1
    with transaction.atomic():
        Story.objects.filter(pk=story_id).update(**values)
        version = Story.objects.filter(pk=story_id).values_list("version", flat=True).get()
        transaction.on_commit(lambda: refresh_state(story_id))
    return version


def _with_fields(kwargs: dict, *names: str) -> dict:
    if kwargs.get("update_fields") is not None:
        kwargs["update_fields"] = {*kwargs["update_fields"], *names}
    return kwargs


def save_update(update, super_save, *args, **kwargs) -> None:
    Update, DeletedUpdate = _model("Update"), _model("DeletedUpdate")
    now = timezone.now()
    with transaction.atomic():
        version = bump(update.story_id)
        previous = None
        if update.pk:
            previous = (
                Update.objects.filter(pk=update.pk)
                .values("story_id", "is_key_event", "is_pinned", *UPDATE_CONTENT_FIELDS)
                .first()
            )
        if previous and previous["story_id"] != update.story_id:
            # Moved to another story: readers of the old one must drop it.
            old_version = bump(previous["story_id"], layout=True)
            DeletedUpdate.objects.create(
                story_id=previous["story_id"], update_id=update.pk, version=old_version
            )
            previous = None
        was_visible = previous is not None and previous["published_at"] <= now
        content_changed = previous is not None and any(
            previous[name] != getattr(update, name) for name in UPDATE_CONTENT_FIELDS
        )
        if was_visible and content_changed and update.published_at <= now:
            update.edited_at = now
        update.version = version
        update.is_released = update.published_at <= now
        if update.is_pinned:
            # One pinned update per story (a database constraint): unpin the others first.
            Update.objects.filter(story_id=update.story_id, is_pinned=True).exclude(
                pk=update.pk
            ).update(is_pinned=False, version=version)
        super_save(
            *args, **_with_fields(kwargs, "version", "is_released", "edited_at", "body_html")
        )
        if (
            update.is_key_event
            or update.is_pinned
            or (previous and (previous["is_key_event"] or previous["is_pinned"]))
        ):
            _model("Story").objects.filter(pk=update.story_id).update(layout_version=version)


def delete_update(update, super_delete, *args, **kwargs):
    with transaction.atomic():
        version = bump(update.story_id, layout=True)
        _model("DeletedUpdate").objects.create(
            story_id=update.story_id, update_id=update.pk, version=version
        )
        return super_delete(*args, **kwargs)


def _touch_update(update_id: int) -> int:
    """Bump the story of an update whose claims change and stamp the update."""
    Update = _model("Update")
    story_id, is_pinned = (
        Update.objects.filter(pk=update_id).values_list("story_id", "is_pinned").get()
    )
    version = bump(story_id, layout=is_pinned)
    Update.objects.filter(pk=update_id).update(version=version)
    return version


def save_claim(claim, super_save, *args, **kwargs) -> None:
    Claim = _model("Claim")
    now = timezone.now()
    with transaction.atomic():
        _touch_update(claim.update_id)
        previous = None
        if claim.pk:
            previous = (
                Claim.objects.filter(pk=claim.pk)
                .values("update_id", "status", "status_changed_at", "created_at")
                .first()
            )
        if previous and previous["update_id"] != claim.update_id:
            _touch_update(previous["update_id"])
        status_changed = previous is not None and previous["status"] != claim.status
        if status_changed:
            claim.previous_status = previous["status"]
            claim.previous_status_since = previous["status_changed_at"] or previous["created_at"]
            claim.status_changed_at = now
        super_save(
            *args,
            **_with_fields(kwargs, "previous_status", "previous_status_since", "status_changed_at"),
        )
        if status_changed:
            _model("ClaimStatusChange").objects.create(
                claim=claim,
                from_status=previous["status"],
                to_status=claim.status,
                changed_at=now,
                changed_by=claim.changed_by,
                note=claim.note,
            )


def delete_claim(claim, super_delete, *args, **kwargs):
    with transaction.atomic():
        _touch_update(claim.update_id)
        return super_delete(*args, **kwargs)


def release_due(story_id: int, now: datetime | None = None) -> int:
    """Advance the cursor for scheduled updates that have become due; return how many."""
    Story, Update = _model("Story"), _model("Update")
    now = now or timezone.now()
    with transaction.atomic():
        # Lock first so two requests releasing at once don't both bump.
        Story.objects.select_for_update().filter(pk=story_id).values_list("pk").first()
        due = Update.objects.filter(story_id=story_id, is_released=False, published_at__lte=now)
        flags = list(due.values_list("is_key_event", "is_pinned"))
        if not flags:
            return 0
        version = bump(story_id, layout=any(key or pinned for key, pinned in flags))
        due.update(is_released=True, version=version)
        return len(flags)


# --- the cached story state -----------------------------------------------------------


@dataclass(frozen=True)
class StoryState:
    pk: int
    slug: str
    version: int
    status: str
    poll_interval: int
    next_due_at: datetime | None

    @property
    def is_ended(self) -> bool:
        return self.status == "ended"

    def is_too_far_behind(self, since: int) -> bool:
        """Whether catching up from ``since`` would mean sending most of a big story.

        A page left open for days, or a crafted ``since=0`` on a story of thousands of
        updates, is better served by loading the story afresh than by one huge answer.
        """
        return self.version - since > MAX_CATCH_UP_VERSIONS

    def has_due_updates(self, now: datetime) -> bool:
        return self.next_due_at is not None and self.next_due_at <= now


def _state_key(slug: str) -> str:
    return f"liveblog:story-state:{slug}"


def _load_state(**lookup) -> StoryState | None:
    Story, Update = _model("Story"), _model("Update")
    story = (
        Story.objects.public()
        .filter(**lookup)
        .values("pk", "slug", "version", "status", "poll_interval")
        .first()
    )
    if story is None:
        return None
    next_due_at = Update.objects.filter(story_id=story["pk"], is_released=False).aggregate(
        at=Min("published_at")
    )["at"]
    return StoryState(**story, next_due_at=next_due_at)


# slug -> (monotonic deadline, state): this process's copies of the states it read from
# the cache (rule 5).
_local_states: dict[str, tuple[float, StoryState]] = {}
_LOCAL_STATES_HELD = 1000


def forget_local_states() -> None:
    """Drop this process's copies, as clearing the cache does not (tests need it)."""
    _local_states.clear()


def _hold_locally(slug: str, state: StoryState | None) -> None:
    seconds = settings.LIVEBLOG.get("LOCAL_STATE_SECONDS", 1)
    if not seconds or state is None:
        _local_states.pop(slug, None)
        return
    if len(_local_states) >= _LOCAL_STATES_HELD:
        _local_states.clear()
    _local_states[slug] = (time.monotonic() + seconds, state)


def refresh_state(story_id: int) -> StoryState | None:
    Story = _model("Story")
    slug = Story.objects.filter(pk=story_id).values_list("slug", flat=True).first()
    if slug is None:
        return None
    state = _load_state(pk=story_id)
    if state is None:
        cache.delete(_state_key(slug))
    else:
        cache.set(_state_key(slug), state, settings.LIVEBLOG["STATE_CACHE_SECONDS"])
    _hold_locally(slug, state)
    return state


def current_state(slug: str, now: datetime | None = None) -> StoryState | None:
    """The public story's state after releasing scheduled updates that have become due.

    Every request that shows a story goes through this, so a scheduled update reaches
    readers at the first request after its time, whichever page or API makes it.
    """
    state = get_state(slug)
    now = now or timezone.now()
    if state is not None and state.has_due_updates(now):
        release_due(state.pk, now)
        state = refresh_state(state.pk) or state
    return state


def get_state(slug: str) -> StoryState | None:
    """The public story's cursor state, from the cache when it is there."""
    held = _local_states.get(slug)
    if held is not None and held[0] > time.monotonic():
        return held[1]
    if len(slug) > _model("Story")._meta.get_field("slug").max_length:
        return None  # no such story, and too long for some caches' keys
    key = _state_key(slug)
    state = cache.get(key)
    if state is None:
        state = _load_state(slug=slug)
        if state is not None:
            cache.set(key, state, settings.LIVEBLOG["STATE_CACHE_SECONDS"])
    _hold_locally(slug, state)
    return state


# --- reading --------------------------------------------------------------------------


@dataclass
class Changes:
    """What a reader at cursor ``since`` must apply to reach cursor ``version``."""

    story: object
    since: int
    version: int
    updates: list = field(default_factory=list)
    removed_ids: list[int] = field(default_factory=list)
    layout_changed: bool = False
    key_events: list = field(default_factory=list)
    pinned: object | None = None

    @property
    def story_changed(self) -> bool:
        return self.version > self.since


def changes_since(
    story_id: int, since: int, now: datetime | None = None, *, source: str | None = None
) -> Changes | None:
    """Everything readers at cursor ``since`` have not seen, in four queries at most.

    1. the story row, whose version ``S`` becomes the new cursor;
    2. the updates changed in ``(since, S]``, with the key events and pinned update when
       those boxes changed, and their authors;
    3. their claims with sources;
    4. the tombstones in ``(since, S]``.

    ``source`` (a source's slug) is for a stream filtered to updates with a claim from
    that source. A changed update that matches is sent; one that does not is listed as
    removed, since it may have matched before (its claim from the source deleted or
    moved) and the reader's page must drop it. The match is read from the claims that
    query 3 fetches anyway, so the filter costs no query.
    """
    Story, Update, DeletedUpdate = _model("Story"), _model("Update"), _model("DeletedUpdate")
    now = now or timezone.now()
    story = Story.objects.public().filter(pk=story_id).first()
    if story is None:
        return None
    changes = Changes(story=story, since=since, version=story.version)
    if since >= story.version:
        return changes
    changes.layout_changed = story.layout_version > since
    rows = Update.objects.filter(story=story, version__gt=since, version__lte=story.version)
    if changes.layout_changed:
        # The boxes too: the key events the box shows and the pinned update. Each part
        # finds its rows through its own index and IN (… UNION …) keeps it one query,
        # flat in the story's size (an OR of the three scanned all the story's updates).
        published = Update.objects.filter(story=story).due(now).order_by()
        shown_key_events = published.key_events().newest_first()[:KEY_EVENTS_SHOWN]
        rows = Update.objects.filter(
            pk__in=rows.order_by()
            .values("pk")
            .union(
                published.filter(pk__in=shown_key_events.values("pk")).values("pk"),
                published.filter(is_pinned=True).values("pk"),
            )
        )
    rows = list(rows.for_display().newest_first())
    for update in rows:
        update.story = story
        if since < update.version <= story.version:
            if update.published_at <= now and _has_claim_from(update, source):
                changes.updates.append(update)
            else:
                # Rescheduled into the future, or no longer matching the reader's
                # filter: readers who had it must drop it.
                changes.removed_ids.append(update.pk)
        if changes.layout_changed and update.published_at <= now:
            if update.is_key_event:
                changes.key_events.append(update)
            if update.is_pinned:
                changes.pinned = update
    # An older key event edited in the window comes last; the box shows the newest only.
    del changes.key_events[KEY_EVENTS_SHOWN:]
    changes.removed_ids.extend(
        DeletedUpdate.objects.filter(
            story=story, version__gt=since, version__lte=story.version
        ).values_list("update_id", flat=True)
    )
    return changes


def _has_claim_from(update, source: str | None) -> bool:
    if source is None:
        return True
    return any(claim.source.slug == source for claim in update.claims.all())
