"""Every admin list refuses a selection it cannot read, with a message instead of a 500.

Django's ``ModelAdmin.response_action`` filters ``pk__in`` on the posted checkboxes as they
come, so a tampered ``_selected_action`` (``abc`` for a numeric key, a broken UUID) raises
``ValueError`` deep in the query. The check runs for every registered admin, ours and
the ones Django and libraries register (users, groups, background jobs), because the
method belongs to the one base class they all share.
"""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def readable(model_admin, values) -> bool:
    key = model_admin.model._meta.pk
    try:
        for value in values:
            key.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


def install() -> None:
    original = admin.ModelAdmin.response_action
    if getattr(original, "checks_selection", False):
        return

    @wraps(original)
    def response_action(self, request, queryset):
        if not readable(self, request.POST.getlist(ACTION_CHECKBOX_NAME)):
            self.message_user(request, _("Select items from the list."), messages.WARNING)
            return None
        return original(self, request, queryset)

    response_action.checks_selection = True
    admin.ModelAdmin.response_action = response_action
