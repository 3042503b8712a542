"""The admin for claim threads: one statement, its verdict, its claims and its history.

Editors merge threads (an action on the list) and split a claim out of its thread (an
action on the claims' list); every history row is kept (``stories/live/threads.py``).
Setting a thread's status or note here is the one action that reaches every claim of it
and every open page quoting one (``ClaimThread.save()``), recorded with who did it.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from stories import claim_status
from stories.live import threads as live_threads
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

    actions = ("merge_threads",)

    def save_model(self, request, obj, form, change):
        obj.save(changed_by=request.user)

    @admin.action(
        description=_("Merge the selected threads into the oldest of them"), permissions=("change",)
    )
    def merge_threads(self, request, queryset):
        threads = list(queryset.order_by("created_at", "id"))
        if len(threads) < 2:
            self.message_user(request, _("Select two threads or more to merge."), messages.WARNING)
            return
        into = threads[0]
        for other in threads[1:]:
            live_threads.merge_threads(into=into, other=other, changed_by=request.user)
            self.log_change(request, into, [{"changed": {"fields": ["claims"]}}])
        self.message_user(
            request,
            _("Merged into “%(wording)s”; every history row was kept.") % {"wording": into.wording},
        )
