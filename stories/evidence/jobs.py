"""The background jobs that capture and re-check saved copies (django-tasks).

Both are idempotent: a job for a copy that is already saved does nothing, and the body
is stored under its SHA-256, so a retry or a second worker never makes a second copy. A
failure worth retrying (no answer, a server error) is queued again after a growing
delay (``retry_delays()``); a refusal or a page that is not there fails at once, with
its reason for the editor. Finishing touches the update through its ``save()``, which
moves the story's live cursor, so open pages show the card at their next poll.
"""

import difflib
import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from stories.models.saved_copies import SavedCopy
from stories.safe_fetch import FetchError, FetchRefused, FetchResult, fetch

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# Seconds before the second, third and fourth attempts.
RETRY_DELAYS = (60, 300, 1800)


def retry_delays() -> tuple[int, ...]:
    return tuple(getattr(settings, "LIVEBLOG_CAPTURE_RETRY_DELAYS", RETRY_DELAYS))


def touch(copy: SavedCopy) -> None:
    """Show the copy on its update: saved through the model, so its version moves.

    A desk preview's copy has no update yet: the desk's preview asks for it by itself.
    """
    from stories.evidence.cards import snapshot

    if copy.update_id is None:
        return
    # Read afresh: save() renders the body again, which must be the latest body.
    update = type(copy.update).objects.get(pk=copy.update_id)
    update.saved_copies_shown = snapshot(update.pk)
    update.save(update_fields=["saved_copies_shown", "modified_at"])


def _fetch_page(address: str) -> FetchResult:
    result = fetch(address, allowed_types=PAGE_TYPES)
    if result.ok:
        return result
    reason = f"the page answered HTTP {result.status}"
    if result.status >= 500 or result.status == 429:
        raise FetchError(reason, url=address)
    raise FetchRefused(reason, url=address)


def _failed(copy: SavedCopy, error: FetchError, attempt: int) -> str:
    delays = retry_delays()
    copy.attempts = attempt
    if error.retryable and attempt <= len(delays):
        copy.failure_reason = f"{error.reason}; trying again (attempt {attempt + 1})"[:500]
        with transaction.atomic():
            copy.save(update_fields=["attempts", "failure_reason"])
            touch(copy)  # the desk shows the reason and the next attempt
        later = capture_saved_copy.using(
            run_after=timezone.now() + timedelta(seconds=delays[attempt - 1])
        )
        later.enqueue(copy.pk, attempt + 1)
        return "retrying"
    copy.state, copy.failure_reason = SavedCopy.State.FAILED, error.reason[:500]
    with transaction.atomic():
        copy.save(update_fields=["attempts", "failure_reason", "state"])
        touch(copy)
    return "failed"


def _keep(copy: SavedCopy, result: FetchResult, attempt: int) -> None:
    from stories.evidence import storage
    from stories.evidence.metadata import card_for

    card = card_for(result.url, result.text)
    copy.sha256 = hashlib.sha256(result.body).hexdigest()
    copy.body_file = storage.store_body(result.body, copy.sha256)
    copy.thumbnail = storage.store_thumbnail(card.thumbnail_address)
    copy.final_address, copy.http_status = result.url[:2000], result.status
    copy.content_type, copy.attempts = result.content_type[:100], attempt
    for name in ("provider", "title", "author", "published_at", "text", "embed_address"):
        setattr(copy, name, getattr(card, name))
    copy.state, copy.failure_reason = SavedCopy.State.DONE, ""
    copy.captured_at = timezone.now()
    with transaction.atomic():
        # Two jobs for one copy (a stuck capture asked again) keep one result, not two.
        locked = SavedCopy.objects.select_for_update().filter(pk=copy.pk)
        if list(locked.values_list("state", flat=True)) != [SavedCopy.State.PENDING]:
            return
        copy.save()
        touch(copy)


@task()
def capture_saved_copy(saved_copy_id: int, attempt: int = 1) -> str:
    copy = SavedCopy.objects.select_related("update").filter(pk=saved_copy_id).first()
    if copy is None or copy.state != SavedCopy.State.PENDING:
        return "nothing to do"
    try:
        result = _fetch_page(copy.address)
    except FetchError as error:
        return _failed(copy, error, attempt)
    _keep(copy, result, attempt)
    return "saved"


def _changes(before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(), after.splitlines(), "saved", "now", lineterm=""
    )
    return "\n".join(list(lines)[:60])


def _recheck_mark(copy: SavedCopy, result: FetchResult) -> tuple[str, str]:
    from stories.evidence.metadata import card_for

    if result.status in (404, 410):
        return SavedCopy.Original.DELETED, f"The address answered HTTP {result.status}."
    if hashlib.sha256(result.body).hexdigest() == copy.sha256:
        return SavedCopy.Original.SAME, ""
    text = card_for(result.url, result.text).text
    if " ".join(text.split()) == " ".join(copy.text.split()):
        return SavedCopy.Original.SAME, ""
    return SavedCopy.Original.CHANGED, _changes(copy.text, text)


@task()
def recheck_saved_copy(saved_copy_id: int) -> str:
    copy = SavedCopy.objects.done().select_related("update").filter(pk=saved_copy_id).first()
    if copy is None:
        return "nothing to do"
    try:
        result = fetch(copy.address, allowed_types=PAGE_TYPES)
    except FetchError as error:
        return f"not re-checked: {error.reason}"
    if not result.ok and result.status not in (404, 410):
        return f"not re-checked: HTTP {result.status}"
    mark, changes = _recheck_mark(copy, result)
    visible_change = mark != copy.original
    copy.original, copy.changes, copy.rechecked_at = mark, changes, timezone.now()
    with transaction.atomic():
        copy.save(update_fields=["original", "changes", "rechecked_at"])
        if visible_change:
            touch(copy)
    return mark
