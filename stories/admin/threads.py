"""The admin for claim threads: one statement, its verdict, its claims and its history.

Setting a thread's status or note here is the one action that reaches every claim of it
and every open page quoting one (``ClaimThread.save()``), recorded with who did it.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from stories import claim_status
from stories.models import Claim, ClaimStatusChange, ClaimThread


class ThreadHistoryInline(admin.TabularInline):
    model = ClaimStatusChange
    fk_name = "thread"
    extra = 0
    can_delete = False
    fields = ("changed_at", "from_status", "to_status", "changed_by", "claim", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ThreadClaimInline(admin.TabularInline):
    model = Claim
    fk_name = "thread"
    extra = 0
    can_delete = False
    fields = ("text", "source", "update", "created_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ClaimThread)
class ClaimThreadAdmin(admin.ModelAdmin):
    list_display = ("wording", "status_badge", "claim_count", "status_changed_at", "created_at")
    list_filter = ("status",)
    search_fields = ("wording", "note", "claims__text")
    date_hierarchy = "created_at"
    fields = ("wording", "status", "note")
    inlines = (ThreadClaimInline, ThreadHistoryInline)
    ordering = ("-created_at", "-id")

    class Media:
        css = {"all": ("css/claim-status.css",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description=_("verification status"), ordering="status")
    def status_badge(self, obj):
        return claim_status.badge(obj.status)

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    def save_model(self, request, obj, form, change):
        obj.save(changed_by=request.user)
