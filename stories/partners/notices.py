"""Switching off a failing partner endpoint, and telling the editors by email."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stories.models import PartnerEndpoint
from stories.roles import EDITOR
from stories.syndication.public_url import absolute_url

logger = logging.getLogger(__name__)


def switch_off(endpoint: PartnerEndpoint, last_error: str) -> None:
    """Switch the endpoint off and tell the editors once that is committed."""
    endpoint.is_active = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = _("%(count)s failed deliveries in a row; the last: %(error)s") % {
        "count": endpoint.consecutive_failures,
        "error": last_error,
    }
    endpoint.disabled_reason = endpoint.disabled_reason[:500]
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    logger.warning("Partner webhook %s switched off: %s", endpoint.pk, endpoint.disabled_reason)
    transaction.on_commit(lambda: tell_editors(endpoint))


def editors_addresses() -> list[str]:
    editors = (
        get_user_model()
        .objects.filter(groups__name=EDITOR, is_active=True, is_staff=True)
        .exclude(email="")
    )
    return sorted(set(editors.values_list("email", flat=True)))


def tell_editors(endpoint: PartnerEndpoint) -> None:
    addresses = editors_addresses()
    if not addresses:
        return
    link = absolute_url(reverse("admin:stories_partnerendpoint_change", args=[endpoint.pk]))
    message = _(
        "Deliveries to the partner webhook “%(name)s” (%(url)s) kept failing, so it has "
        "been switched off.\n\n%(reason)s\n\nWhen the partner has fixed it, switch it back "
        "on here: %(link)s"
    ) % {
        "name": endpoint.name,
        "url": endpoint.url,
        "reason": endpoint.disabled_reason,
        "link": link,
    }
    subject = _("Partner webhook switched off: %(name)s") % {"name": endpoint.name}
    try:
        send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, addresses)
    except OSError as error:  # the mail server is down: the admin still shows it
        logger.error("Could not tell the editors about webhook %s: %s", endpoint.pk, error)
