"""What the model admins share: permission helpers, a safer autocomplete, story time zones.

The rules themselves live in ``stories/permissions.py``; the helpers here only apply
them to the admin's hooks, so the stock pages and the desk (``stories/desk/``) agree.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as format_date
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stories import permissions
from stories.models import Story


def autocompleting(request, model_name: str, field_name: str) -> bool:
    """Whether this is the admin's autocomplete for ``<model_name>.<field_name>``."""
    return (
        request.GET.get("app_label") == "stories"
        and request.GET.get("model_name") == model_name
        and request.GET.get("field_name") == field_name
    )


def also_for(obj, request, allowed: bool, rule) -> bool:
    """A model permission, narrowed for one object by a rule of stories.permissions."""
    return allowed and (obj is None or rule(request.user, obj))


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


class OwnRecordsAdmin:
    """A model admin of records that each belong to a user (``user``), such as API tokens:
    every member of the newsroom manages their own, superusers everyone's; none deletes."""

    def _own_or_superuser(self, request, obj) -> bool:
        user = request.user
        if not permissions.is_newsroom_member(user):
            return False
        return obj is None or user.is_superuser or obj.user_id == user.pk

    def get_queryset(self, request):
        records = super().get_queryset(request).select_related("user")
        return records if request.user.is_superuser else records.filter(user=request.user)

    def has_module_permission(self, request):
        return self._own_or_superuser(request, None)

    def has_view_permission(self, request, obj=None):
        return self._own_or_superuser(request, obj)

    def has_add_permission(self, request):
        return self._own_or_superuser(request, None)

    def has_change_permission(self, request, obj=None):
        return self._own_or_superuser(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def response_action(self, request, queryset):
        # Django would answer a selected id that is not a number with a server error.
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if not all(value.isascii() and value.isdigit() and len(value) < 19 for value in selected):
            self.message_user(request, _("Select items from the list."), messages.WARNING)
            return None
        return super().response_action(request, queryset)

    def owner(self, request, obj):
        """Whose record a new one is: the superuser's choice, anyone else's own."""
        return obj.user if request.user.is_superuser and obj.user_id else request.user


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the background jobs write: the newsroom reads them, nobody edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
