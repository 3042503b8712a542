"""Field types and validators the models share."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

http_url_validator = URLValidator(schemes=["http", "https"])


class WebAddressField(models.URLField):
    """An http or https address. Forms read one typed without a scheme as https.

    Django's form field assumes http until 6.0 and warns about it meanwhile; a pasted
    "ministry.example/statement" means the secure address nowadays.
    """

    default_validators = [http_url_validator]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def unique_slug(model, text: str, *, pk=None, max_length: int = 200) -> str:
    base = slugify(text)[: max_length - 8] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
