"""The admin for claims, with their status history and bulk status actions.

A claim changes with its update, under the same rule (``permissions.can_edit``). Every
status change is saved with ``changed_by`` so ``ClaimStatusChange`` records who, and
deletions go one by one through ``Claim.delete()`` so readers' pages follow. A save from
a page opened before the claim changed is refused once (``conflicts``).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stories import claim_status, permissions
from stories.admin.conflicts import (
    ConflictCheckedForm,
    RefusesLostUpdates,
    fingerprint,
    lock_story,
)
from stories.admin.mixins import InStoryTimeZone, ValidIdAutocompleteMixin, also_for
from stories.live import threads as live_threads
from stories.models import Claim, ClaimStatusChange, Update


def _can_edit_claim(user, claim: Claim) -> bool:
    # A claim changes with its update, under the same rule.
    return permissions.can_edit(user, claim.update)


class ClaimStatusChangeInline(admin.TabularInline):
    model = ClaimStatusChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ClaimAdminForm(ConflictCheckedForm):
    @staticmethod
    def version_of(instance) -> str:
        # The claim's own fields: a change to another claim of its update is no conflict.
        return fingerprint(instance)

    def locked_version(self) -> str | None:
        # In the order every claim's save takes them: its story, its update, the claim.
        update_id = self.instance.update_id
        story_id = Update.objects.filter(pk=update_id).values_list("story_id", flat=True).first()
        lock_story(story_id)
        Update.objects.select_for_update().filter(pk=update_id).values_list("pk").first()
        claim = Claim.objects.select_for_update().filter(pk=self.instance.pk).first()
        return None if claim is None else fingerprint(claim)


@admin.register(Claim)
class ClaimAdmin(RefusesLostUpdates, ValidIdAutocompleteMixin, InStoryTimeZone, admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = ("text", "source", "status_badge", "attribution", "update", "created_at")
    list_filter = (
        "status",
        "attribution",
        "source__kind",
        ("update__story", admin.RelatedOnlyFieldListFilter),
        ("update__author", admin.RelatedOnlyFieldListFilter),
        "update__is_key_event",
    )
    search_fields = ("text", "note", "source__name")
    date_hierarchy = "created_at"
    list_select_related = ("source", "update__story")
    autocomplete_fields = ("source", "update", "responds_to", "thread")
    inlines = (ClaimStatusChangeInline,)
    actions = (
        "mark_confirmed",
        "mark_disputed",
        "mark_false",
        "mark_unverified",
        "split_from_thread",
    )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return also_for(obj, request, allowed, _can_edit_claim)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return also_for(obj, request, allowed, _can_edit_claim)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "update":
            kwargs["queryset"] = permissions.editable_updates(request.user, Update.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def story_of(self, obj):
        return obj.update.story

    class Media:
        # The status colours readers see, for the status column.
        css = {"all": ("css/claim-status.css",)}

    @admin.display(description=_("verification status"), ordering="status")
    def status_badge(self, obj):
        return claim_status.badge(obj.status)

    def save_model(self, request, obj, form, change):
        if not permissions.can_edit(request.user, obj.update):
            raise PermissionDenied
        obj.save(changed_by=request.user)

    def delete_queryset(self, request, queryset):
        # One by one, so each deletion reaches readers through Claim.delete().
        for claim in queryset:
            claim.delete()

    def _mark(self, request, queryset, status: str) -> None:
        changed = refused = 0
        status_field = str(Claim._meta.get_field("status").verbose_name)
        for claim in queryset.select_related("update__story", "source"):
            if not permissions.can_edit(request.user, claim.update):
                refused += 1
                continue
            if claim.status == status:
                continue
            claim.status = status
            claim.save(changed_by=request.user)
            self.log_change(request, claim, [{"changed": {"fields": [status_field]}}])
            changed += 1
        self._report_marked(request, status, changed, refused)

    def _report_marked(self, request, status: str, changed: int, refused: int) -> None:
        label = Claim.Status(status).label.lower()
        self.message_user(
            request,
            ngettext(
                "%(count)d claim marked %(status)s.",
                "%(count)d claims marked %(status)s.",
                changed,
            )
            % {"count": changed, "status": label},
        )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d claim was left alone: you may not change it.",
                    "%(count)d claims were left alone: you may not change them.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )

    @admin.action(description=_("Mark selected claims confirmed"), permissions=("change",))
    def mark_confirmed(self, request, queryset):
        self._mark(request, queryset, Claim.Status.CONFIRMED)

    @admin.action(description=_("Mark selected claims disputed"), permissions=("change",))
    def mark_disputed(self, request, queryset):
        self._mark(request, queryset, Claim.Status.DISPUTED)

    @admin.action(description=_("Mark selected claims false"), permissions=("change",))
    def mark_false(self, request, queryset):
        self._mark(request, queryset, Claim.Status.FALSE)

    @admin.action(description=_("Mark selected claims unverified"), permissions=("change",))
    def mark_unverified(self, request, queryset):
        self._mark(request, queryset, Claim.Status.UNVERIFIED)

    def has_thread_permission(self, request):
        return request.user.has_perm("stories.change_claimthread")

    @admin.action(
        description=_("Take the selected claims out of their threads"), permissions=("thread",)
    )
    def split_from_thread(self, request, queryset):
        split = 0
        for claim in queryset.select_related("update__story"):
            if claim.thread.claims.count() > 1:
                live_threads.split_claim(claim, changed_by=request.user)
                split += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d claim now has a thread of its own.",
                "%(count)d claims now have a thread of their own.",
                split,
            )
            % {"count": split},
        )
