"""The cursor writes of claims: a claim saved or deleted sends its update again.

A claim change stamps its update with the story's new version (rule 2 of
``stories/live/__init__.py``); its status and note come from its thread (``threads``).
"""

from django.db import transaction

from stories.live import threads, versions


def save_claim(claim, super_save, *args, changed_by=None, **kwargs) -> None:
    """Save a claim in its thread (``threads``); a change of status is made by ``changed_by``.

    The thread's status and note are authoritative: a new claim, or one moved to another
    thread, takes them; a claim saved with a changed status or note changes its thread,
    which reaches every claim of it and records the change.
    """
    Claim = type(claim)
    Update = Claim._meta.get_field("update").related_model
    with transaction.atomic():
        previous = None
        if claim.pk:
            previous = (
                Claim.objects.filter(pk=claim.pk)
                .values("update_id", "thread_id", "status", "note")
                .first()
            )
        threads.thread_before_claim_save(claim, previous, changed_by=changed_by)
        versions.touch_update(Update, claim.update_id)
        if previous and previous["update_id"] != claim.update_id:
            versions.touch_update(Update, previous["update_id"])
        super_save(*args, **versions.with_fields(kwargs, "thread", *threads.COPIED_FIELDS))


def delete_claim(claim, super_delete, *args, **kwargs):
    Update = type(claim)._meta.get_field("update").related_model
    with transaction.atomic():
        versions.touch_update(Update, claim.update_id)
        return super_delete(*args, **kwargs)
