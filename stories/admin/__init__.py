"""The Django admin for stories, updates, claims and sources.

The newsroom desk (one page per story to post, edit and delete updates with their
claims) lives in ``stories/desk/``; its URLs hang off ``StoryAdmin``. The stock pages
here apply the same rules from ``stories/permissions.py``: a journalist sees everything
but changes or deletes only their own updates (and their claims) on live stories, and
never a story's status. Writes go through the models' ``save()``/``delete()``, one object
at a time, so readers' pages and the claims' status history follow.

One module a model admin (``sources``, ``updates``, ``claims``, ``threads``, ``stories``;
``partners`` for partners' webhooks, their delivery log and the push alerts sent), with what
they share in ``mixins``. Django's autodiscovery imports this package: importing the
modules here is what registers them.
"""

from django.conf import settings
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from stories.admin.api_tokens import ApiTokenAdmin
from stories.admin.claims import ClaimAdmin
from stories.admin.partners import KeyEventAlertAdmin, PartnerEndpointAdmin, WebhookDeliveryAdmin
from stories.admin.saved_copies import SavedCopyAdmin
from stories.admin.selection import install as install_selection_check
from stories.admin.sources import SourceAdmin
from stories.admin.stories import StoryAdmin
from stories.admin.tags import TagAdmin
from stories.admin.telegram import TelegramLinkAdmin
from stories.admin.threads import ClaimThreadAdmin
from stories.admin.updates import UpdateAdmin

__all__ = [
    "ApiTokenAdmin",
    "ClaimAdmin",
    "ClaimThreadAdmin",
    "KeyEventAlertAdmin",
    "PartnerEndpointAdmin",
    "SavedCopyAdmin",
    "SourceAdmin",
    "StoryAdmin",
    "TagAdmin",
    "TelegramLinkAdmin",
    "UpdateAdmin",
    "WebhookDeliveryAdmin",
]

# The newsroom's own name on every admin page, not "Django administration".
admin.site.site_header = settings.LIVEBLOG["NEWSROOM_NAME"]
admin.site.site_title = format_lazy(_("{name} newsroom"), name=settings.LIVEBLOG["NEWSROOM_NAME"])
admin.site.index_title = _("Newsroom")

install_selection_check()
