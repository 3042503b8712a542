"""The admin for updates, with their claims inline.

A journalist changes only their own updates on live stories, and the update's claims
with it (``permissions.can_edit``); the byline is always the logged-in user. Claims are
saved one by one with ``changed_by`` so their status history records who. A save from a
page opened before the update or one of its claims changed is refused once
(``conflicts``).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from stories import permissions
from stories.admin.conflicts import ConflictCheckedForm, RefusesLostUpdates, lock_story
from stories.admin.mixins import (
    InStoryTimeZone,
    ValidIdAutocompleteMixin,
    also_for,
    autocompleting,
    in_story_zone,
)
from stories.desk.forms import keep_exact_time
from stories.models import Claim, Story, Update


class ClaimInline(ValidIdAutocompleteMixin, admin.StackedInline):
    model = Claim
    fk_name = "update"
    extra = 1
    autocomplete_fields = ("source", "responds_to")
    fields = (
        ("source", "attribution", "status"),
        "text",
        "is_verbatim",
        "note",
        ("source_url", "stated_at"),
        "responds_to",
    )

    # ``obj`` is the update: its claims change with it, under the same rule.
    def has_add_permission(self, request, obj=None):
        allowed = super().has_add_permission(request, obj)
        return also_for(obj, request, allowed, permissions.can_edit)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return also_for(obj, request, allowed, permissions.can_edit)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return also_for(obj, request, allowed, permissions.can_edit)


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return (("published", _("Published")), ("scheduled", _("Scheduled")))

    def queryset(self, request, queryset):
        if self.value() == "published":
            return queryset.due()
        if self.value() == "scheduled":
            return queryset.scheduled()
        return queryset


class UpdateAdminForm(ConflictCheckedForm):
    @staticmethod
    def version_of(instance) -> str:
        # Advanced by every change to the update and to its claims.
        return str(instance.version)

    def locked_version(self) -> str | None:
        lock_story(self.instance.story_id)
        version = (
            Update.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        return None if version is None else str(version)

    def clean_published_at(self):
        return keep_exact_time(self.cleaned_data["published_at"], self.instance.published_at)


@admin.register(Update)
class UpdateAdmin(RefusesLostUpdates, ValidIdAutocompleteMixin, InStoryTimeZone, admin.ModelAdmin):
    form = UpdateAdminForm
    list_display = (
        "__str__",
        "story",
        "author",
        "published",
        "state",
        "claim_count",
        "is_key_event",
        "is_pinned",
    )
    list_filter = (
        ("story", admin.RelatedOnlyFieldListFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
        "story__status",
        PublicationFilter,
        "state",
        "is_key_event",
        "is_pinned",
    )
    search_fields = ("headline", "body", "claims__text")
    date_hierarchy = "published_at"
    ordering = ("-published_at", "-id")
    list_select_related = ("story", "author")
    autocomplete_fields = ("story", "tags")
    # The byline is set on the desk (author, co-authors, on behalf of).
    exclude = ("author", "co_authors")
    # The state moves on the desk, where each move is checked (permissions.may).
    readonly_fields = ("author", "state", "review_note", "edited_at", "editorial_history")
    inlines = (ClaimInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("story", "author")
            .annotate(claim_count=Count("claims"))
        )

    @admin.display(description=_("editorial history"))
    def editorial_history(self, obj):
        """Every change of the update's state: when, from, to, who, with what note."""
        moves = obj.transitions.select_related("made_by") if obj.pk else []
        return format_html_join(
            "",
            "<p>{} · {} → {} · {} {}</p>",
            (
                (
                    in_story_zone(move.made_at, obj.story),
                    move.get_from_state_display() or _("New"),
                    move.get_to_state_display(),
                    move.made_by or _("unknown"),
                    move.note,
                )
                for move in moves
            ),
        ) or _("None yet.")

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.display(description=_("published at"), ordering="published_at")
    def published(self, obj):
        return in_story_zone(obj.published_at, obj.story)

    def story_of(self, obj):
        return obj.story

    def get_search_results(self, request, queryset, search_term):
        if autocompleting(request, "claim", "update"):
            queryset = permissions.editable_updates(request.user, queryset)
        return super().get_search_results(request, queryset, search_term)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return also_for(obj, request, allowed, permissions.can_edit)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return also_for(obj, request, allowed, permissions.can_delete)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "story":
            kwargs["queryset"] = permissions.stories_open_for_posting(
                request.user, Story.objects.all()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The byline is the logged-in user, never a form field.
        if not change:
            obj.author = request.user
            if not permissions.can_publish_own(request.user):
                # A contributor's update waits for an editor, whichever page wrote it.
                obj.state = Update.State.SUBMITTED
        allowed = permissions.can_edit(request.user, obj) if change else True
        if not (allowed and permissions.can_post(request.user, obj.story)):
            raise PermissionDenied
        obj.save(changed_by=request.user)

    def save_formset(self, request, form, formset, change):
        # As ModelAdmin.save_formset does, but the status history records who.
        claims = formset.save(commit=False)
        for claim in formset.deleted_objects:
            claim.delete()
        for claim in claims:
            claim.save(changed_by=request.user)
        formset.save_m2m()
