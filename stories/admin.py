"""The Django admin for stories, updates, claims and sources.

The newsroom desk (one page per story to post, edit and delete updates with their
claims) lives in ``stories/desk.py``; its URLs hang off ``StoryAdmin``. The stock pages
here apply the same rules from ``stories/permissions.py``: a journalist sees everything
but changes or deletes only their own updates (and their claims) on live stories, and
never a story's status. Writes go through the models' ``save()``/``delete()``, one object
at a time, so readers' pages and the claims' status history follow.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.template.defaultfilters import date as format_date
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stories import claim_status, permissions
from stories.desk import views as desk
from stories.desk.forms import keep_exact_time
from stories.models import Claim, ClaimStatusChange, Source, Story, Update
from stories.reader import embed

# The newsroom's own name on every admin page, not "Django administration".
admin.site.site_header = settings.LIVEBLOG["NEWSROOM_NAME"]
admin.site.site_title = format_lazy(_("{name} newsroom"), name=settings.LIVEBLOG["NEWSROOM_NAME"])
admin.site.index_title = _("Newsroom")


def _autocompleting(request, model_name: str, field_name: str) -> bool:
    """Whether this is the admin's autocomplete for ``<model_name>.<field_name>``."""
    return (
        request.GET.get("app_label") == "stories"
        and request.GET.get("model_name") == model_name
        and request.GET.get("field_name") == field_name
    )


def _also_for(obj, request, allowed: bool, rule) -> bool:
    """A model permission, narrowed for one object by a rule of stories.permissions."""
    return allowed and (obj is None or rule(request.user, obj))


def _can_edit_claim(user, claim: Claim) -> bool:
    # A claim changes with its update, under the same rule.
    return permissions.can_edit(user, claim.update)


class ValidIdAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, minus the values that cannot be ids.

    A form sent back with an error shows the value that was posted; Django's widget
    looks that value up as an id, so "abc" or a NUL byte in the field ended in a 500
    instead of the form error the field already reports.
    """

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field
        to_field = target.model._meta.get_field(target.field_name)
        ids = []
        for item in value:
            try:
                ids.append(to_field.get_prep_value(to_field.to_python(item)))
            except (ValidationError, ValueError, TypeError):
                continue
        return super().optgroups(name, [str(i) for i in ids if abs(i) < 2**63], attr)


class ValidIdAutocompleteMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidIdAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def in_story_zone(moment, story: Story) -> str:
    """A time as the story's pages and its desk show it, with the zone's abbreviation."""
    if moment is None:
        return "-"
    return format_date(timezone.localtime(moment, story.tzinfo), "j M Y, H:i T")


class InStoryTimeZone:
    """Change pages that show and read times in their story's time zone.

    The desk and readers' pages use the story's zone; without this the stock admin
    would show the same update's time in the server's zone (often UTC), and a time
    typed there to schedule or backdate would land hours away from what was meant.
    ``story_of(obj)`` names the object's story.
    """

    def story_of(self, obj) -> Story:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with timezone.override(self.story_of(obj).tzinfo):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # The page is rendered after the view returns: render it in the zone.
            if isinstance(response, SimpleTemplateResponse):
                response.render()
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        zone = self.story_of(obj).time_zone if obj else timezone.get_current_timezone_name()
        note = _("Times are in %(zone)s.") % {"zone": zone}
        for field in form.base_fields.values():
            if isinstance(field, forms.DateTimeField | forms.SplitDateTimeField):
                field.help_text = f"{field.help_text} {note}".strip()
        return form


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "claim_count", "url", "created_at")
    list_filter = ("kind",)
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
        return _also_for(obj, request, allowed, permissions.can_edit)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return _also_for(obj, request, allowed, permissions.can_edit)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return _also_for(obj, request, allowed, permissions.can_edit)


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


class UpdateAdminForm(forms.ModelForm):
    def clean_published_at(self):
        return keep_exact_time(self.cleaned_data["published_at"], self.instance.published_at)


@admin.register(Update)
class UpdateAdmin(ValidIdAutocompleteMixin, InStoryTimeZone, admin.ModelAdmin):
    form = UpdateAdminForm
    list_display = (
        "__str__",
        "story",
        "author",
        "published",
        "claim_count",
        "is_key_event",
        "is_pinned",
    )
    list_filter = (
        ("story", admin.RelatedOnlyFieldListFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
        "story__status",
        PublicationFilter,
        "is_key_event",
        "is_pinned",
    )
    search_fields = ("headline", "body", "claims__text")
    date_hierarchy = "published_at"
    ordering = ("-published_at", "-id")
    list_select_related = ("story", "author")
    autocomplete_fields = ("story",)
    exclude = ("author",)
    readonly_fields = ("author", "edited_at")
    inlines = (ClaimInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("story", "author")
            .annotate(claim_count=Count("claims"))
        )

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.display(description=_("published at"), ordering="published_at")
    def published(self, obj):
        return in_story_zone(obj.published_at, obj.story)

    def story_of(self, obj):
        return obj.story

    def get_search_results(self, request, queryset, search_term):
        if _autocompleting(request, "claim", "update"):
            queryset = permissions.editable_updates(request.user, queryset)
        return super().get_search_results(request, queryset, search_term)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return _also_for(obj, request, allowed, permissions.can_edit)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return _also_for(obj, request, allowed, permissions.can_delete)

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
        allowed = permissions.can_edit(request.user, obj) if change else True
        if not (allowed and permissions.can_post(request.user, obj.story)):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # As ModelAdmin.save_formset does, but the status history records who.
        claims = formset.save(commit=False)
        for claim in formset.deleted_objects:
            claim.delete()
        for claim in claims:
            claim.save(changed_by=request.user)
        formset.save_m2m()


class ClaimStatusChangeInline(admin.TabularInline):
    model = ClaimStatusChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(ValidIdAutocompleteMixin, InStoryTimeZone, admin.ModelAdmin):
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
    autocomplete_fields = ("source", "update", "responds_to")
    inlines = (ClaimStatusChangeInline,)
    actions = ("mark_confirmed", "mark_disputed", "mark_false", "mark_unverified")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return _also_for(obj, request, allowed, _can_edit_claim)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return _also_for(obj, request, allowed, _can_edit_claim)

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


@admin.register(Story)
class StoryAdmin(InStoryTimeZone, admin.ModelAdmin):
    list_display = (
        "title",
        "status",
        "update_count",
        "latest_update_at",
        "desk_link",
        "public_link",
    )
    list_filter = ("status",)
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("-created_at", "-id")
    readonly_fields = ("started_at", "ended_at", "embed_code")
    change_form_template = "admin/stories/story/change_form.html"
    actions = ("go_live", "end_coverage")

    def get_urls(self):
        return desk.urls(self) + super().get_urls()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(update_count=Count("updates"), latest_update_at=Max("updates__published_at"))
        )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not permissions.can_change_story_status(request.user):
            fields = (*fields, "status")
        return fields

    def get_search_results(self, request, queryset, search_term):
        if _autocompleting(request, "update", "story"):
            queryset = permissions.stories_open_for_posting(request.user, queryset)
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("updates"), ordering="update_count")
    def update_count(self, obj):
        return obj.update_count

    @admin.display(description=_("latest update"), ordering="latest_update_at")
    def latest_update_at(self, obj):
        return in_story_zone(obj.latest_update_at, obj)

    def story_of(self, obj):
        return obj

    @admin.display(description=_("desk"))
    def desk_link(self, obj):
        return format_html('<a href="{}">{}</a>', desk.desk_url(obj), _("Open the desk"))

    @admin.display(description=_("public page"))
    def public_link(self, obj):
        if obj.status == Story.Status.DRAFT:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("View"))

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

    def _set_status(self, request, queryset, status: str) -> None:
        changed = 0
        status_field = str(Story._meta.get_field("status").verbose_name)
        for story in queryset:
            if story.status == status:
                continue
            story.status = status
            story.save()
            self.log_change(request, story, [{"changed": {"fields": [status_field]}}])
            changed += 1
        self.message_user(
            request,
            ngettext("%(count)d story changed.", "%(count)d stories changed.", changed)
            % {"count": changed},
        )

    @admin.action(description=_("Take selected stories live"), permissions=("change",))
    def go_live(self, request, queryset):
        self._set_status(request, queryset, Story.Status.LIVE)

    @admin.action(description=_("End coverage of selected stories"), permissions=("change",))
    def end_coverage(self, request, queryset):
        self._set_status(request, queryset, Story.Status.ENDED)
