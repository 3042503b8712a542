"""Writes that span several models: an update with its claims and the sources they name.

Each runs in one transaction, so readers (through the live cursor that the models'
``save()`` and ``delete()`` advance) see an update together with all its claims, never
half of it. Permission checks belong to the callers (``stories.permissions``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from stories.models import Claim, ClaimThread, Source, Story, SummaryVersion, Update
from stories.update_state import UpdateState


@dataclass(frozen=True)
class ClaimDraft:
    """One claim as an editor wrote it, before it is saved."""

    text: str
    # An existing source, or the name (and kind) of one to create.
    source: Source | None = None
    new_source_name: str = ""
    new_source_kind: str = Source.Kind.OTHER
    status: str = Claim.Status.UNVERIFIED
    attribution: str = Claim.Attribution.STATEMENT
    note: str = ""
    is_verbatim: bool = False
    source_url: str = ""
    # When the source said it, if not at the update's time.
    stated_at: datetime | None = None
    # The saved claim this draft revises; None for a new claim.
    claim: Claim | None = None
    # The thread the claim repeats, picked from the desk's suggestions; None keeps the
    # claim's thread (a new claim starts its own). A claim joining a thread takes its
    # status and note.
    thread: ClaimThread | None = None


class DuplicateSubmission(Exception):
    """The form with this idempotency key was already posted; ``update`` is the result."""

    def __init__(self, update: Update):
        super().__init__(f"already posted as update {update.pk}")
        self.update = update


class EditConflict(Exception):
    """The update changed after the editor opened it; ``version`` is its version now."""

    def __init__(self, version: int):
        super().__init__(f"the update is at version {version} now")
        self.version = version


def find_or_create_source(*, name: str, kind: str = Source.Kind.OTHER) -> Source:
    """The source called ``name`` (whatever its case), created when there is none."""
    name = " ".join(name.split())
    source = Source.objects.filter(name__iexact=name).first()
    if source is not None:
        return source
    try:
        with transaction.atomic():
            return Source.objects.create(name=name, kind=kind)
    except IntegrityError:
        # A colleague created it a moment ago.
        return Source.objects.get(name__iexact=name)


def _save_claims(update: Update, claims: Sequence[ClaimDraft], *, changed_by) -> list[Claim]:
    saved = []
    for position, draft in enumerate(claims):
        claim = draft.claim or Claim(update=update)
        claim.source = draft.source or find_or_create_source(
            name=draft.new_source_name, kind=draft.new_source_kind
        )
        claim.text = draft.text
        claim.status = draft.status
        claim.attribution = draft.attribution
        claim.note = draft.note
        claim.is_verbatim = draft.is_verbatim
        claim.source_url = draft.source_url
        claim.stated_at = draft.stated_at
        claim.position = position
        if draft.thread is not None:
            claim.thread = draft.thread
        # The status history records who changed a verdict.
        claim.save(changed_by=changed_by)
        saved.append(claim)
    return saved


def publish_update(
    *,
    story: Story,
    author,
    body: str,
    headline: str = "",
    published_at: datetime | None = None,
    is_key_event: bool = False,
    is_pinned: bool = False,
    claims: Sequence[ClaimDraft] = (),
    idempotency_key: uuid.UUID | None = None,
    state: str = UpdateState.PUBLISHED,
    co_authors: Sequence = (),
    tags: Sequence = (),
    posted_by=None,
) -> Update:
    """Create an update with its claims (and any new sources) in one transaction, in
    ``state`` (checked with ``permissions.may``). ``author`` is the byline with
    ``co_authors``; ``posted_by`` (the author when None) is recorded as who posted it.

    Raises :class:`DuplicateSubmission` when an update with ``idempotency_key`` exists,
    including when another request with the same key commits while this one waits.
    """
    _refuse_duplicate(idempotency_key)
    update = Update(
        story=story, author=author, headline=headline, body=body, state=state,
        published_at=published_at or timezone.now(), is_key_event=is_key_event,
        is_pinned=is_pinned, idempotency_key=idempotency_key,
    )  # fmt: skip
    try:
        with transaction.atomic():
            update.save(changed_by=posted_by or author)
            update.co_authors.set(co_authors)
            update.tags.set(tags)
            _save_claims(update, claims, changed_by=posted_by or author)
    except IntegrityError:
        # Another request with the same key committed while this one waited.
        _refuse_duplicate(idempotency_key)
        raise
    return update


def _refuse_duplicate(idempotency_key: uuid.UUID | None) -> None:
    """Raise :class:`DuplicateSubmission` if the form with this key was already posted."""
    if idempotency_key is None:
        return
    existing = Update.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        raise DuplicateSubmission(existing)


def revise_update(
    *,
    update: Update,
    editor,
    body: str,
    headline: str,
    published_at: datetime | None,
    is_key_event: bool,
    is_pinned: bool,
    correction_note: str,
    claims: Sequence[ClaimDraft] = (),
    removed_claims: Sequence[Claim] = (),
    seen_version: int | None = None,
    state: str | None = None,
    note: str = "",
    co_authors: Sequence | None = None,
    tags: Sequence | None = None,
) -> Update:
    """Change an update, its claims and their sources in one transaction.

    Claims with a ``claim`` are changed, the others added, in that order; the author
    stays, ``co_authors`` (None: as they are) change. ``state``, ``note``: :func:`_move`.
    ``seen_version`` is the update's version when the editor opened it: if anyone has
    changed it (or its claims) since, :class:`EditConflict` is raised and nothing is
    saved (checked under the row's lock). ``Update.DoesNotExist`` if it was deleted.
    """
    with transaction.atomic():
        current_version, stored_at = _lock_update(update)
        if seen_version is not None and seen_version != current_version:
            raise EditConflict(current_version)
        for claim in removed_claims:
            claim.delete()
        _move(update, state, note, published_at, stored_at)
        update.headline, update.body = headline, body
        update.is_key_event, update.is_pinned = is_key_event, is_pinned
        update.correction_note = correction_note
        update.save(changed_by=editor, note=note)
        _set_related(update, co_authors=co_authors, tags=tags)
        _save_claims(update, claims, changed_by=editor)
    return update


def _set_related(update: Update, **related) -> None:
    """After save(), so its version covers the new byline and tags; None: as they are."""
    for name, values in related.items():
        if values is not None:
            getattr(update, name).set(values)


def _move(update: Update, state, note: str, published_at: datetime | None, stored_at) -> None:
    """Move the update to ``state`` (None: stay); ``note`` is recorded with the move and a
    returned draft shows it to its author. ``published_at`` None keeps ``stored_at`` (a
    form's validation may have emptied the instance's), or is now when publishing."""
    publishing = state == UpdateState.PUBLISHED and update.state != UpdateState.PUBLISHED
    if published_at is not None:
        update.published_at = published_at
    elif publishing:
        update.published_at = timezone.now()
    else:
        update.published_at = stored_at
    if state is None or state == update.state:
        return
    # A returned draft carries the editor's note until it is sent again.
    update.review_note = note if state == UpdateState.DRAFT else ""
    update.state = state


def _lock_update(update: Update) -> tuple[int, datetime]:
    """Lock the update's row until commit; return its committed version and time.

    The story's row is locked first: every writer in stories/live/ takes it before
    any update row, and taking them in the same order cannot deadlock with those writers.
    """
    Story.objects.select_for_update().filter(pk=update.story_id).values_list("pk").first()
    return (
        Update.objects.select_for_update().values_list("version", "published_at").get(pk=update.pk)
    )


def revise_what_we_know(*, story: Story, points: str, editor) -> SummaryVersion:
    """Replace the story's "What we know" box and keep the new version in its history.

    Saving the story advances its cursor with the boxes (``layout``), so open pages
    replace the box at their next poll.
    """
    now = timezone.now()
    with transaction.atomic():
        story.known_points, story.known_at = points, now
        story.save(update_fields=["known_points", "known_at", "modified_at"])
        return SummaryVersion.objects.create(
            story=story, points=points, written_at=now, written_by=editor
        )
