"""Claims: statements of fact attributed to a source, each with a verification status."""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stories.claim_status import ClaimStatus
from stories.evidence import services as evidence
from stories.live import claims as claim_writes
from stories.models.fields import WebAddressField
from stories.models.stories import Story
from stories.rich_text import strip_unsafe_characters
from stories.update_state import UpdateState

# What pages read of the claim a claim answers (``Claim.answered_claim``): its text, its
# source, and its update's address and visibility. The rest of those rows, the long
# texts of the update and of its story above all, is left unread.
ANSWERED_READ = {
    "responds_to": ("id", "text", "update", "source"),
    "responds_to__source": ("id", "name", "slug"),
    "responds_to__update": ("id", "story", "state", "published_at"),
    "responds_to__update__story": ("id", "slug", "status"),
}


def _answered_unread() -> list[str]:
    from stories.models.updates import Update

    models_by_path = {
        "responds_to": Claim,
        "responds_to__source": Claim.source.field.related_model,
        "responds_to__update": Update,
        "responds_to__update__story": Story,
    }
    return [
        f"{path}__{field.name}"
        for path, model in models_by_path.items()
        for field in model._meta.concrete_fields
        if field.name not in ANSWERED_READ[path]
    ]


class ClaimQuerySet(models.QuerySet):
    @staticmethod
    def visible_condition(prefix: str = "", now=None) -> models.Q:
        """The rule for claims readers can see: in a published, due update of a public story.

        ``prefix`` is the path to the claims from the model being queried
        (``"claims__"`` from a source).
        """
        return models.Q(
            **{
                f"{prefix}update__state": UpdateState.PUBLISHED,
                f"{prefix}update__published_at__lte": now or timezone.now(),
                f"{prefix}update__story__status__in": [Story.Status.LIVE, Story.Status.ENDED],
            }
        )

    def visible(self, now=None):
        """Claims readers can see."""
        return self.filter(self.visible_condition(now=now))

    def for_display(self):
        """With the source, the update, the thread and the answered claim that pages show."""
        return self.in_shown_update().select_related("update__story")

    def in_shown_update(self):
        """``for_display()`` for the claims prefetched with their update
        (``Update.objects.for_display()``): the prefetch sets that update on each claim,
        so reading it again with every claim would only be thrown away."""
        return self.select_related(
            "source", "thread", "responds_to__source", "responds_to__update__story"
        ).defer(*_answered_unread())


class Verdict(models.Model):
    """A verification status and note with its latest change: a thread's, copied on claims.

    The latest change is kept on the row so pages can say "Confirmed 14:02 — was
    unverified at 09:15" without a query per claim; the full record is in
    ClaimStatusChange.
    """

    Status = ClaimStatus

    status = models.CharField(
        _("verification status"), max_length=16, choices=Status.choices, default=Status.UNVERIFIED
    )
    note = models.TextField(_("newsroom note"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    previous_status = models.CharField(
        max_length=16, choices=Status.choices, blank=True, editable=False
    )
    previous_status_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Claim(Verdict):
    class Attribution(models.TextChoices):
        STATEMENT = "statement", _("Statement")
        REPORT = "report", _("Report")
        ESTIMATE = "estimate", _("Estimate")
        DENIAL = "denial", _("Denial")

    update = models.ForeignKey("stories.Update", on_delete=models.CASCADE, related_name="claims")
    # The tracked statement this claim repeats; its status and note are the thread's
    # (stories/models/threads.py). Saving a claim without one starts its own thread.
    thread = models.ForeignKey(
        "stories.ClaimThread",
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("thread"),
        blank=True,
    )
    source = models.ForeignKey(
        "stories.Source", on_delete=models.PROTECT, related_name="claims", verbose_name=_("source")
    )
    text = models.TextField(_("what the source says"))
    attribution = models.CharField(
        _("kind of attribution"),
        max_length=16,
        choices=Attribution.choices,
        default=Attribution.STATEMENT,
    )

    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports the thread")
        CONTRADICTS = "contradicts", _("Contradicts the thread")

    # Whether this claim asserts its thread's statement or denies it.
    stance = models.CharField(
        _("stance"), max_length=16, choices=Stance.choices, default=Stance.SUPPORTS
    )
    is_verbatim = models.BooleanField(
        _("verbatim quotation"), default=False, help_text=_("Shown in quotation marks.")
    )
    source_url = WebAddressField(_("where the source said it"), blank=True, max_length=500)
    stated_at = models.DateTimeField(
        _("when the source said it"),
        null=True,
        blank=True,
        help_text=_("If not at the update's time."),
    )
    responds_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("answers the claim"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Not auto_now_add: the thread a new claim starts takes the same time.
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        app_label = "stories"
        ordering = ["position", "id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        indexes = [
            models.Index(fields=["source", "-created_at", "-id"], name="claim_by_source"),
            models.Index(fields=["status"], name="claim_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["unverified", "confirmed", "disputed", "false"]),
                name="claim_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(attribution__in=["statement", "report", "estimate", "denial"]),
                name="claim_attribution_known",
            ),
            models.CheckConstraint(
                condition=models.Q(stance__in=["supports", "contradicts"]),
                name="claim_stance_known",
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.text[:60]}"

    def save(self, *args, changed_by=None, **kwargs):
        """Save in its thread; a changed status or note changes the thread's, for all its
        claims, recorded in the history as made by ``changed_by``."""
        strip_unsafe_characters(self, "text", "note")
        with transaction.atomic():
            claim_writes.save_claim(self, super().save, *args, changed_by=changed_by, **kwargs)
            evidence.request_for_claim(self)

    def delete(self, *args, **kwargs):
        return claim_writes.delete_claim(self, super().delete, *args, **kwargs)

    @property
    def answered_claim(self):
        """The claim this one answers, or None while readers may not see that claim.

        Public pages and the API show the answered claim through this, never through
        ``responds_to``: a claim in a draft story or a scheduled update stays hidden.
        Reads the answered claim's update and story, which ``for_display()`` loads.
        """
        answered = self.responds_to
        if answered is None or not answered.update.is_published:
            return None
        return answered
