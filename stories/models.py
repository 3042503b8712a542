"""Stories, their updates, the sources they quote and the claims those sources make.

Every write that readers must see (saving or deleting an update or a claim, changing a
story) goes through the models' ``save()`` and ``delete()`` and the QuerySet's
``delete()``, which advance the story's live cursor (see ``stories/cursor.py``). The
admin, the desk, management commands and tests therefore cannot bypass it. Only
``QuerySet.update()`` bypasses it, and the code never uses it on these models outside
``stories/cursor.py``.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _

from stories import claim_status, cursor, keyset
from stories.claim_status import ClaimStatus
from stories.rich_text import plain_text, render_markdown

http_url_validator = URLValidator(schemes=["http", "https"])


class WebAddressField(models.URLField):
    """An http or https address. Forms read one typed without a scheme as https.

    Django's form field assumes http until 6.0 and warns about it meanwhile; a pasted
    "ministry.example/statement" means the secure address nowadays.
    """

    default_validators = [http_url_validator]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def visible_claims(prefix: str = "", now=None) -> models.Q:
    """Claims readers can see: in a due update of a public story.

    ``prefix`` is the path to the claims from the model being queried (``"claims__"``
    from a source).
    """
    return models.Q(
        **{
            f"{prefix}update__published_at__lte": now or timezone.now(),
            f"{prefix}update__story__status__in": [Story.Status.LIVE, Story.Status.ENDED],
        }
    )


class SourceQuerySet(models.QuerySet):
    def with_claim_counts(self):
        return self.annotate(claim_count=models.Count("claims"))

    def with_status_counts(self, condition: models.Q | None = None):
        """Annotate ``claim_count`` and ``<status>_count`` (see stories/claim_status.py).

        Only claims readers can see are counted, and only those also matching
        ``condition`` (written from the source: ``Q(claims__update__story=story)``).
        Sources without such claims stay in the result with zero counts.
        """
        condition = visible_claims("claims__") & (condition or models.Q())
        return self.annotate(**claim_status.status_count_aggregates("claims__", condition))


class Source(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        MILITARY = "military", _("Military")
        AGENCY = "agency", _("Public agency")
        NEWS_ORGANISATION = "news_organisation", _("News organisation")
        THINK_TANK = "think_tank", _("Think tank")
        NGO = "ngo", _("NGO")
        PERSON = "person", _("Person")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    url = WebAddressField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name, pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("stories:source_detail", kwargs={"slug": self.slug})


def unique_slug(model, text: str, *, pk=None, max_length: int = 200) -> str:
    base = slugify(text)[: max_length - 8] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class StoryQuerySet(models.QuerySet):
    def public(self):
        """Stories readers may open: live or ended, never drafts."""
        return self.exclude(status=Story.Status.DRAFT)

    def live(self):
        return self.filter(status=Story.Status.LIVE)

    def ended(self):
        return self.filter(status=Story.Status.ENDED)

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
                filter=models.Q(updates__published_at__lte=now or timezone.now()),
            )
        )


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), blank=True)
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
    poll_interval = models.PositiveSmallIntegerField(
        _("poll interval (seconds)"),
        default=10,
        validators=[MinValueValidator(2), MaxValueValidator(300)],
        help_text=_("How often open reader pages ask for new updates."),
    )
    # The live cursor: bumped under a row lock in every transaction that changes what
    # readers see of this story; see stories/cursor.py. Never written by save().
    version = models.BigIntegerField(default=0, editable=False)
    # The version at which the pinned update or the key events last changed.
    layout_version = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
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
        now = timezone.now()
        if self.status != self.Status.DRAFT and not self.started_at:
            self.started_at = now
        if self.status == self.Status.ENDED and not self.ended_at:
            self.ended_at = max(now, self.started_at)
        if self.status != self.Status.ENDED:
            self.ended_at = None
        # The cursor columns belong to stories/cursor.py: an admin form holding a stale
        # copy of the story must never write them back.
        if self.pk and not kwargs.get("force_insert") and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.attname
                for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in cursor.STORY_CURSOR_FIELDS
            ]
        with transaction.atomic():
            super().save(*args, **kwargs)
            # Readers see the new title, summary or status at their next poll.
            self.version = cursor.bump(self.pk, layout=True)

    def get_absolute_url(self):
        return reverse("stories:story_detail", kwargs={"slug": self.slug})

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


class UpdateQuerySet(models.QuerySet):
    def published(self, now=None):
        """Updates readers may see: due (not scheduled for later) in a public story."""
        return self.filter(published_at__lte=now or timezone.now()).exclude(
            story__status=Story.Status.DRAFT
        )

    def due(self, now=None):
        """Updates whose publication time has come, whatever their story's status."""
        return self.filter(published_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        return self.filter(published_at__gt=now or timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def for_display(self):
        """With everything an update's template shows, in a fixed number of queries."""
        return self.select_related("author", "story").prefetch_related(
            models.Prefetch(
                "claims",
                queryset=Claim.objects.select_related(
                    "source", "responds_to__source", "responds_to__update__story"
                ),
            )
        )

    def before(self, published_at, pk):
        """Keyset page: updates strictly older than (published_at, pk) in stream order."""
        # published_at <= … lets PostgreSQL start its index scan at the position; the OR
        # alone is only a filter, and the scan walked down from the newest update.
        return self.filter(published_at__lte=published_at).filter(
            models.Q(published_at__lt=published_at) | models.Q(published_at=published_at, id__lt=pk)
        )

    def changed_since(self, version: int, up_to: int):
        """Updates whose latest change has a version in (version, up_to]."""
        return self.filter(version__gt=version, version__lte=up_to)

    def key_events(self):
        return self.filter(is_key_event=True)

    def with_claims_from(self, source):
        """Updates carrying at least one claim from ``source``."""
        return self.filter(
            models.Exists(Claim.objects.filter(update=models.OuterRef("pk"), source=source))
        )

    def delete(self):
        # Deleting one by one leaves a tombstone for each, so readers remove them.
        with transaction.atomic():
            count = 0
            for update in self.select_related(None).order_by():
                update.delete()
                count += 1
        return count, {Update._meta.label: count}

    delete.queryset_only = True


class Update(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("author"),
    )
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    body = models.TextField(
        _("body"), help_text=_("Markdown: **bold**, *italic*, [links](https://…), lists, > quotes.")
    )
    # The body rendered to HTML and sanitised with nh3 on every save; pages show this.
    body_html = models.TextField(editable=False, blank=True)
    published_at = models.DateTimeField(
        _("published at"),
        default=timezone.now,
        help_text=_("Set a later time to schedule the update, an earlier one to backdate it."),
    )
    is_key_event = models.BooleanField(_("key event"), default=False)
    is_pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Shown above the stream. One per story.")
    )
    correction_note = models.CharField(
        _("correction note"),
        max_length=500,
        blank=True,
        help_text=_("Shown to readers with the update, e.g. what was corrected."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    # Set when an update readers could already see is changed: "Updated 14:02".
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    # The story version of this update's latest change; see stories/cursor.py.
    version = models.BigIntegerField(default=0, editable=False)
    # False while the update is scheduled and its becoming due has not yet advanced the
    # story's cursor; stories/cursor.py releases it.
    is_released = models.BooleanField(default=True, editable=False)
    # The one-time key of the desk form that posted the update: a second submission of
    # the same form (a double click, a retry after a lost answer) finds it and creates
    # nothing. Unique, so even two requests at the same moment create one update.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        permissions = [("edit_any_update", _("Can edit and delete other people's updates"))]
        indexes = [
            models.Index(fields=["story", "-published_at", "-id"], name="update_stream"),
            models.Index(fields=["story", "version"], name="update_story_version"),
            models.Index(
                fields=["story", "published_at"],
                condition=models.Q(is_released=False),
                name="update_unreleased",
            ),
            models.Index(
                fields=["story", "-published_at"],
                condition=models.Q(is_key_event=True),
                name="update_key_events",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["story"],
                condition=models.Q(is_pinned=True),
                name="one_pinned_update_per_story",
            ),
        ]

    def __str__(self):
        # Markdown shown as text, not its ** and ![…](…), in the admin and its history.
        label = self.headline or plain_text(self.body)
        return Truncator(label).chars(80)

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        cursor.save_update(self, super().save, *args, **kwargs)

    def get_absolute_url(self):
        return reverse("stories:update_detail", kwargs={"slug": self.story.slug, "pk": self.pk})

    def delete(self, *args, **kwargs):
        return cursor.delete_update(self, super().delete, *args, **kwargs)

    def validate_constraints(self, exclude=None):
        # Pinning an update unpins the story's other one on save (stories/cursor.py), so
        # a form pinning a second update is not a violation of one_pinned_update_per_story.
        super().validate_constraints(exclude={*(exclude or ()), "is_pinned"})

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"

    @property
    def stream_position(self) -> str:
        """Keyset token that opens the story's stream at this update."""
        return keyset.encode(self.published_at, self.pk + 1)

    @property
    def is_published(self) -> bool:
        return self.published_at <= timezone.now() and self.story.status != Story.Status.DRAFT


class Claim(models.Model):
    # Defined with its presentation (symbols, colours, ratings) in stories/claim_status.py.
    Status = ClaimStatus

    class Attribution(models.TextChoices):
        STATEMENT = "statement", _("Statement")
        REPORT = "report", _("Report")
        ESTIMATE = "estimate", _("Estimate")
        DENIAL = "denial", _("Denial")

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="claims")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="claims", verbose_name=_("source")
    )
    text = models.TextField(_("what the source says"))
    status = models.CharField(
        _("verification status"), max_length=16, choices=Status.choices, default=Status.UNVERIFIED
    )
    note = models.TextField(_("newsroom note"), blank=True)
    attribution = models.CharField(
        _("kind of attribution"),
        max_length=16,
        choices=Attribution.choices,
        default=Attribution.STATEMENT,
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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The latest status change, kept on the claim so pages can say "Confirmed 14:02 —
    # was unverified at 09:15" without a query per claim; the full record is in
    # ClaimStatusChange.
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    previous_status = models.CharField(
        max_length=16, choices=Status.choices, blank=True, editable=False
    )
    previous_status_since = models.DateTimeField(null=True, blank=True, editable=False)

    # Set by the admin and the desk before saving so the status history says who.
    changed_by = None

    class Meta:
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
        ]

    def __str__(self):
        return f"{self.source}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        cursor.save_claim(self, super().save, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return cursor.delete_claim(self, super().delete, *args, **kwargs)


class ClaimStatusChange(models.Model):
    """One change of a claim's verification status: from, to, when, by whom, why."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=Claim.Status.choices)
    to_status = models.CharField(max_length=16, choices=Claim.Status.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("claim status change")
        verbose_name_plural = _("claim status changes")

    def __str__(self):
        return f"{self.from_status} → {self.to_status} at {self.changed_at:%Y-%m-%d %H:%M}"


class DeletedUpdate(models.Model):
    """A tombstone: tells polling readers at an older cursor to remove an update."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="deleted_updates")
    update_id = models.BigIntegerField()
    version = models.BigIntegerField()
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version"]
        indexes = [models.Index(fields=["story", "version"], name="deleted_update_story_version")]

    def __str__(self):
        return f"update {self.update_id} deleted at version {self.version}"
