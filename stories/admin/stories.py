"""The admin for stories, and the way into each story's desk.

``get_urls`` adds the desk's pages (``stories/desk/``) under each story's admin URL.
A story's status is read-only to anyone ``permissions.can_change_story_status``
refuses (a journalist). The status actions save one story at a time, through
``Story.save()``, so readers' pages follow. A save from a page opened before the story's
fields changed is refused once (``conflicts``); updates posted meanwhile are no conflict.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Max
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stories import permissions
from stories.admin.conflicts import ConflictCheckedForm, RefusesLostUpdates, fingerprint
from stories.admin.mixins import InStoryTimeZone, autocompleting, in_story_zone
from stories.desk import urls as desk
from stories.models import Story
from stories.reader import embed


class StoryAdminForm(ConflictCheckedForm):
    @staticmethod
    def version_of(instance) -> str:
        # Not Story.version: it moves with every update posted to the story.
        return fingerprint(instance)

    def locked_version(self) -> str | None:
        story = Story.objects.select_for_update().filter(pk=self.instance.pk).first()
        return None if story is None else fingerprint(story)


@admin.register(Story)
class StoryAdmin(RefusesLostUpdates, InStoryTimeZone, admin.ModelAdmin):
    form = StoryAdminForm
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
        if autocompleting(request, "update", "story"):
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
