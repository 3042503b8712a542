"""The shapes of what field tools and bots send to the write API.

They describe the request in the OpenAPI schema and refuse what is plainly wrong (400);
the content itself is then checked by the desk's own forms (422), so the API accepts
exactly what the desk accepts.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.utils.dateparse import parse_datetime
from ninja import Field, Schema
from ninja.parser import Parser
from pydantic import BeforeValidator, ConfigDict

from stories.desk.forms import MAX_BODY_LENGTH, MAX_CLAIMS
from stories.models import Claim, Source, Update
from stories.permissions import Action
from stories.syndication.api.schemas import UpdateOut

Status = Literal[tuple(Claim.Status.values)]
Attribution = Literal[tuple(Claim.Attribution.values)]
SourceKind = Literal[tuple(Source.Kind.values)]
PostAction = Literal[Action.PUBLISH.value, Action.SUBMIT.value, Action.DRAFT.value]
EditAction = Literal[tuple(action.value for action in Action)]


class ObjectBodyParser(Parser):
    """JSON bodies are objects: ``[]`` or ``null`` is no change to make, but a mistake."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")
        return data


def _moment(value):
    """A time as JSON writes it, an ISO 8601 string: pydantic alone would take a number."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and (parsed := parse_datetime(value)):
        return parsed
    raise ValueError("expected an ISO 8601 date and time, e.g. 2026-11-26T14:05:00+02:00")


Moment = Annotated[datetime, BeforeValidator(_moment)]


class Strict(Schema):
    # Types as the schema says: no "yes" for true, no 0 for a time, no 1 for a string.
    model_config = ConfigDict(strict=True)


class ClaimIn(Strict):
    id: int | None = Field(
        None,
        description="On an edit: the id of the update's claim this changes. Omit for a new claim.",
    )
    source: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="The source's name, as listed; a new name creates the source if you may.",
    )
    new_source_kind: SourceKind = Field("other", description="The kind of a source created here.")
    text: str = Field(..., min_length=1, max_length=5000, description="What the source says.")
    is_verbatim: bool = Field(False, description="Their exact words, shown in quotation marks.")
    attribution: Attribution = "statement"
    status: Status = "unverified"
    note: str = Field("", max_length=5000, description="The newsroom's note, shown to readers.")
    source_url: str = Field(
        "", max_length=500, description="Where the source said it (http/https)."
    )
    stated_at: Moment | None = Field(
        None, description="When the source said it, if not at the update's time."
    )


class UpdateIn(Strict):
    headline: str = Field("", max_length=300)
    body: str = Field(..., min_length=1, max_length=MAX_BODY_LENGTH, description="Markdown.")
    published_at: Moment | None = Field(
        None,
        description="Empty: now. Later schedules it, earlier backdates it. Without an offset, "
        "in the story's time zone.",
    )
    is_key_event: bool = False
    is_pinned: bool = False
    claims: list[ClaimIn] = Field([], max_length=MAX_CLAIMS)
    action: PostAction | None = Field(
        None,
        description="publish, submit (for an editor's review) or draft. Empty: publish "
        "when the token's user may, otherwise submit (a contributor).",
    )


class UpdatePatch(Strict):
    """Only the fields sent change. ``claims``, when sent, is the whole new list: claims
    with an ``id`` are changed, those without added, and the update's claims left out
    of it removed."""

    headline: str | None = Field(None, max_length=300)
    body: str | None = Field(None, min_length=1, max_length=MAX_BODY_LENGTH)
    published_at: Moment | None = None
    is_key_event: bool | None = None
    is_pinned: bool | None = None
    correction_note: str | None = Field(
        None, max_length=500, description="Shown to readers with the edit."
    )
    claims: list[ClaimIn] | None = Field(None, max_length=MAX_CLAIMS)
    action: EditAction = Field(
        "save",
        description="save (keep its state), draft, submit, publish, or return (a "
        "submission to its author, with return_note): as the desk's buttons.",
    )
    return_note: str | None = Field(None, max_length=500, description="Why it is returned.")
    version: int | None = Field(
        None,
        ge=0,
        description="The update's version you last read: if it has changed since, the edit "
        "is refused with 409 and nothing is saved.",
    )


class ClaimStatusIn(Strict):
    status: Status
    note: str | None = Field(
        None, max_length=5000, description="Replaces the newsroom's note when sent."
    )


class WrittenUpdate(UpdateOut):
    state: Literal[tuple(Update.State.values)] = Field(
        description="published, or a draft or submission readers do not see."
    )


class FormErrors(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages by field: body, claims[0].source, … ('__all__': the whole update)."
    )


class ImageOut(Schema):
    url: str
    markdown: str = Field(description="Put it in an update's body to show the image.")
