"""The cursor writes of claim threads: one verdict reaching every story that quotes it.

A thread's status and note are copied onto each of its claims (``Claim.status`` and
``Claim.note`` stay the fields every page, feed and the API read). When they change,
one transaction:

1. saves the thread, with a ``ClaimStatusChange`` row (thread, from, to, when, who, why)
   for a change of status;
2. bumps the version of every story with a claim of the thread, once each and in the
   order of their ids (so two such writes never wait on each other in a cycle), and
   stamps each update quoting the thread with its story's new version, so the update is
   sent again at the next poll of every open page, and its fragment cache key changes;
3. copies the status, note and latest-change fields onto every claim of the thread.

A claim joins a thread (new, or moved to another thread) by taking the thread's status
and note; a claim saved with a changed status or note changes its thread as above.
The models call these from ``save()``, passing themselves in, as in ``versions``.
"""

from django.db import transaction
from django.utils import timezone

from stories.live import versions
from stories.models.history import ClaimStatusChange

# What a thread's claims copy from it.
COPIED_FIELDS = ("status", "note", "status_changed_at", "previous_status", "previous_status_since")


def _claim_model(thread_model):
    return thread_model._meta.get_field("claims").related_model


def save_thread(thread, super_save, *args, changed_by=None, through=None, **kwargs) -> None:
    Thread, now = type(thread), timezone.now()
    with transaction.atomic():
        previous = None
        if thread.pk:
            previous = (
                Thread.objects.select_for_update()
                .filter(pk=thread.pk)
                .values("status", "note", "status_changed_at", "created_at")
                .first()
            )
        status_changed = previous is not None and previous["status"] != thread.status
        if status_changed:
            thread.previous_status = previous["status"]
            thread.previous_status_since = previous["status_changed_at"] or previous["created_at"]
            thread.status_changed_at = now
        super_save(*args, **versions.with_fields(kwargs, *COPIED_FIELDS[2:]))
        if status_changed:
            ClaimStatusChange.objects.create(
                thread=thread,
                claim=through,
                from_status=previous["status"],
                to_status=thread.status,
                changed_at=now,
                changed_by=changed_by,
                note=thread.note,
            )
        if status_changed or (previous is not None and previous["note"] != thread.note):
            reach_claims(thread)


def reach_claims(thread) -> list[int]:
    """Copy the thread onto its claims and send their updates again; the stories' ids."""
    Claim = _claim_model(type(thread))
    Update = Claim._meta.get_field("update").related_model
    claims = Claim.objects.filter(thread=thread)
    rows = claims.values_list("update_id", "update__story_id", "update__is_pinned").distinct()
    by_story: dict[int, list[tuple[int, bool]]] = {}
    for update_id, story_id, is_pinned in rows:
        by_story.setdefault(story_id, []).append((update_id, is_pinned))
    for story_id in sorted(by_story):
        updates = by_story[story_id]
        layout = any(is_pinned for _, is_pinned in updates)
        version = versions.bump(versions.story_model(Claim), story_id, layout=layout)
        Update.objects.filter(pk__in=[pk for pk, _ in updates]).update(version=version)
    claims.update(**{name: getattr(thread, name) for name in COPIED_FIELDS})
    return sorted(by_story)


def copy_thread(claim, thread) -> None:
    claim.thread = thread
    for name in COPIED_FIELDS:
        setattr(claim, name, getattr(thread, name))


def thread_before_claim_save(claim, previous: dict | None, *, changed_by) -> None:
    """Give the claim its thread (a new one when it has none) before it is saved.

    ``previous`` is the claim's stored ``thread_id``, ``status`` and ``note``, or None for
    a new claim.
    """
    Thread = type(claim)._meta.get_field("thread").related_model
    if claim.thread_id is None:
        copied = {name: getattr(claim, name) for name in COPIED_FIELDS}
        thread = Thread(wording=claim.text, **copied)
        if previous is None:
            thread.created_at = claim.created_at
        thread.save(changed_by=changed_by)
        claim.thread = thread
        return
    thread = Thread.objects.select_for_update().get(pk=claim.thread_id)
    joins = previous is None or previous["thread_id"] != claim.thread_id
    if not joins and (previous["status"], previous["note"]) != (claim.status, claim.note):
        thread.status, thread.note = claim.status, claim.note
        thread.save(changed_by=changed_by, through=claim)
    copy_thread(claim, thread)


def merge_threads(*, into, other, changed_by=None) -> None:
    """Move every claim and history row of ``other`` into ``into``, then delete ``other``.

    The moved claims take ``into``'s status and note, and their pages learn it at the
    next poll. When the two statuses differed, a row records the merge (from ``other``'s
    status to ``into``'s, with who and both wordings), so no history row is lost or
    silently rewritten.
    """
    Thread = type(into)
    Claim = _claim_model(Thread)
    with transaction.atomic():
        locked = {
            t.pk: t for t in Thread.objects.select_for_update().filter(pk__in=[into.pk, other.pk])
        }
        into, other = locked[into.pk], locked[other.pk]
        ClaimStatusChange.objects.filter(thread=other).update(thread=into)
        if other.status != into.status:
            ClaimStatusChange.objects.create(
                thread=into,
                from_status=other.status,
                to_status=into.status,
                changed_at=timezone.now(),
                changed_by=changed_by,
                note=f"Merged: {other.wording} → {into.wording}",
            )
        Claim.objects.filter(thread=other).update(thread=into)
        reach_claims(into)
        other.delete()


def split_claim(claim, *, changed_by=None):
    """Take ``claim`` out of its thread into a new thread of its own; the new thread.

    The new thread starts with the old one's status and note and a copy of its history,
    so what we knew, and when, reads the same on both; the old rows stay where they were.
    """
    Thread = type(claim)._meta.get_field("thread").related_model
    with transaction.atomic():
        old = Thread.objects.select_for_update().get(pk=claim.thread_id)
        new = Thread(wording=claim.text, **{name: getattr(old, name) for name in COPIED_FIELDS})
        new.created_at = old.created_at
        new.save(changed_by=changed_by)
        copies = [
            ClaimStatusChange(
                thread=new,
                claim_id=row.claim_id,
                from_status=row.from_status,
                to_status=row.to_status,
                changed_at=row.changed_at,
                changed_by_id=row.changed_by_id,
                note=row.note,
            )
            for row in old.status_changes.all()
        ]
        ClaimStatusChange.objects.bulk_create(copies)
        claim.thread = new
        claim.save(changed_by=changed_by)
        return new
