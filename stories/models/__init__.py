"""Stories, their updates, the sources they quote and the claims those sources make.

Every write that readers must see (saving or deleting an update or a claim, changing a
story) goes through the models' ``save()`` and ``delete()`` and the QuerySet's
``delete()``, which advance the story's live cursor (``stories/live/versions.py``). The
admin, the desk, management commands and tests therefore cannot bypass it. Only
``QuerySet.update()`` bypasses it, and the code never uses it on these models outside
``stories/live/``.

What readers may see is decided by one QuerySet method per model: ``Story.objects.public()``,
``Update.objects.published()`` and ``Claim.objects.visible()``.
"""

from stories.models.alerts import KeyEventAlert, PushSubscription
from stories.models.api_tokens import ApiToken
from stories.models.claims import Claim, ClaimQuerySet
from stories.models.fields import WebAddressField, http_url_validator, unique_slug
from stories.models.history import (
    ClaimStatusChange,
    DeletedUpdate,
    SummaryVersion,
    UpdateTransition,
)
from stories.models.partners import PartnerEndpoint, WebhookDelivery
from stories.models.saved_copies import SavedCopy
from stories.models.sources import Source
from stories.models.stories import Story
from stories.models.tags import Tag
from stories.models.telegram import TelegramLink
from stories.models.threads import ClaimThread, ClaimThreadQuerySet
from stories.models.updates import KEY_EVENTS_SHOWN, Update

__all__ = [
    "KEY_EVENTS_SHOWN",
    "ApiToken",
    "Claim",
    "ClaimQuerySet",
    "ClaimStatusChange",
    "ClaimThread",
    "ClaimThreadQuerySet",
    "DeletedUpdate",
    "KeyEventAlert",
    "PartnerEndpoint",
    "PushSubscription",
    "SavedCopy",
    "Source",
    "Story",
    "Tag",
    "SummaryVersion",
    "TelegramLink",
    "Update",
    "UpdateTransition",
    "WebAddressField",
    "WebhookDelivery",
    "http_url_validator",
    "unique_slug",
]
