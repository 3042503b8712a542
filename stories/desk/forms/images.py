"""An image uploaded from the desk for an update's body."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stories import images


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

    def store(self) -> str:
        """Store the valid upload and return its URL; "" with the error added if refused."""
        try:
            return images.store_image(self.cleaned_data["image"])
        except ValidationError as error:
            self.add_error("image", error)
            return ""

    def markdown(self, url: str) -> str:
        """What shows the stored image in an update's body."""
        return f"![{self.cleaned_data['alt']}]({url})"
