"""Claim threads: one tracked statement, made once or many times, with one verdict.

Claims that assert the same thing ("Russian forces have taken Krasna Hora") belong to
one thread. The thread's status and note are authoritative: setting them is one write
(``ClaimThread.save()``, through ``stories/live/threads.py``) that copies them onto every
claim of the thread and advances the live cursor of every story quoting one of them, in
one transaction. ``Claim.status`` and ``Claim.note`` stay as copies so every page, feed
and API that reads them keeps working; a claim saved with a changed status or note
changes its thread (the old paths: the admin's bulk actions, the desk's claim form).
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stories.live import threads
from stories.models.claims import Claim, Verdict
from stories.rich_text import strip_unsafe_characters


class ClaimThreadQuerySet(models.QuerySet):
    def public(self, now=None):
        """Threads readers may see: those with at least one claim readers can see."""
        visible = Claim.objects.visible(now).filter(thread=models.OuterRef("pk"))
        return self.filter(models.Exists(visible))


class ClaimThread(Verdict):
    wording = models.TextField(
        _("wording"), help_text=_("The statement, in the newsroom's own short words.")
    )
    # Not auto_now_add: a thread started by a claim is as old as the claim.
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = ClaimThreadQuerySet.as_manager()

    class Meta:
        app_label = "stories"
        ordering = ["-created_at", "-id"]
        verbose_name = _("claim thread")
        verbose_name_plural = _("claim threads")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["unverified", "confirmed", "disputed", "false"]),
                name="claim_thread_status_known",
            ),
        ]

    def __str__(self):
        return self.wording[:80]

    def save(self, *args, changed_by=None, through=None, **kwargs):
        """Save; a new status or note reaches every claim of the thread and its readers.

        A change of status is recorded in the history as made by ``changed_by``, through
        the claim ``through`` when it was made by editing one.
        """
        strip_unsafe_characters(self, "wording", "note")
        threads.save_thread(
            self, super().save, *args, changed_by=changed_by, through=through, **kwargs
        )

    def get_absolute_url(self):
        return reverse("stories:claim_thread", kwargs={"pk": self.pk})
