"""Saving what the desk's forms hold: one way for the desk's pages and the write API.

Both validate with the desk's forms, then call these, which write through
``stories.services`` and record the admin's history in the same transaction. Permission
checks stay with the callers (``permissions.may``).
"""

from django.db import transaction

from stories import permissions, services
from stories.desk import history
from stories.models import Story, Update
from stories.permissions import Action


def post_from_forms(request, model_admin, story: Story, form, claims, state: str):
    """The update posted with these valid forms in ``state``, and whether this call made it.

    A second submission with the form's idempotency key makes nothing and returns the
    update of the first.
    """
    try:
        with transaction.atomic():
            update = services.publish_update(
                story=story,
                **form.byline(request.user),
                posted_by=request.user,
                **form.content(),
                claims=claims.drafts(),
                idempotency_key=form.cleaned_data["idempotency_key"],
                state=state,
            )
            history.record_post(request, model_admin, update, claims)
            if update.author != request.user:
                history.record_filing_for(request, model_admin, update)
            if state != Update.State.PUBLISHED:
                history.record_transition(request, model_admin, update, None, "")
    except services.DuplicateSubmission as duplicate:
        return duplicate.update, False
    return update, True


def revise_from_forms(request, model_admin, update: Update, forms, *, action: Action, before: dict):
    """Save the valid revision ``forms`` with ``action``; ``before`` is
    ``history.before_revision(update)``, taken before the forms were validated.

    Raises ``services.EditConflict`` and ``Update.DoesNotExist`` as
    ``services.revise_update`` does, having saved nothing.
    """
    form, claims = forms["edit_form"], forms["edit_claims"]
    note = form.cleaned_data["return_note"] if action == Action.RETURN else ""
    was = update.state
    with transaction.atomic():
        services.revise_update(
            update=update,
            editor=request.user,
            **form.content(),
            claims=claims.drafts(),
            removed_claims=claims.removed_claims(),
            seen_version=form.cleaned_data["seen_version"],
            state=permissions.target_state(action, update),
            note=note,
            co_authors=form.byline(update.author)["co_authors"],
        )
        history.record_revision(
            request, model_admin, update, form=form, before=before, claims=claims
        )
        history.record_transition(request, model_admin, update, was, note)
