"""Tags: short topics an update is filed under ("Shelling", "Evacuation").

A tag belongs to no story: the same topic is shared across stories, and readers filter
a story's stream to it with ``?tag=<slug>``. Updates hold them through ``Update.tags``.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from stories.live import cache as live_cache
from stories.models.fields import unique_slug
from stories.rich_text import strip_unsafe_characters


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=70, unique=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        strip_unsafe_characters(self, "name")
        self.name = " ".join(self.name.split())
        if not self.slug:
            self.slug = unique_slug(Tag, self.name, pk=self.pk, max_length=70)
        super().save(*args, **kwargs)
        # Every update filed under it shows its name: cached pages must not keep the old one.
        transaction.on_commit(live_cache.new_render_generation)
