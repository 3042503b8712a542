"""The desk's writes in the admin's history (``LogEntry``), in the admin's own format.

An update's history then reads the same whether it was written on the desk or on the
stock change form, claims included.
"""

from django.utils.translation import gettext as _

from stories.desk.forms import UpdateRevisionForm
from stories.models import Claim, Story, Update


def _update_admin(model_admin):
    return model_admin.admin_site.get_model_admin(Update)


def record_post(request, model_admin, update: Update, claims) -> None:
    message = [{"added": {}}, *_claim_messages(claims)]
    _update_admin(model_admin).log_addition(request, update, message)


def before_revision(update: Update) -> dict:
    """The fields a revision may change, as they are: validating the form overwrites them."""
    return {name: getattr(update, name) for name in UpdateRevisionForm.Meta.fields}


def record_revision(request, model_admin, update: Update, *, form, before, claims) -> None:
    """Record the fields whose values differ from ``before`` and the claims' changes."""
    # A time left empty keeps the one stored (or is now, for an update being published).
    changed = [
        str(form[name].label)
        for name, value in before.items()
        if form.cleaned_data[name] not in (value, None)
    ]
    message = [{"changed": {"fields": changed}}] if changed else []
    _update_admin(model_admin).log_change(request, update, message + _claim_messages(claims))


def record_filing_for(request, model_admin, update: Update) -> None:
    """The byline is a colleague's: the history says who really posted (the request's user)."""
    author = update.author
    name = author.get_full_name() or author.get_username()
    text = _("Filed on behalf of %(name)s.") % {"name": name}
    _update_admin(model_admin).log_change(request, update, text)


def transition_message(was: str | None, state: str) -> str:
    """What a move from state ``was`` (None: a new update) to ``state`` is called."""
    if was == state:
        return ""
    if state == Update.State.PUBLISHED:
        return _("Published.")
    if state == Update.State.SUBMITTED:
        return _("Submitted for review.")
    if was == Update.State.SUBMITTED:
        return _("Returned to the author as a draft.")
    return _("Saved as a draft.")


def record_transition(request, model_admin, update: Update, was: str | None, note: str) -> None:
    """A change of the update's state in its admin history, with the note of a return."""
    message = transition_message(was, update.state)
    if message:
        text = f"{message} {note}".strip()
        _update_admin(model_admin).log_change(request, update, text)


def record_deletion(request, model_admin, update: Update) -> None:
    """Called before the deletion: the admin records it while the object exists."""
    _update_admin(model_admin).log_deletions(request, [update])


def record_status(request, model_admin, story: Story) -> None:
    field = str(Story._meta.get_field("status").verbose_name)
    model_admin.log_change(request, story, [{"changed": {"fields": [field]}}])


def record_what_we_know(request, model_admin, story: Story) -> None:
    field = str(Story._meta.get_field("known_points").verbose_name)
    model_admin.log_change(request, story, [{"changed": {"fields": [field]}}])


def _claim_label(name: str, text: str) -> str:
    return f"{name}: {text[:60]}"


def _claim_messages(claims) -> list[dict]:
    """Messages for a claim formset: the claims it added, changed and deleted."""
    name = str(Claim._meta.verbose_name)
    entries = []
    for form in claims.forms:
        data = getattr(form, "cleaned_data", None)
        if not data:
            continue
        label = _claim_label(data["source_name"], data["text"])
        if claims._should_delete_form(form):
            if data.get("claim"):
                entries.append({"deleted": {"name": name, "object": label}})
        elif not data.get("claim"):
            entries.append({"added": {"name": name, "object": label}})
        elif form.has_changed():
            fields = [str(form[field].label) for field in form.changed_data]
            entries.append({"changed": {"name": name, "object": label, "fields": fields}})
    return entries
