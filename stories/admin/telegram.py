"""The admin for Telegram links: a member of the newsroom asks for a one-time code here
and sends ``/link <code>`` to the bot from their phone (``stories/telegram/``).

The code is shown once, on the page that answers (a new link, or "New link code" on an
existing one), and stored as a digest; it works for half an hour. "Unlink" cuts the tie:
the bot then refuses that Telegram account until it is linked again.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stories.admin.mixins import OwnRecordsAdmin
from stories.models import TelegramLink


def already_linked_message() -> str:
    return _("You have a Telegram link already: select it in the list for a new link code.")


@admin.register(TelegramLink)
class TelegramLinkAdmin(OwnRecordsAdmin, admin.ModelAdmin):
    list_display = ("user", "is_linked", "telegram_name", "story", "linked_at", "code_expires_at")
    search_fields = ("user__username", "telegram_name")
    readonly_fields = ("telegram_name", "linked_at", "code_expires_at")
    actions = ("new_code", "unlink")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user",) if request.user.is_superuser else ()
        return ("user", "story", *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "user") if obj else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None or request.user.is_superuser:
            return form  # a superuser's choice of account is checked as unique by the form
        user = request.user

        class OwnLinkForm(form):
            def clean(self):
                # One link an account: a member who has one asks it for a new code.
                if TelegramLink.objects.filter(user=user).exists():
                    raise ValidationError(already_linked_message())
                return super().clean()

        return OwnLinkForm

    @admin.display(description=_("linked"), boolean=True)
    def is_linked(self, obj):
        return obj.is_linked

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = self.owner(request, obj)
            request.link_code = obj.new_code()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return self._show_code(request, obj, request.link_code)

    def _show_code(self, request, link: TelegramLink, code: str):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Your Telegram link code"),
            "link": link,
            "code": code,
        }
        return TemplateResponse(request, "admin/stories/telegramlink/code.html", context)

    @admin.action(description=_("New link code (one selected link)"))
    def new_code(self, request, queryset):
        links = [link for link in queryset if self._own_or_superuser(request, link)]
        if len(links) != 1:
            self.message_user(request, _("Select exactly one link."), messages.WARNING)
            return None
        link = links[0]
        code = link.new_code()
        link.save(update_fields=["code_digest", "code_expires_at"])
        return self._show_code(request, link, code)

    @admin.action(description=_("Unlink selected Telegram accounts"))
    def unlink(self, request, queryset):
        links = [link for link in queryset.linked() if self._own_or_superuser(request, link)]
        for link in links:
            link.unlink()
            self.log_change(request, link, [{"changed": {"fields": ["telegram_user_id"]}}])
        message = ngettext(
            "%(count)d Telegram account unlinked.",
            "%(count)d Telegram accounts unlinked.",
            len(links),
        )
        self.message_user(request, message % {"count": len(links)}, messages.SUCCESS)
