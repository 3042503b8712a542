"""Change pages that refuse to save over a colleague's later change.

Two editors open the same change page and the second saves: without this, the first
one's save from the older page silently undid the second's work. Each change form here
carries, in a hidden field, a token of the object as the page showed it:

- an update: its ``version``, which every change to it or to one of its claims advances
  (stories/live/versions.py), so the claims inline is covered with it;
- a story or a claim: a digest of the fields its page edits. Not the story's version,
  which moves whenever a journalist posts an update, nor the version of a claim's update,
  which moves with the update's other claims: neither is a change to what the page shows.

The form's ``clean()`` compares the token with the object's token now, after locking
its rows (the story's first, as every writer does: ``stories/services.py``). The admin
saves a change form in one transaction (``ModelAdmin.changeform_view``), so the locks
are held until the save commits: of two saves sent at the same moment from one page, one
is saved and the other refused. A refused form is shown again as the editor sent it,
with the error, and now carries the current token: saving it again replaces the
colleague's change, as on the desk (``UpdateRevisionForm.report_conflict``).
"""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from stories.models import Story

FIELD = "seen_version"


class SeenVersionField(forms.CharField):
    """The hidden token; never reported as a change of the object in its history."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        # A post without it (a script, not the page, which always carries it) is not
        # checked, as before the check existed.
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False


def fingerprint(instance) -> str:
    """A digest of the values of the model's editable fields: what its change page edits."""
    values = json.dumps(model_to_dict(instance), sort_keys=True, default=str)
    return hashlib.sha256(values.encode()).hexdigest()[:32]


def lock_story(story_id: int | None) -> None:
    """Lock a story's row until commit; every writer takes it before its updates' rows."""
    Story.objects.select_for_update().filter(pk=story_id).values_list("pk").first()


class ConflictCheckedForm(forms.ModelForm):
    """A change form that refuses a save from a page opened before the object changed.

    Subclasses say what the token is (``version_of``) and how to read it under the
    rows' locks (``locked_version``).
    """

    seen_version = SeenVersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault(FIELD, self.version_of(self.instance))

    @staticmethod
    def version_of(instance) -> str:
        raise NotImplementedError

    def locked_version(self) -> str | None:
        """Lock the object's rows until commit; its token now, or None if it is gone."""
        raise NotImplementedError

    def clean(self):
        cleaned_data = super().clean()
        seen = cleaned_data.get(FIELD)
        if self.instance.pk is None or not seen:
            return cleaned_data
        current = self.locked_version()
        if current is None:
            self.add_error(None, ValidationError(_("Someone deleted this meanwhile."), code="gone"))
        elif current != seen:
            self.report_conflict(current)
        return cleaned_data

    def report_conflict(self, current: str) -> None:
        # Sent again as it is now, the form saves: the editor has been warned.
        self.data = self.data.copy()
        self.data[self.add_prefix(FIELD)] = current
        self.add_error(
            None,
            ValidationError(
                _(
                    "Someone changed this since you opened it; your text is kept below "
                    "— review and save again."
                ),
                code="conflict",
            ),
        )


class RefusesLostUpdates:
    """A model admin whose change page carries its form's token (a ConflictCheckedForm).

    Only where the page can be saved: a read-only page would show the token as a field.
    """

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            return fields
        return [field for field in fields if field != FIELD]
