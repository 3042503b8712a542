"""The cached story state (rule 5 of ``stories/live/__init__.py``).

A story's version, status, poll interval and next due time, kept in Django's cache
(Redis in production) and, for ``LIVEBLOG["LOCAL_STATE_SECONDS"]``, in a plain dict of
this process. Loading takes the Story model from the caller: ``versions`` refreshes the
state after its commits and must not import the models that import it.

The state is always read from the primary database, whatever replica the request reads
from (``liveblog/db_router.py``): every process trusts it, and a lagging replica would
set it back to an older version for everyone.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Min

# How many story versions a reader may be behind and still catch up in one answer.
MAX_CATCH_UP_VERSIONS = 1000
# slug -> (monotonic deadline, state): this process's copies of the states it read.
_local_states: dict[str, tuple[float, StoryState]] = {}
_LOCAL_STATES_HELD = 1000


@dataclass(frozen=True)
class StoryState:
    pk: int
    slug: str
    version: int
    status: str
    poll_interval: int
    next_due_at: datetime | None

    @classmethod
    def of(cls, story) -> StoryState:
        """The state of a story already read (drafts too, for the desk)."""
        return cls(story.pk, story.slug, story.version, story.status, story.poll_interval, None)

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


# Moved after every commit that bumps any story, and when a source or a user changes:
# rendered pages and poll answers (stories/reader/rendered.py) carry it in their keys,
# for what they show from outside their own story (sources, bylines, answered claims).
RENDER_GENERATION_KEY = "liveblog:render-generation"


def render_generation() -> str:
    token = cache.get(RENDER_GENERATION_KEY)
    if token is None:
        cache.add(RENDER_GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(RENDER_GENERATION_KEY)
    return token


def new_render_generation() -> None:
    cache.set(RENDER_GENERATION_KEY, uuid.uuid4().hex, None)


def state_key(slug: str) -> str:
    return f"liveblog:story-state:{slug}"


def load(story_model, **lookup) -> StoryState | None:
    """The public story's state read from the primary; None for drafts and unknowns."""
    story = (
        story_model.objects.using(DEFAULT_DB_ALIAS)
        .public()
        .filter(**lookup)
        .values("pk", "slug", "version", "status", "poll_interval")
        .first()
    )
    if story is None:
        return None
    updates = story_model._meta.get_field("updates").related_model.objects.using(DEFAULT_DB_ALIAS)
    next_due_at = (
        updates.filter(story_id=story["pk"]).unreleased().aggregate(at=Min("published_at"))["at"]
    )
    return StoryState(**story, next_due_at=next_due_at)


def forget_local_states() -> None:
    """Drop this process's copies, as clearing the cache does not (tests need it)."""
    _local_states.clear()


def held(slug: str) -> StoryState | None:
    """This process's copy of the state, while it is fresh enough."""
    copy = _local_states.get(slug)
    if copy is not None and copy[0] > time.monotonic():
        return copy[1]
    return None


def hold(slug: str, state: StoryState | None) -> None:
    seconds = settings.LIVEBLOG.get("LOCAL_STATE_SECONDS", 1)
    if not seconds or state is None:
        _local_states.pop(slug, None)
        return
    if len(_local_states) >= _LOCAL_STATES_HELD:
        _local_states.clear()
    _local_states[slug] = (time.monotonic() + seconds, state)


def store(slug: str, state: StoryState | None) -> None:
    """Share the state with every process (or forget it), and keep this process's copy."""
    if state is None:
        cache.delete(state_key(slug))
    else:
        cache.set(state_key(slug), state, settings.LIVEBLOG["STATE_CACHE_SECONDS"])
    hold(slug, state)


def refresh(story_model, story_id: int) -> StoryState | None:
    """Read the story's state afresh and store it; after a commit that bumped it."""
    new_render_generation()
    stories = story_model.objects.using(DEFAULT_DB_ALIAS)
    slug = stories.filter(pk=story_id).values_list("slug", flat=True).first()
    if slug is None:
        return None
    state = load(story_model, pk=story_id)
    store(slug, state)
    return state
