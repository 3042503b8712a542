"""The version writes of the live cursor (rules 1 and 2 of ``stories/live/__init__.py``).

The models call these from ``save()`` and ``delete()`` and pass themselves in: this
module imports no model that imports it, so the models package and the cursor have no
import cycle.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from stories.live import cache, proxy_refresh
from stories.models.history import DeletedUpdate, UpdateTransition
from stories.update_state import UpdateState

# Sent once each new version is committed, with ``story_id`` and ``version``: what must
# follow a change outside the request (push alerts, partner webhooks) is queued from here.
version_committed = Signal()
logger = logging.getLogger(__name__)

# A change to these is an edit readers are told about ("Updated 14:02").
UPDATE_CONTENT_FIELDS = ("headline", "body", "correction_note", "published_at")


def bump(story_model, story_id: int, *, layout: bool = False) -> int:
    """Advance the story's version inside the current transaction and return it.

    ``layout=True`` also records that the pinned update or the key events may have
    changed, so polls send those boxes again.
    """
    values = {"version": F("version") + 1}
    if layout:
        values["layout_version"] = F("version") + 1
    with transaction.atomic():
        story_model.objects.filter(pk=story_id).update(**values)
        version = story_model.objects.filter(pk=story_id).values_list("version", flat=True).get()
        transaction.on_commit(lambda: _committed(story_model, story_id, version))
    return version


def _committed(story_model, story_id: int, version: int) -> None:
    state = cache.refresh(story_model, story_id)
    if state is not None and state.version == version:
        # The commit's last bump (each bump of a transaction has its hook): nginx's poll
        # answers are refreshed once per commit.
        proxy_refresh.after_commit(state)
    # Robustly: the change is committed, and a receiver's failure must not fail the
    # request that made it.
    for _receiver, error in version_committed.send_robust(
        story_model, story_id=story_id, version=version
    ):
        if isinstance(error, Exception):
            logger.error("After version %s of story %s: %r", version, story_id, error)


def story_model(model):
    """The Story model, reached from an Update or a Claim through its foreign keys."""
    if model._meta.model_name == "claim":
        model = model._meta.get_field("update").related_model
    return model._meta.get_field("story").related_model


def with_fields(kwargs: dict, *names: str) -> dict:
    """Save also the fields these hooks set, when the caller saves only some fields."""
    if kwargs.get("update_fields") is not None:
        kwargs["update_fields"] = {*kwargs["update_fields"], *names}
    return kwargs


def _previous_state(update) -> dict | None:
    """What readers had of the update before this save, or None when it is new to them."""
    if not update.pk:
        return None
    previous = (
        type(update)
        .objects.filter(pk=update.pk)
        .values(
            "story_id", "state", "is_key_event", "is_pinned", "is_released", *UPDATE_CONTENT_FIELDS
        )
        .first()
    )
    if previous and previous["story_id"] != update.story_id:
        # Moved to another story: readers of the old one must drop it.
        _leave_tombstone(update, previous["story_id"])
        return None
    return previous


def _leave_tombstone(update, story_id: int) -> None:
    version = bump(story_model(type(update)), story_id, layout=True)
    DeletedUpdate.objects.create(story_id=story_id, update_id=update.pk, version=version)


def save_update(update, super_save, *args, changed_by=None, note: str = "", **kwargs) -> None:
    """Save an update; a change of its state is recorded as made by ``changed_by``.

    Only a published update is released to readers: a draft or a submission moves the
    cursor for the desk but names nothing to readers (rule 3 reads ``is_released``).
    """
    Update, now = type(update), timezone.now()
    published = update.state == UpdateState.PUBLISHED
    adding = update._state.adding
    with transaction.atomic():
        version = bump(story_model(Update), update.story_id)
        previous = _previous_state(update)
        still_visible = published and update.published_at <= now
        if still_visible and _was_visible(previous, now) and _content_changed(previous, update):
            update.edited_at = now
        update.version = version
        update.is_released = published and update.published_at <= now
        if previous and previous["is_released"] and not update.is_released:
            update.withdrawn_at_version = version
        if update.is_pinned and published:
            # One pinned update per story (a database constraint): unpin the others first.
            Update.objects.filter(
                story_id=update.story_id, is_pinned=True, state=UpdateState.PUBLISHED
            ).exclude(pk=update.pk).update(is_pinned=False, version=version)
        super_save(
            *args,
            **with_fields(
                kwargs, "version", "is_released", "withdrawn_at_version", "edited_at", "body_html"
            ),
        )
        was = None if adding or previous is None else previous["state"]
        if was != update.state:
            UpdateTransition.objects.create(
                update=update, from_state=was or "", to_state=update.state,
                made_at=now, made_by=changed_by, note=note,
            )  # fmt: skip
        _mark_boxes(update, previous, version)


def _content_changed(previous: dict, update) -> bool:
    return any(previous[name] != getattr(update, name) for name in UPDATE_CONTENT_FIELDS)


def _was_visible(previous: dict | None, now) -> bool:
    """Whether readers could see the update before this save."""
    return (
        previous is not None
        and previous["state"] == UpdateState.PUBLISHED
        and previous["published_at"] <= now
    )


def _mark_boxes(update, previous: dict | None, version: int) -> None:
    """Tell polls to send the key events and pinned boxes again when they may have changed."""
    boxes = (update.is_key_event, update.is_pinned)
    if previous:
        boxes += (previous["is_key_event"], previous["is_pinned"])
    if any(boxes):
        story_model(type(update)).objects.filter(pk=update.story_id).update(layout_version=version)


def delete_update(update, super_delete, *args, **kwargs):
    with transaction.atomic():
        seen = (
            type(update)
            .objects.filter(pk=update.pk)
            .values_list("is_released", "withdrawn_at_version")
            .first()
        )
        if seen and (seen[0] or seen[1] is not None):
            _leave_tombstone(update, update.story_id)
        else:
            # Readers never saw it: no tombstone names it to them. The version still
            # moves, for the desk's list.
            bump(story_model(type(update)), update.story_id)
        return super_delete(*args, **kwargs)


def touch_update(update_model, update_id: int) -> int:
    """Bump the story of an update whose claims change and stamp the update."""
    story_id, is_pinned = (
        update_model.objects.filter(pk=update_id).values_list("story_id", "is_pinned").get()
    )
    version = bump(story_model(update_model), story_id, layout=is_pinned)
    update_model.objects.filter(pk=update_id).update(version=version)
    return version
