"""The claims of an update: each with its source, existing or created in place."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stories.desk.forms.times import LocalDateTimeInput, keep_exact_time
from stories.models import Claim, ClaimThread, Source, http_url_validator
from stories.services import ClaimDraft

MAX_CLAIMS = 30


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
    # Chosen among the suggestions shown while the text is typed (desk.html#thread-field);
    # empty starts a new thread, or keeps an edited claim's.
    thread = forms.ModelChoiceField(
        label=_("Same statement as"),
        queryset=ClaimThread.objects.all(),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Picking one gives the claim that thread's status and note."),
    )

    def __init__(
        self,
        *args,
        can_create_sources: bool = False,
        claims=None,
        source_options_url: str = "",
        thread_options_url: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # Where the text field asks for threads it may repeat (desk.html#thread-field).
        self.thread_options_url = thread_options_url
        # Where the template's source field asks for suggestions (desk.html#source-field).
        self.source_options_url = source_options_url
        self.can_create_sources = can_create_sources
        # The claims of the update being edited, by id; a posted id must be one of them.
        self.claims = claims or {}

    @property
    def chosen_thread(self):
        """The thread picked in the form as sent, to show it picked again after an error."""
        value = self["thread"].value() if self.is_bound else None
        if not (isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19):
            return None
        return ClaimThread.objects.filter(pk=int(value)).first()

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
            thread=data.get("thread"),
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
