"""A newsroom account linked to a Telegram account, for the Telegram desk.

A member of the newsroom asks the admin for a one-time link code (``new_code``), shown
once and stored as its SHA-256 digest, valid for ``CODE_LIFETIME``; sending
``/link <code>`` to the bot ties the Telegram account that sent it to theirs
(``link``). The story chosen with ``/story`` is kept here too.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O or 1/I: codes are read off one screen and typed on another.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE_LIFETIME = timedelta(minutes=30)


def code_digest(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalised.encode()).hexdigest()


class TelegramLinkQuerySet(models.QuerySet):
    def linked(self):
        return self.filter(telegram_user_id__isnull=False)

    def for_code(self, code: str):
        """The link waiting for this code, if the code is right and still valid."""
        if not 4 <= len(code) <= 40:
            return None
        return self.filter(
            code_digest=code_digest(code), code_expires_at__gt=timezone.now()
        ).first()


class TelegramLink(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="telegram_link",
        verbose_name=_("user"),
    )
    telegram_user_id = models.BigIntegerField(
        _("Telegram user id"), unique=True, null=True, blank=True, editable=False
    )
    telegram_name = models.CharField(_("Telegram name"), max_length=200, blank=True, editable=False)
    chat_id = models.BigIntegerField(null=True, blank=True, editable=False)
    story = models.ForeignKey(
        "stories.Story",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("story chosen"),
    )
    code_digest = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    linked_at = models.DateTimeField(_("linked at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TelegramLinkQuerySet.as_manager()

    class Meta:
        app_label = "stories"
        ordering = ["-created_at", "-id"]
        verbose_name = _("Telegram link")
        verbose_name_plural = _("Telegram links")
        indexes = [models.Index(fields=["code_digest"], name="telegram_link_code")]

    def __str__(self):
        return str(self.user)

    @property
    def is_linked(self) -> bool:
        return self.telegram_user_id is not None

    def new_code(self) -> str:
        """A fresh one-time code (the previous one stops working); shown once, never stored."""
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        self.code_digest = code_digest(code)
        self.code_expires_at = timezone.now() + CODE_LIFETIME
        return f"{code[:5]}-{code[5:]}"

    def link(self, *, telegram_user_id: int, chat_id: int, name: str) -> None:
        """Tie this account to the Telegram account that sent the code; the code is used up."""
        TelegramLink.objects.filter(telegram_user_id=telegram_user_id).exclude(pk=self.pk).update(
            telegram_user_id=None, chat_id=None, linked_at=None
        )
        self.telegram_user_id, self.chat_id, self.telegram_name = telegram_user_id, chat_id, name
        self.code_digest, self.code_expires_at = "", None
        self.linked_at = timezone.now()
        self.save()

    def unlink(self) -> None:
        self.telegram_user_id = self.chat_id = self.linked_at = None
        self.telegram_name, self.story = "", None
        self.save()
