"""An update as the desk writes it: new, or revised with a note for readers."""

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from stories.desk.forms.times import LocalDateTimeInput, keep_exact_time
from stories.models import Update
from stories.rich_text import MAX_NESTING, images_without_alt, markdown_rendering

MAX_BODY_LENGTH = 20_000


def newsroom_people():
    """Who may share a byline: the newsroom's active staff accounts, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .order_by("last_name", "first_name", "username")
    )


class PersonChoices:
    def label_from_instance(self, person):
        return person.get_full_name() or person.get_username()


class PersonField(PersonChoices, forms.ModelChoiceField):
    pass


class PeopleField(PersonChoices, forms.ModelMultipleChoiceField):
    pass


class UpdateForm(forms.ModelForm):
    """A new update. Without a publication time it is published when it is posted."""

    published_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Empty: now. A later time schedules the update, an earlier one backdates it."),
    )
    # A one-time key per form: posting the same form twice creates one update.
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    co_authors = PeopleField(
        queryset=newsroom_people(),
        required=False,
        label=_("Co-authors"),
        help_text=_("Colleagues who share the byline, e.g. the reporter in the field."),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    # Only for those who may file for others (permissions.can_file_for_others).
    on_behalf_of = PersonField(
        queryset=newsroom_people(),
        required=False,
        label=_("On behalf of"),
        help_text=_("Empty: you. The colleague becomes the byline; the history records you."),
    )

    class Meta:
        model = Update
        fields = ("headline", "body", "is_key_event", "is_pinned", "published_at", "tags")
        widgets = {
            "tags": forms.SelectMultiple(attrs={"size": 4}),
            "headline": forms.TextInput(attrs={"class": "vTextField"}),
            "body": forms.Textarea(attrs={"rows": 6, "class": "desk-body"}),
        }

    def __init__(self, *args, preview_url: str = "", files_for_others: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not files_for_others:
            # Not offered, and whatever is posted under its name is ignored.
            self.fields.pop("on_behalf_of", None)
        body = self.fields["body"]
        body.validators.append(MaxLengthValidator(MAX_BODY_LENGTH))
        body.widget.attrs["maxlength"] = MAX_BODY_LENGTH
        # Where the template's live preview sends the body (desk.html#body-input).
        self.preview_url = preview_url
        if "idempotency_key" in self.fields:
            self.initial.setdefault("idempotency_key", uuid.uuid4())

    def content(self) -> dict:
        """The update's fields as cleaned, as keyword arguments for stories.services."""
        content = {name: self.cleaned_data[name] for name in self._meta.fields}
        content["tags"] = list(content["tags"])
        return content

    def byline(self, poster) -> dict:
        """The author (the poster, or whom they file for) and the co-authors, as cleaned."""
        return {
            "author": self.cleaned_data.get("on_behalf_of") or poster,
            "co_authors": list(self.cleaned_data["co_authors"]),
        }

    def clean_body(self):
        body = self.cleaned_data["body"]
        if images_without_alt(body):
            raise ValidationError(
                _("Every image needs alternative text: write it between the brackets of ![…](…)."),
                code="image_without_alt",
            )
        if markdown_rendering(body).too_deeply_nested:
            raise nesting_error()
        return body


def nesting_error() -> ValidationError:
    """A body whose lists and quotes nest deeper than the renderer follows (stories/rich_text/)."""
    return ValidationError(
        _(
            "Lists and quotes can be nested %(limit)s levels deep at most: deeper ones would "
            "show as plain text. Put fewer markers (-, 1., >) one inside the other."
        ),
        code="too_deeply_nested",
        params={"limit": MAX_NESTING},
    )


class UpdateRevisionForm(UpdateForm):
    """A published or scheduled update being changed, with a note for readers."""

    published_at = forms.DateTimeField(label=_("Published at"), widget=LocalDateTimeInput())
    idempotency_key = None
    # The author stays who wrote it; the co-authors may change.
    on_behalf_of = None
    # The update's version when the form was opened: a save over a colleague's later
    # change is stopped once and shown, instead of silently undoing their work
    # (checked under the row's lock by services.revise_update).
    seen_version = forms.IntegerField(widget=forms.HiddenInput)
    # Sent with "Return to the author": what the contributor should change.
    return_note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text=_("Required to return a submission: what should change."),
    )

    class Meta(UpdateForm.Meta):
        fields = (*UpdateForm.Meta.fields, "correction_note")
        widgets = {
            **UpdateForm.Meta.widgets,
            "correction_note": forms.TextInput(attrs={"class": "vTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("seen_version", self.instance.version)
        self.initial.setdefault("co_authors", [p.pk for p in self.instance.co_authors.all()])
        if self.instance.state != Update.State.PUBLISHED:
            # Not yet published: its time is chosen when it is, now unless set.
            self.initial["published_at"] = None
            field = self.fields["published_at"]
            field.required = False
            field.label = UpdateForm.base_fields["published_at"].label
            field.help_text = _("Empty: now, when it is published. A later time schedules it.")

    def require_return_note(self) -> bool:
        """For "Return to the author": False, with the error shown, when there is no note."""
        if self.cleaned_data.get("return_note"):
            return True
        self.add_error(
            "return_note",
            ValidationError(_("Say what the author should change."), code="required"),
        )
        return False

    def report_conflict(self, version: int) -> None:
        """Say that a colleague saved the update, now at ``version``, after it was opened."""
        # Sent again as it is now, the form saves: the editor has been warned.
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = str(version)
        self.add_error(
            "seen_version",
            ValidationError(
                _(
                    "A colleague changed this update after you opened it; the list shows "
                    "their version. Save again to replace it with yours."
                ),
                code="conflict",
            ),
        )

    def clean_published_at(self):
        return keep_exact_time(self.cleaned_data["published_at"], self.instance.published_at)
