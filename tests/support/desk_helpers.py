"""Helpers for the desk's tests: its URLs and the data its compose and edit forms send."""

import uuid

from django.urls import reverse

from stories.models import Story, Update

HX = {"HX-Request": "true"}


def desk_url(story, name: str = "", *args) -> str:
    suffix = f"_{name}" if name else ""
    return reverse(f"admin:stories_story_desk{suffix}", args=[story.pk, *args])


def claim_fields(prefix: str, claims: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(claims)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
    for index, claim in enumerate(claims):
        values = {
            "source_name": "",
            "new_source_kind": "other",
            "text": "",
            "attribution": "statement",
            "status": "unverified",
            "note": "",
            **claim,
        }
        for name, value in values.items():
            if value is True:
                value = "on"
            if value is not False and value is not None:
                data[f"{prefix}-{index}-{name}"] = value
    return data


def compose_data(*, claims: list[dict] | None = None, key: str | None = None, **fields) -> dict:
    """What the compose form posts; a blank claim row when ``claims`` is not given."""
    data = {
        "headline": "",
        "body": "Shelling reported in the north of the city.",
        "published_at": "",
        "idempotency_key": key or str(uuid.uuid4()),
    }
    for name, value in fields.items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = value
    return data | claim_fields("claims", claims if claims is not None else [{}])


def edit_data(
    update, *, claims: list[dict] | None = None, action: str | None = None, **fields
) -> dict:
    """What the edit form posts for ``update``: its current values, changed by ``fields``.

    ``action`` is the value of the button pressed (``stories.permissions.Action``).
    """
    story = update.story
    local = update.published_at.astimezone(story.tzinfo)
    values = {
        "headline": update.headline,
        "body": update.body,
        "published_at": local.strftime("%Y-%m-%dT%H:%M"),
        "is_key_event": update.is_key_event,
        "is_pinned": update.is_pinned,
        "correction_note": update.correction_note,
        # As the form shows it when opened now.
        "seen_version": str(Update.objects.get(pk=update.pk).version),
        **fields,
    }
    data = {}
    for name, value in values.items():
        if value is True:
            data[f"edit-{name}"] = "on"
        elif value is not False:
            data[f"edit-{name}"] = value
    if claims is None:
        claims = [
            {
                "id": str(claim.pk),
                "source_name": claim.source.name,
                "text": claim.text,
                "status": claim.status,
                "attribution": claim.attribution,
                "note": claim.note,
            }
            for claim in update.claims.all()
        ]
    initial = sum(1 for claim in claims if claim.get("id"))
    if action is not None:
        data["action"] = action
    return data | claim_fields("edit-claims", claims, initial=initial)


def story_version(story) -> int:
    return Story.objects.get(pk=story.pk).version
