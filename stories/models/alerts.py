"""Push alerts: readers' browsers subscribed to a story's key events, and the alerts sent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Longest push-service address accepted (the big services' are about 200 characters).
ENDPOINT_MAX_LENGTH = 1000


class PushSubscription(models.Model):
    """One browser's Web Push subscription to one story's key events.

    The endpoint is the push service's address for that browser: knowing it (and the
    ``auth`` secret, which only the browser and we hold) is what lets a caller remove it.
    No reader account, cookie or address is stored.
    """

    story = models.ForeignKey(
        "stories.Story", on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(_("push service address"), max_length=ENDPOINT_MAX_LENGTH)
    # The browser's P-256 public key (65 bytes) and authentication secret (16 bytes),
    # base64url without padding, as PushSubscription.toJSON() gives them.
    p256dh = models.CharField(max_length=88)
    auth = models.CharField(max_length=24)
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)

    class Meta:
        app_label = "stories"
        ordering = ["id"]
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "endpoint"], name="one_push_subscription_per_story_and_endpoint"
            ),
        ]

    def __str__(self):
        return f"{self.story_id}: {self.endpoint[:60]}"

    def as_subscription_info(self) -> dict:
        """The shape pywebpush takes, the browser's ``PushSubscription.toJSON()``."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class KeyEventAlert(models.Model):
    """The push alert for one key event: sent once, whatever edits follow, with counts."""

    update = models.OneToOneField(
        "stories.Update", on_delete=models.CASCADE, related_name="key_event_alert"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered = models.PositiveIntegerField(_("delivered"), default=0)
    expired = models.PositiveIntegerField(_("expired subscriptions removed"), default=0)
    failed = models.PositiveIntegerField(_("failed after retries"), default=0)

    class Meta:
        app_label = "stories"
        ordering = ["-created_at", "-id"]
        verbose_name = _("key event alert")
        verbose_name_plural = _("key event alerts")

    def __str__(self):
        return f"Alert for update {self.update_id}"
