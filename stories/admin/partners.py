"""The admin for partners' webhooks, their delivery log, and the push alerts sent.

Editors register a partner's endpoint (address, signing secret, the stories it follows)
and switch it back on after it was switched off for failing; the delivery log and the
alerts are read-only records written by the background jobs.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stories.admin.mixins import ReadOnlyAdmin
from stories.models import KeyEventAlert, PartnerEndpoint, WebhookDelivery

MIN_SECRET_LENGTH = 32


class PartnerEndpointForm(forms.ModelForm):
    class Meta:
        model = PartnerEndpoint
        fields = ("name", "url", "secret", "stories", "is_active")

    def clean_url(self):
        url = self.cleaned_data["url"]
        parts = urlsplit(url)
        test_hosts = settings.LIVEBLOG_FETCH_ALLOWED_HOSTS
        if parts.username is not None or parts.password is not None:
            raise forms.ValidationError(_("Leave user names and passwords out of the address."))
        if parts.scheme != "https" and (parts.hostname or "") not in test_hosts:
            raise forms.ValidationError(_("The address must start with https://."))
        return url

    def clean_secret(self):
        secret = self.cleaned_data["secret"]
        if len(secret) < MIN_SECRET_LENGTH or not secret.isprintable() or " " in secret:
            raise forms.ValidationError(
                _("Use at least %(count)s characters, no spaces."),
                params={"count": MIN_SECRET_LENGTH},
            )
        return secret


@admin.register(PartnerEndpoint)
class PartnerEndpointAdmin(admin.ModelAdmin):
    form = PartnerEndpointForm
    list_display = ("name", "url", "is_active", "consecutive_failures", "disabled_reason")
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    filter_horizontal = ("stories",)
    readonly_fields = (
        "consecutive_failures",
        "disabled_at",
        "disabled_reason",
        "created_by",
        "created_at",
    )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.is_active and "is_active" in form.changed_data:
            # Switched back on by an editor: its failures are forgiven.
            obj.consecutive_failures, obj.disabled_at, obj.disabled_reason = 0, None, ""
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "endpoint",
        "story",
        "version",
        "status",
        "attempts",
        "response_status",
        "error",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "endpoint")
    list_select_related = ("endpoint", "story")
    date_hierarchy = "created_at"


@admin.register(KeyEventAlert)
class KeyEventAlertAdmin(ReadOnlyAdmin):
    list_display = ("update", "created_at", "delivered", "expired", "failed")
    list_select_related = ("update",)
    date_hierarchy = "created_at"
