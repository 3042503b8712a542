"""The Django admin for stories, updates, claims and sources.

The newsroom desk (one page per story to post, edit and delete updates with their
claims) lives in ``stories/desk``; these are the stock admin pages behind it.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from stories import claim_status, embed
from stories.models import Claim, ClaimStatusChange, Source, Story, Update


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "claim_count", "url")
    list_filter = ("kind",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count


class ClaimInline(admin.StackedInline):
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


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "story", "author", "published_at", "is_key_event", "is_pinned")
    list_filter = ("story", "is_key_event", "is_pinned", "author")
    search_fields = ("headline", "body", "claims__text")
    date_hierarchy = "published_at"
    list_select_related = ("story", "author")
    autocomplete_fields = ("story",)
    exclude = ("author",)
    inlines = (ClaimInline,)

    def save_model(self, request, obj, form, change):
        # The byline is the logged-in user, never a form field.
        if not change or obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for claim_form in formset.forms:
            claim_form.instance.changed_by = request.user
        super().save_formset(request, form, formset, change)


class ClaimStatusChangeInline(admin.TabularInline):
    model = ClaimStatusChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("text", "source", "status_badge", "attribution", "update")
    list_filter = ("status", "attribution", "source__kind", "update__story")
    search_fields = ("text", "note", "source__name")
    list_select_related = ("source", "update")
    autocomplete_fields = ("source", "update", "responds_to")
    inlines = (ClaimStatusChangeInline,)

    class Media:
        # The status colours readers see, for the status column.
        css = {"all": ("css/claim-status.css",)}

    @admin.display(description=_("verification status"), ordering="status")
    def status_badge(self, obj):
        return claim_status.badge(obj.status)

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "update_count", "latest_update_at", "public_link")
    list_filter = ("status",)
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("started_at", "ended_at", "embed_code")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(update_count=Count("updates"), latest_update_at=Max("updates__published_at"))
        )

    @admin.display(description=_("updates"), ordering="update_count")
    def update_count(self, obj):
        return obj.update_count

    @admin.display(description=_("latest update"), ordering="latest_update_at")
    def latest_update_at(self, obj):
        return obj.latest_update_at

    @admin.display(description=_("public page"))
    def public_link(self, obj):
        if obj.status == Story.Status.DRAFT:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("stories:story_detail", args=[obj.slug]), _("View")
        )

    @admin.display(description=_("embed code"))
    def embed_code(self, obj):
        # Partner sites paste this; the embed page answers only for public stories.
        if obj.pk is None or obj.status == Story.Status.DRAFT:
            return _("Available once the story is published.")
        note = (
            ""
            if settings.LIVEBLOG["PUBLIC_URL"]
            else _("Set LIVEBLOG_PUBLIC_URL for a full address.")
        )
        return format_html(
            '<textarea readonly rows="3" cols="80" aria-label="{}">{}</textarea> {}',
            _("Embed code"),
            # Shown as text to copy: escaped even though it is safe HTML.
            escape(embed.embed_code(obj)),
            note,
        )
