"""Partners' webhook endpoints and the log of what was delivered to them."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stories.models.fields import WebAddressField


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class PartnerEndpointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class PartnerEndpoint(models.Model):
    """A partner's URL told of every new version of the stories it follows, signed."""

    name = models.CharField(_("partner"), max_length=200)
    url = WebAddressField(_("address"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        default=new_secret,
        help_text=_("Shared with the partner, who checks each delivery's signature with it."),
    )
    stories = models.ManyToManyField(
        "stories.Story", related_name="partner_endpoints", verbose_name=_("stories")
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Switched off by itself after repeated failed deliveries."),
    )
    consecutive_failures = models.PositiveIntegerField(
        _("failures in a row"), default=0, editable=False
    )
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True, editable=False)
    disabled_reason = models.CharField(
        _("why disabled"), max_length=500, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PartnerEndpointQuerySet.as_manager()

    class Meta:
        app_label = "stories"
        ordering = ["name", "id"]
        verbose_name = _("partner webhook")
        verbose_name_plural = _("partner webhooks")

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One notice to one partner about one story: the latest version when it is sent.

    At most one delivery per partner and story waits at a time: versions arriving while
    it waits (a burst, or a retry's back-off) raise its version instead of queueing more,
    so a burst costs one request and the latest version is always the one delivered.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")
        SUPERSEDED = "superseded", _("superseded by a later delivery")

    endpoint = models.ForeignKey(
        PartnerEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    story = models.ForeignKey("stories.Story", on_delete=models.CASCADE, related_name="+")
    version = models.BigIntegerField(_("story version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        app_label = "stories"
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["endpoint", "story", "-version"], name="delivery_latest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "story"],
                condition=models.Q(status="pending"),
                name="one_waiting_delivery_per_partner_story",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["pending", "sending", "delivered", "failed", "superseded"]
                ),
                name="webhook_delivery_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.endpoint} · {self.story_id} v{self.version} ({self.status})"
