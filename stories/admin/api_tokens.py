"""The admin for write-API tokens: each member of the newsroom issues and revokes their own.

A token's secret is shown once, on the page that answers its creation, and never stored
(``stories/models/api_tokens.py``). Superusers see and revoke everyone's tokens and may
issue one for a colleague (a bot's account); anyone else only their own. Revoking keeps
the row, so the list still says which tool wrote with which token.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stories.admin.mixins import OwnRecordsAdmin
from stories.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(OwnRecordsAdmin, admin.ModelAdmin):
    list_display = ("name", "user", "ending", "created_at", "last_used_at", "is_active")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username")
    readonly_fields = ("ending", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "name") if request.user.is_superuser else ("name",)
        return ("user", "name", *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "user") if obj else self.readonly_fields

    @admin.display(description=_("ends with"))
    def ending(self, obj):
        return f"…{obj.hint}"

    @admin.display(description=_("active"), boolean=True)
    def is_active(self, obj):
        return obj.is_active

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = self.owner(request, obj)
            # Shown by response_add, once; nowhere else.
            request.issued_secret = obj.new_secret()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Your new API token"),
            "token": obj,
            "secret": request.issued_secret,
        }
        # The admin's views are never cached (no-store): the secret stays on this page.
        return TemplateResponse(request, "admin/stories/apitoken/issued.html", context)

    @admin.action(description=_("Revoke selected tokens"))
    def revoke(self, request, queryset):
        tokens = [token for token in queryset.active() if self._own_or_superuser(request, token)]
        for token in tokens:
            token.revoke()
            self.log_change(request, token, [{"changed": {"fields": ["revoked_at"]}}])
        message = ngettext(
            "%(count)d token revoked: it no longer works.",
            "%(count)d tokens revoked: they no longer work.",
            len(tokens),
        )
        self.message_user(request, message % {"count": len(tokens)}, messages.SUCCESS)
