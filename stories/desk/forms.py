"""Forms of the newsroom desk: an update, its claims, an image for its body.

The author is never a field: views take it from the logged-in user. Times typed into
the desk are read in the story's time zone (the views activate it).
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from stories import images
from stories.models import Claim, Source, Story, Update, http_url_validator
from stories.rich_text import images_without_alt
from stories.services import ClaimDraft

MAX_BODY_LENGTH = 20_000
MAX_CLAIMS = 30
LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M"


def keep_exact_time(value, current):
    """The time a form sent, or ``current`` when the form showed it unchanged.

    Time fields show minutes (the desk) or seconds (the stock admin), never the stored
    microseconds: a time sent back as shown must keep the exact stored one, or saving
    an update would move it a little and mark it "Updated" for readers.
    """
    if not current or value is None:
        return value
    shown = (current.replace(second=0, microsecond=0), current.replace(microsecond=0))
    return current if value in shown else value


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=LOCAL_TIME_FORMAT)


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

    class Meta:
        model = Update
        fields = ("headline", "body", "is_key_event", "is_pinned", "published_at")
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vTextField"}),
            "body": forms.Textarea(attrs={"rows": 6, "class": "desk-body"}),
        }

    def __init__(self, *args, preview_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        body.validators.append(MaxLengthValidator(MAX_BODY_LENGTH))
        body.widget.attrs["maxlength"] = MAX_BODY_LENGTH
        if preview_url:
            # The live preview: the body (with its form) goes to the preview endpoint
            # a moment after typing stops.
            body.widget.attrs.update(
                {
                    "data-hx-post": preview_url,
                    "data-hx-trigger": "input changed delay:400ms, load",
                    "data-hx-target": f"#{self.auto_id % self.add_prefix('body')}-preview",
                    "data-hx-swap": "innerHTML",
                    "data-hx-sync": "this:replace",
                }
            )
        if "idempotency_key" in self.fields:
            self.initial.setdefault("idempotency_key", uuid.uuid4())

    def content(self) -> dict:
        """The update's fields as cleaned, as keyword arguments for stories.services."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def clean_body(self):
        body = self.cleaned_data["body"]
        if images_without_alt(body):
            raise ValidationError(
                _("Every image needs alternative text: write it between the brackets of ![…](…)."),
                code="image_without_alt",
            )
        return body


class UpdateRevisionForm(UpdateForm):
    """A published or scheduled update being changed, with a note for readers."""

    published_at = forms.DateTimeField(label=_("Published at"), widget=LocalDateTimeInput())
    idempotency_key = None
    # The update's version when the form was opened: a save over a colleague's later
    # change is stopped once and shown, instead of silently undoing their work
    # (checked under the row's lock by services.revise_update).
    seen_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(UpdateForm.Meta):
        fields = (*UpdateForm.Meta.fields, "correction_note")
        widgets = {
            **UpdateForm.Meta.widgets,
            "correction_note": forms.TextInput(attrs={"class": "vTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("seen_version", self.instance.version)

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


class ClaimForm(forms.Form):
    """A claim with its source: an existing one by name, or a new one created in place."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source_name = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("Start typing to pick a source; a new name creates one."),
        widget=forms.TextInput(attrs={"list": "source-options", "autocomplete": "off"}),
    )
    new_source_kind = forms.ChoiceField(
        label=_("Kind, if new"),
        choices=Source.Kind.choices,
        initial=Source.Kind.OTHER,
        required=False,
    )
    text = forms.CharField(
        label=_("What the source says"), widget=forms.Textarea(attrs={"rows": 2})
    )
    is_verbatim = forms.BooleanField(
        label=_("Verbatim quotation"),
        required=False,
        help_text=_("Their exact words, shown in quotation marks."),
    )
    attribution = forms.ChoiceField(
        label=_("Kind of attribution"),
        choices=Claim.Attribution.choices,
        initial=Claim.Attribution.STATEMENT,
    )
    status = forms.ChoiceField(
        label=_("Verification status"),
        choices=Claim.Status.choices,
        initial=Claim.Status.UNVERIFIED,
    )
    note = forms.CharField(
        label=_("Newsroom note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
        help_text=_("What we know of it, shown to readers."),
    )
    source_url = forms.URLField(
        label=_("Where the source said it"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[http_url_validator],
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    stated_at = forms.DateTimeField(
        label=_("When the source said it"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Empty: at the update's time."),
    )

    def __init__(
        self,
        *args,
        can_create_sources: bool = False,
        claims=None,
        source_options_url: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if source_options_url:
            # Suggestions for the shared <datalist id="source-options"> as the name is typed.
            self.fields["source_name"].widget.attrs.update(
                {
                    "data-hx-get": source_options_url,
                    "data-hx-trigger": "input changed delay:250ms, focus",
                    "data-hx-target": "#source-options",
                    "data-hx-swap": "innerHTML",
                    "data-hx-sync": "this:replace",
                }
            )
        self.can_create_sources = can_create_sources
        # The claims of the update being edited, by id; a posted id must be one of them.
        self.claims = claims or {}

    def clean(self):
        cleaned = super().clean()
        name = " ".join(cleaned.get("source_name", "").split())
        if name:
            source = Source.objects.filter(name__iexact=name).first()
            if source is None and not self.can_create_sources:
                self.add_error(
                    "source_name",
                    _("There is no source of that name, and you may not create sources."),
                )
            cleaned["source"] = source
            cleaned["source_name"] = name
        claim_id = cleaned.get("id")
        if claim_id is not None:
            if claim_id not in self.claims:
                raise ValidationError(_("This claim is no longer part of the update."))
            cleaned["claim"] = self.claims[claim_id]
            if "stated_at" in cleaned:
                cleaned["stated_at"] = keep_exact_time(
                    cleaned["stated_at"], cleaned["claim"].stated_at
                )
        return cleaned

    def draft(self) -> ClaimDraft:
        data = self.cleaned_data
        return ClaimDraft(
            text=data["text"],
            source=data.get("source"),
            new_source_name=data["source_name"],
            new_source_kind=data.get("new_source_kind") or Source.Kind.OTHER,
            status=data["status"],
            attribution=data["attribution"],
            note=data["note"],
            is_verbatim=data["is_verbatim"],
            source_url=data["source_url"],
            stated_at=data["stated_at"],
            claim=data.get("claim"),
        )


class BaseClaimFormSet(forms.BaseFormSet):
    def _kept_forms(self):
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            # Blank extra rows are allowed and mean nothing.
            if form.cleaned_data:
                yield form

    def drafts(self) -> list[ClaimDraft]:
        return [form.draft() for form in self._kept_forms()]

    def removed_claims(self) -> list[Claim]:
        return [
            form.cleaned_data["claim"]
            for form in self.deleted_forms
            if form.cleaned_data.get("claim") is not None
        ]


def _claim_formset(extra: int):
    return forms.formset_factory(
        ClaimForm,
        formset=BaseClaimFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_CLAIMS,
        absolute_max=MAX_CLAIMS,
        validate_max=True,
    )


# A new update starts with one blank claim; a revision shows the claims it has.
NewClaimFormSet = _claim_formset(extra=1)
ClaimRevisionFormSet = _claim_formset(extra=0)


def claim_initial(claim: Claim) -> dict:
    return {
        "id": claim.pk,
        "source_name": claim.source.name,
        "new_source_kind": claim.source.kind,
        "text": claim.text,
        "attribution": claim.attribution,
        "status": claim.status,
        "note": claim.note,
        "is_verbatim": claim.is_verbatim,
        "source_url": claim.source_url,
        "stated_at": claim.stated_at,
    }


class ImageUploadForm(forms.Form):
    image = forms.FileField(
        label=_("Image"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
        help_text=_("JPEG, PNG, GIF or WebP, up to 5 MB."),
    )
    alt = forms.CharField(
        label=_("Alternative text"),
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        images.check_image(upload)
        return upload

    def clean_alt(self):
        # Brackets and line breaks would end the Markdown image early.
        alt = " ".join(self.cleaned_data["alt"].replace("[", "(").replace("]", ")").split())
        if not alt:
            raise ValidationError(_("Describe the image."), code="required")
        return alt


class StoryStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Story.Status.choices)
