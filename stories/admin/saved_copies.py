"""The admin for saved copies: what was captured, pending or failed (with why), by state.

Read-only: a copy is what the page said, so nobody edits it. Anyone in the newsroom
who sees updates sees the copies; asking for a new capture or a re-check is allowed to
whoever may change the copy's update (``permissions.can_edit``).
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stories import permissions
from stories.admin.mixins import ReadOnlyAdmin
from stories.evidence import services
from stories.models import SavedCopy


@admin.register(SavedCopy)
class SavedCopyAdmin(ReadOnlyAdmin):
    list_display = ("address", "state", "attempts", "failure_reason", "original", "captured_at")
    list_filter = ("state", "original")
    search_fields = ("address", "title", "author")
    date_hierarchy = "requested_at"
    list_select_related = ("update__story",)
    actions = ("capture_again", "recheck")
    exclude = ("update", "claim")
    readonly_fields = tuple(
        field.name
        for field in SavedCopy._meta.fields
        if field.name not in ("id", "update", "claim")
    )

    def get_queryset(self, request):
        # A desk preview's copy belongs to no update yet: only its desk shows it.
        return super().get_queryset(request).filter(update__isnull=False)

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_saved_copies(request.user)

    def has_capture_permission(self, request):
        return permissions.can_view_saved_copies(request.user)

    def _allowed(self, request, queryset) -> list[SavedCopy]:
        return [copy for copy in queryset if permissions.can_edit(request.user, copy.update)]

    @admin.action(description=_("Capture again now"), permissions=["capture"])
    def capture_again(self, request, queryset):
        allowed = self._allowed(request, queryset)
        for copy in allowed:
            services.capture_again(copy)
        self._report(request, len(allowed), queryset.count())

    @admin.action(description=_("Re-check the original"), permissions=["capture"])
    def recheck(self, request, queryset):
        allowed = self._allowed(request, queryset.filter(state=SavedCopy.State.DONE))
        for copy in allowed:
            services.recheck(copy)
        self._report(request, len(allowed), queryset.count())

    def _report(self, request, asked: int, selected: int) -> None:
        message = ngettext("%(n)d job queued.", "%(n)d jobs queued.", asked) % {"n": asked}
        level = messages.SUCCESS if asked == selected else messages.WARNING
        if asked < selected:
            message += " " + str(_("The others are not yours to change, or not saved yet."))
        self.message_user(request, message, level)
