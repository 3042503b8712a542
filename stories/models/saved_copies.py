"""Saved copies: what a source's page said when a claim or an update cited it.

A row is made (pending) when an update is saved with an address on a line of its own
(an embedded post) or a claim with a source address; a background job
(``stories/evidence/jobs.py``) fetches the page, keeps its body compressed under
``MEDIA_ROOT`` with its SHA-256, extracts the text and the card readers see, and marks
the row done or failed. A re-check later marks the original deleted or changed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stories.models.fields import WebAddressField


class SavedCopyQuerySet(models.QuerySet):
    def done(self):
        return self.filter(state=SavedCopy.State.DONE)

    def visible(self, now=None):
        """Done copies of updates readers may see."""
        from stories.models.updates import Update

        return self.done().filter(update__in=Update.objects.published(now=now))


class SavedCopy(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Saved")
        FAILED = "failed", _("Failed")

    class Original(models.TextChoices):
        UNCHECKED = "unchecked", _("Not re-checked")
        SAME = "same", _("Unchanged")
        CHANGED = "changed", _("Original changed since")
        DELETED = "deleted", _("Original deleted")

    # Empty only for a desk preview's copy, asked for before the update exists (``story``).
    update = models.ForeignKey(
        "stories.Update",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_copies",
    )
    # The story whose desk asked for a preview's copy; empty for every other copy.
    story = models.ForeignKey(
        "stories.Story", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Set for a claim's source address; empty for an address embedded in the body.
    claim = models.ForeignKey(
        "stories.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    address = WebAddressField(_("address"), max_length=500)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    failure_reason = models.CharField(_("why it failed"), max_length=500, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    captured_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    # What the page answered.
    final_address = models.URLField(_("final address"), max_length=2000, blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256 of the body"), max_length=64, blank=True)
    body_file = models.CharField(_("stored body (gzip)"), max_length=200, blank=True)
    # What it said: plain text only, shown escaped.
    title = models.CharField(_("title"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published by the source at"), null=True, blank=True)
    text = models.TextField(_("main text"), blank=True)
    # The card: who published it, a locally stored thumbnail, and the provider's player
    # address (only on a host the CSP frame-src allows), loaded when a reader asks.
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    thumbnail = models.CharField(_("thumbnail"), max_length=200, blank=True)
    embed_address = models.URLField(_("player address"), max_length=1000, blank=True)
    # Re-checks of the original.
    original = models.CharField(
        _("original"), max_length=10, choices=Original.choices, default=Original.UNCHECKED
    )
    rechecked_at = models.DateTimeField(_("re-checked at"), null=True, blank=True)
    changes = models.TextField(_("what changed"), blank=True)

    objects = SavedCopyQuerySet.as_manager()

    class Meta:
        app_label = "stories"
        ordering = ["-requested_at", "-id"]
        verbose_name = _("saved copy")
        verbose_name_plural = _("saved copies")
        indexes = [
            models.Index(fields=["update", "address"], name="saved_copy_update_address"),
            models.Index(fields=["state", "-requested_at"], name="saved_copy_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "done", "failed"]),
                name="saved_copy_state_known",
            ),
            models.CheckConstraint(
                condition=models.Q(original__in=["unchecked", "same", "changed", "deleted"]),
                name="saved_copy_original_known",
            ),
            models.CheckConstraint(
                condition=models.Q(update__isnull=False) | models.Q(story__isnull=False),
                name="saved_copy_of_update_or_preview",
            ),
        ]

    def __str__(self):
        return f"{self.address} ({self.get_state_display()})"

    @property
    def card_text(self) -> str:
        return self.title or self.text[:280]
