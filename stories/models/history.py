"""Records kept beside the stream: claims' status history, updates' editorial transitions
and deleted updates' tombstones."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stories.claim_status import ClaimStatus
from stories.update_state import UpdateState


class ClaimStatusChange(models.Model):
    """One change of a claim thread's status: from, to, when, by whom, why.

    ``claim`` is the claim it was made through, when it was made by editing one (kept
    when a claim moves to another thread; the row stays with the thread).
    """

    thread = models.ForeignKey(
        "stories.ClaimThread", on_delete=models.CASCADE, related_name="status_changes"
    )
    claim = models.ForeignKey(
        "stories.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_changes",
    )
    from_status = models.CharField(max_length=16, choices=ClaimStatus.choices)
    to_status = models.CharField(max_length=16, choices=ClaimStatus.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        app_label = "stories"
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["thread", "changed_at"], name="status_change_thread_time")]
        verbose_name = _("claim status change")
        verbose_name_plural = _("claim status changes")

    def __str__(self):
        return f"{self.from_status} → {self.to_status} at {self.changed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # Rows written for a claim (imports, the demo) belong to the claim's thread.
        if self.thread_id is None and self.claim_id is not None:
            self.thread_id = self.claim.thread_id
        super().save(*args, **kwargs)


class UpdateTransition(models.Model):
    """One change of an update's editorial state: from, to, when, by whom, with what note.

    ``from_state`` is empty for the update's creation.
    """

    update = models.ForeignKey(
        "stories.Update", on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(max_length=10, choices=UpdateState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=UpdateState.choices)
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        app_label = "stories"
        ordering = ["made_at", "id"]
        verbose_name = _("editorial transition")
        verbose_name_plural = _("editorial transitions")

    def __str__(self):
        return f"{self.from_state or '—'} → {self.to_state} at {self.made_at:%Y-%m-%d %H:%M}"


def points_of(text: str) -> list[str]:
    """The non-empty lines of ``text``, without a leading "-", "*" or "•"."""
    lines = (line.strip().lstrip("-*•").strip() for line in text.splitlines())
    return [line for line in lines if line]


class SummaryVersion(models.Model):
    """One version of a story's "What we know" box, as it was from ``written_at`` on."""

    story = models.ForeignKey(
        "stories.Story", on_delete=models.CASCADE, related_name="summary_versions"
    )
    points = models.TextField(blank=True)
    written_at = models.DateTimeField(default=timezone.now)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        app_label = "stories"
        ordering = ["-written_at", "-id"]
        verbose_name = _("summary version")
        verbose_name_plural = _("summary versions")

    def __str__(self):
        return f"what we know at {self.written_at:%Y-%m-%d %H:%M}"

    @property
    def point_list(self) -> list[str]:
        return points_of(self.points)


class DeletedUpdate(models.Model):
    """A tombstone: tells polling readers at an older cursor to remove an update."""

    story = models.ForeignKey(
        "stories.Story", on_delete=models.CASCADE, related_name="deleted_updates"
    )
    update_id = models.BigIntegerField()
    version = models.BigIntegerField()
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "stories"
        ordering = ["version"]
        indexes = [models.Index(fields=["story", "version"], name="deleted_update_story_version")]

    def __str__(self):
        return f"update {self.update_id} deleted at version {self.version}"
