"""A public story's state by slug, with scheduled updates released once due (rule 4)."""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache as shared_cache
from django.db import transaction
from django.utils import timezone

from stories.live import cache, versions
from stories.live.cache import StoryState
from stories.models import Story, Update


def get_state(slug: str) -> StoryState | None:
    """The public story's cursor state, from the cache when it is there."""
    state = cache.held(slug)
    if state is not None:
        return state
    if len(slug) > Story._meta.get_field("slug").max_length:
        return None  # no such story, and too long for some caches' keys
    state = shared_cache.get(cache.state_key(slug))
    if state is None:
        state = cache.load(Story, slug=slug)
        if state is not None:
            cache.store(slug, state)
            return state
    cache.hold(slug, state)
    return state


def catch_up(slug: str, version: str) -> None:
    """Read the story's state afresh unless this process's is at ``version`` already.

    For nginx's refresh of a poll answer after a commit (``proxy_refresh``): the commit
    may have been made in another process, whose new state this one has not seen yet.
    """
    if not version.isdigit() or len(version) > 18:
        return
    state = get_state(slug)
    if state is None or state.version < int(version):
        cache.store(slug, cache.load(Story, slug=slug))


def current_state(slug: str, now: datetime | None = None) -> StoryState | None:
    """The public story's state after releasing scheduled updates that have become due.

    Every request that shows a story goes through this, so a scheduled update reaches
    readers at the first request after its time, whichever page or API makes it.
    """
    state = get_state(slug)
    now = now or timezone.now()
    if state is not None and state.has_due_updates(now):
        release_due(state.pk, now)
        state = cache.refresh(Story, state.pk) or state
    return state


def release_due(story_id: int, now: datetime | None = None) -> int:
    """Advance the cursor for scheduled updates that have become due; return how many."""
    now = now or timezone.now()
    with transaction.atomic():
        # Lock first so two requests releasing at once don't both bump.
        Story.objects.select_for_update().filter(pk=story_id).values_list("pk").first()
        due = Update.objects.filter(story_id=story_id).unreleased().filter(published_at__lte=now)
        flags = list(due.values_list("is_key_event", "is_pinned"))
        if not flags:
            return 0
        version = versions.bump(Story, story_id, layout=any(key or pin for key, pin in flags))
        due.update(is_released=True, version=version)
        return len(flags)
