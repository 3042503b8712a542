"""The people and bodies whose statements the stories quote."""

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stories import claim_status
from stories.live import cache as live_cache
from stories.models.claims import Claim, ClaimQuerySet
from stories.models.fields import WebAddressField, unique_slug
from stories.rich_text import strip_unsafe_characters


class SourceQuerySet(models.QuerySet):
    def public(self, now=None):
        """Sources readers may see: those with at least one claim readers can see.

        A source named only in drafts or scheduled updates stays unknown to readers.
        """
        visible = Claim.objects.visible(now).filter(source=models.OuterRef("pk"))
        return self.filter(models.Exists(visible))

    def with_claim_counts(self):
        return self.annotate(claim_count=models.Count("claims"))

    def with_status_counts(self, condition: models.Q | None = None):
        """Annotate ``claim_count`` and ``<status>_count`` (see stories/claim_status.py).

        Only claims readers can see are counted, and only those also matching
        ``condition`` (written from the source: ``Q(claims__update__story=story)``).
        Sources without such claims stay in the result with zero counts.
        """
        condition = ClaimQuerySet.visible_condition("claims__") & (condition or models.Q())
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
    # Who the source speaks for in the conflict, set by editors; the corroboration labels
    # of claim threads are derived from it (stories/corroboration.py).
    side = models.CharField(
        _("side"),
        max_length=100,
        blank=True,
        help_text=_("The party of the conflict it belongs to, e.g. Russia or Ukraine."),
    )
    is_independent = models.BooleanField(
        _("independent"),
        default=False,
        help_text=_("Belongs to no party of the conflict (a think tank, an agency, a monitor)."),
    )
    url = WebAddressField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        app_label = "stories"
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        strip_unsafe_characters(self, "name", "description", "side")
        self.side = " ".join(self.side.split())
        if not self.slug:
            self.slug = unique_slug(Source, self.name, pk=self.pk)
        super().save(*args, **kwargs)
        # Pages show a source's name in every claim, whatever story it is in.
        transaction.on_commit(live_cache.new_render_generation)

    def get_absolute_url(self):
        return reverse("stories:source_detail", kwargs={"slug": self.slug})
