"""An update's editorial state: written (draft), sent for review (submitted), published.

Only published updates reach readers. The transitions between states, and who may make
each, are in ``stories.permissions`` with the other rules.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UpdateState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
