"""The write API's requests as the desk's forms, so both accept exactly the same content.

A request is turned into the form data the desk's page would post (``compose_data``,
``revision_data``) and checked by the desk's forms (``stories.desk.context``); their
errors come back keyed by the API's field names (``errors``).
"""

import uuid

from stories.desk.forms import claim_initial
from stories.models import Update, display
from stories.syndication.api.write_schemas import ClaimIn, UpdateIn, UpdatePatch

UPDATE_FIELDS = ("headline", "body", "published_at", "is_key_event", "is_pinned")
# The desk's field names that the API calls otherwise.
API_NAMES = {"source_name": "source", "seen_version": "version", "idempotency_key": "__all__"}
# What an edit sends besides the update's own fields.
EDIT_ONLY = ("return_note",)


def _value(value) -> str | list[str] | None:
    """A value as a browser posts it; None for an unticked checkbox (not sent)."""
    if value is None or value is False:
        return None
    if isinstance(value, list):
        return [str(item) for item in value]
    if value is True:
        return "on"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _fields(prefix: str, values: dict) -> dict:
    return {
        f"{prefix}{name}": posted
        for name, value in values.items()
        if (posted := _value(value)) is not None
    }


def _claim_rows(prefix: str, rows: list[dict]) -> dict:
    """A claim formset's data; every row is validated (none is an optional blank)."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows))}
    for n, row in enumerate(rows):
        data |= _fields(f"{prefix}-{n}-", row)
    return data


def _claim_row(claim: ClaimIn) -> dict:
    row = claim.model_dump()
    row["source_name"] = row.pop("source")
    return row


def compose_data(payload: UpdateIn, key: uuid.UUID) -> dict:
    """What the desk's form for a new update posts, with its one-time ``key``."""
    update = {name: getattr(payload, name) for name in UPDATE_FIELDS}
    rows = [_claim_row(claim) for claim in payload.claims]
    return _fields("", {**update, "idempotency_key": key}) | _claim_rows("claims", rows)


def revision_data(payload: UpdatePatch, update: Update) -> dict:
    """What the desk's edit form posts: the update as it is, with the fields sent changed."""
    sent = payload.model_dump(exclude_unset=True)
    fields = {name: getattr(update, name) for name in (*UPDATE_FIELDS, "correction_note")}
    fields |= {name: value for name, value in sent.items() if name in fields or name in EDIT_ONLY}
    fields["seen_version"] = sent.get("version", update.version)
    # The byline's co-authors stay as they are (the API does not change them).
    fields["co_authors"] = [person.pk for person in display.shown(update, "co_authors")]
    existing = list(update.claims.all())
    if payload.claims is None:
        rows = [claim_initial(claim) for claim in existing]
    else:
        rows = [_claim_row(claim) for claim in payload.claims]
        kept = {row["id"] for row in rows}
        rows += [{**claim_initial(c), "DELETE": True} for c in existing if c.pk not in kept]
    return _fields("edit-", fields) | _claim_rows("edit-claims", rows)


def errors(form, claims) -> dict[str, list[str]]:
    """The forms' messages by the API's field names: ``body``, ``claims[2].source``, …"""
    found: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        found.setdefault(API_NAMES.get(name, name), []).extend(messages)
    for n, claim_errors in enumerate(claims.errors):
        for name, messages in claim_errors.items():
            key = (
                f"claims[{n}]" if name == "__all__" else f"claims[{n}].{API_NAMES.get(name, name)}"
            )
            found.setdefault(key, []).extend(messages)
    if claims.non_form_errors():
        found.setdefault("claims", []).extend(claims.non_form_errors())
    return found
