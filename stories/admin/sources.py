"""The admin for sources: who said what, with how many claims each."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stories.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "side", "is_independent", "claim_count", "url", "created_at")
    list_filter = ("kind", "is_independent", "side")
    search_fields = ("name", "description")
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ("name",)}
    # Explicit: Meta.ordering is dropped from the annotated (GROUP BY) queries below.
    ordering = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_claim_counts()

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count
