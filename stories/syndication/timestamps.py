"""When what readers see of an update or a story last changed.

Feeds, JSON-LD and the sitemap all tell machines "this changed at": they must agree, so
the rule lives here once. ``modified_at`` is not used because any save moves it, even one
that changes nothing readers see (pinning, a scheduled update's draft edits).
"""

from datetime import UTC, datetime

from stories.models import display


def update_changed_at(update) -> datetime:
    """The later of publication, the last visible edit and the last claim status change.

    Reads the update's claims: prefetch them (``for_display()``) when calling this for
    many updates.
    """
    moments = [update.published_at]
    if update.edited_at:
        moments.append(update.edited_at)
    moments += [
        claim.status_changed_at
        for claim in display.shown(update, "claims")
        if claim.status_changed_at
    ]
    return max(moments)


def story_changed_at(story, updates=()) -> datetime:
    """The later of the story's own last save and the given updates' last changes."""
    return max([story.modified_at, *(update_changed_at(update) for update in updates)])


def utc_iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC, the form machines get whatever the story's time zone."""
    return moment.astimezone(UTC).isoformat() if moment else None
