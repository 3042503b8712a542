"""sitemap.xml: public stories with their last change, and the updates' permalinks."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Prefetch, Q
from django.utils import timezone

from stories.models import Claim, Story, Update
from stories.syndication.timestamps import update_changed_at
from stories.update_state import UpdateState


class PublicSitemap(Sitemap):
    """Addresses on LIVEBLOG_PUBLIC_URL when it is set, else on the request's host."""

    def get_protocol(self, protocol=None):
        base = settings.LIVEBLOG["PUBLIC_URL"]
        return urlsplit(base).scheme if base else super().get_protocol(protocol)

    def get_domain(self, site=None):
        base = settings.LIVEBLOG["PUBLIC_URL"]
        return urlsplit(base).netloc if base else super().get_domain(site)


class StorySitemap(PublicSitemap):
    def items(self):
        now = timezone.now()
        visible = Q(updates__published_at__lte=now, updates__state=UpdateState.PUBLISHED)
        return (
            Story.objects.public()
            .annotate(
                latest_published_at=Max("updates__published_at", filter=visible),
                latest_edited_at=Max("updates__edited_at", filter=visible),
                latest_claim_change=Max("updates__claims__status_changed_at", filter=visible),
            )
            .order_by("-id")
        )

    def lastmod(self, story):
        moments = [
            story.modified_at,
            story.latest_published_at,
            story.latest_edited_at,
            story.latest_claim_change,
        ]
        return max(moment for moment in moments if moment is not None)

    def changefreq(self, story):
        return "always" if story.is_live else "monthly"


class UpdateSitemap(PublicSitemap):
    changefreq = "monthly"

    def items(self):
        # Claims only for their status times, which count as changes of the update.
        claims = Claim.objects.only("update_id", "status_changed_at")
        return (
            Update.objects.published()
            .select_related("story")
            .prefetch_related(Prefetch("claims", queryset=claims))
            .order_by("-published_at", "-id")
        )

    def lastmod(self, update):
        return update_changed_at(update)


SITEMAPS = {"stories": StorySitemap, "updates": UpdateSitemap}
