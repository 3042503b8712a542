"""The one answer to "what changed since my cursor?", for every poller.

The story page's poll, the embed (which polls the same URL), the JSON API's changes
and the desk's list all ask :func:`decide` (the desk) or :func:`poll` (readers), then
map the answer's ``kind`` to their own HTTP form; none of them decides again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.conf import settings

from stories.live import state as story_state
from stories.live.cache import StoryState
from stories.live.changes import Changes, changes_since
from stories.stream_filter import StreamFilter


class Kind(StrEnum):
    NOT_MODIFIED = "not_modified"  # the client's copy (its ETag) is still right
    NOTHING_NEW = "nothing_new"  # the cursor is current; ask again later
    ENDED = "ended"  # the cursor is current and the story has ended: stop asking
    RELOAD = "reload"  # too far behind to catch up in one answer: load afresh
    CHANGES = "changes"  # ``changes`` carries what to apply


@dataclass(frozen=True)
class PollAnswer:
    kind: Kind
    etag: str
    max_age: int
    poll_interval: int
    changes: Changes | None = None
    state: StoryState | None = None


def poll_max_age(poll_interval: int, kind: Kind | None = None) -> int:
    """How long a poll answer may be reused: a few seconds, never half an interval.

    "Nothing new" is kept one second: a reader handed a kept copy made before a post
    waits a whole interval more for it, so that copy's age adds to the time from
    publishing to the reader's screen (``make bench``, target 8).
    """
    if kind == Kind.NOTHING_NEW:
        return 1
    return max(1, min(settings.LIVEBLOG["POLL_MAX_AGE"], poll_interval // 2))


def etag(state: StoryState, since: int, stream: StreamFilter | None = None) -> str:
    narrowed = stream.match_part if stream else ""
    return f'"{state.pk}.{since}.{state.version}.{state.status}.{narrowed}"'


def decide(state: StoryState, since: int, *, not_modified: bool = False) -> Kind:
    """What a poller at ``since`` gets, from the story's state alone (no query).

    ``not_modified``: the client already holds the answer (its ETag matched).
    """
    if not_modified:
        return Kind.NOT_MODIFIED
    if since >= state.version:
        return Kind.ENDED if state.is_ended else Kind.NOTHING_NEW
    if state.is_too_far_behind(since):
        return Kind.RELOAD
    return Kind.CHANGES


def poll(slug: str, since: int, **options) -> PollAnswer | None:
    """A reader's poll of a public story; None when there is no such story.

    ``options`` are :func:`look`'s. A nothing-changed answer reads only the cached
    state; a changed one reads the rows in ``(since, version]`` (``changes_since``).
    """
    answer = look(slug, since, **options)
    if answer is None or answer.kind != Kind.CHANGES:
        return answer
    return read_changes(answer, since, stream=options.get("stream"))


def look(
    slug: str,
    since: int,
    *,
    stream: StreamFilter | None = None,
    if_none_match: str | None = None,
    now: datetime | None = None,
) -> PollAnswer | None:
    """The answer as far as the story's cached state tells, without a query.

    ``stream`` narrows the stream (source, tag, key events: ``stories/stream_filter.py``);
    ``if_none_match`` is the client's ETag.

    A ``CHANGES`` answer carries no changes yet: :func:`read_changes` reads them, unless
    the caller already holds this answer (same ETag) rendered.
    """
    state = story_state.current_state(slug, now)
    if state is None:
        return None
    tag = etag(state, since, stream)
    kind = decide(state, since, not_modified=if_none_match == tag)
    interval = state.poll_interval
    return PollAnswer(kind, tag, poll_max_age(interval, kind), interval, state=state)


def read_changes(
    answer: PollAnswer, since: int, *, stream: StreamFilter | None = None
) -> PollAnswer | None:
    """``answer`` (a ``CHANGES`` one from :func:`look`) with the rows in ``(since, version]``.

    The version is the story row's as read with the rows, which may be newer than the
    cached state's; when it turns out nothing changed, the answer says so.
    """
    changes = changes_since(answer.state.pk, since, stream=stream)
    if changes is None:
        return None
    state = _as_read(answer.state, changes)
    kind = Kind.CHANGES
    if not changes.story_changed:
        kind = Kind.ENDED if state.is_ended else Kind.NOTHING_NEW
    tag = etag(state, since, stream)
    return PollAnswer(
        kind, tag, poll_max_age(state.poll_interval, kind), state.poll_interval, changes, state
    )


def _as_read(state: StoryState, changes: Changes) -> StoryState:
    """The state as the story row read with the changes has it (it may be newer)."""
    story = changes.story
    return StoryState(
        pk=state.pk,
        slug=state.slug,
        version=changes.version,
        status=story.status,
        poll_interval=story.poll_interval,
        next_due_at=state.next_due_at,
    )
