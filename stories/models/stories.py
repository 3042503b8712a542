"""A story: one live blog, with its status, time zone and live cursor."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stories.live import versions
from stories.models.fields import validate_time_zone
from stories.models.history import points_of
from stories.rich_text import strip_unsafe_characters
from stories.update_state import UpdateState


class StoryQuerySet(models.QuerySet):
    def public(self):
        """Stories readers may open: live or ended, never drafts."""
        return self.exclude(status=Story.Status.DRAFT)

    def for_home(self):
        """Live stories first, then ended ones; newest activity first within each."""
        return (
            self.public()
            .with_latest_published_at()
            .order_by(
                models.Case(
                    models.When(status=Story.Status.LIVE, then=0),
                    default=1,
                    output_field=models.IntegerField(),
                ),
                models.F("latest_published_at").desc(nulls_last=True),
                "-id",
            )
        )

    def with_latest_published_at(self, now=None):
        """Annotate the time of each story's latest update readers can see."""
        return self.annotate(
            latest_published_at=models.Max(
                "updates__published_at",
                filter=models.Q(
                    updates__state=UpdateState.PUBLISHED,
                    updates__published_at__lte=now or timezone.now(),
                ),
            )
        )


def interface_languages() -> list[tuple[str, str]]:
    """The languages a story may be shown in: those the interface is translated into."""
    return settings.LANGUAGES


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    # "What we know": the box at the top of the page, one point a line, kept by editors on
    # the desk (services.revise_what_we_know), each version kept in SummaryVersion. On the
    # story row so that the poll, which reads the row anyway, carries it at no cost.
    known_points = models.TextField(_("what we know"), blank=True, editable=False)
    known_at = models.DateTimeField(_("what we know, as of"), null=True, editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    started_at = models.DateTimeField(_("coverage started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("coverage ended"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Times on the story's pages are shown in this zone, e.g. Europe/Kyiv."),
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        choices=interface_languages,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the story: its pages' interface and dates follow it."),
    )
    poll_interval = models.PositiveSmallIntegerField(
        _("poll interval (seconds)"),
        default=10,
        validators=[MinValueValidator(2), MaxValueValidator(300)],
        help_text=_("How often open reader pages ask for new updates."),
    )
    # The live cursor: advanced under a row lock in every transaction that changes what
    # readers see of this story (stories/live/versions.py).
    version = models.BigIntegerField(default=0, editable=False)
    # The version at which the pinned update or the key events last changed.
    layout_version = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        app_label = "stories"
        ordering = ["-created_at", "-id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [models.Index(fields=["status"], name="story_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(started_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="story_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "live", "ended"]), name="story_status_known"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        strip_unsafe_characters(self, "title", "summary", "known_points")
        now = timezone.now()
        if self.status != self.Status.DRAFT and not self.started_at:
            self.started_at = now
        if self.status == self.Status.ENDED and not self.ended_at:
            self.ended_at = max(now, self.started_at)
        if self.status != self.Status.ENDED:
            self.ended_at = None
        # Readers see the new title, summary or status at their next poll. An existing
        # story's version is advanced first, under its row lock, so that saving a form
        # that holds an older copy writes the new version back, never the old one.
        with transaction.atomic():
            adding = self._state.adding
            if not adding:
                self.version = self.layout_version = versions.bump(Story, self.pk, layout=True)
            super().save(*args, **kwargs)
            if adding:
                self.version = self.layout_version = versions.bump(Story, self.pk, layout=True)

    def get_absolute_url(self):
        return reverse("stories:story_detail", kwargs={"slug": self.slug})

    @property
    def known_list(self) -> list[str]:
        """The "What we know" points, without the list markers an editor may have typed."""
        return points_of(self.known_points)

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED

    @property
    def tzinfo(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return timezone.get_default_timezone()

    def clean(self):
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": _("Coverage cannot end before it starts.")})
