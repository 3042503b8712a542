"""Per-user tokens for the write API (field tools and bots).

A token is a random secret shown once when it is issued (``ApiToken.objects.issue``);
only its SHA-256 digest is stored, so a copy of the database lets no one write. A plain
hash suffices: the secret has 256 random bits, nothing a slow hash would protect better.
A token acts as its user, with the user's permissions at the time of each request; it
stops working when revoked or when the user stops being active staff.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Recognisable in logs and by secret scanners; what follows is 43 URL-safe characters.
PREFIX = "lbt_"
SECRET_LENGTH = len(PREFIX) + 43
# How often the last use is written: not on every request of a busy bot.
LAST_USED_PRECISION_SECONDS = 60


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def looks_like_a_token(secret: str) -> bool:
    return (
        len(secret) == SECRET_LENGTH
        and secret.startswith(PREFIX)
        and all(c.isascii() and (c.isalnum() or c in "-_") for c in secret[len(PREFIX) :])
    )


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def issue(self, *, user, name: str) -> tuple["ApiToken", str]:
        """A new token for ``user`` and its secret, which is never stored or shown again."""
        token = self.model(user=user, name=name)
        secret = token.new_secret()
        token.save()
        return token, secret

    def authenticate(self, secret: str) -> "ApiToken | None":
        """The active token with this secret, its user loaded; None for anything else."""
        if not looks_like_a_token(secret):
            return None
        token = self.active().select_related("user").filter(digest=digest(secret)).first()
        if token is not None:
            token.note_use()
        return token


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What uses it, e.g. “field app on Olena’s phone”."),
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The secret's last four characters, to tell a user's tokens apart.
    hint = models.CharField(_("ends with"), max_length=4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        app_label = "stories"
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} (…{self.hint})"

    def new_secret(self) -> str:
        """Give the token a fresh secret and return it: the only time it can be read."""
        secret = PREFIX + secrets.token_urlsafe(32)
        self.digest, self.hint = digest(secret), secret[-4:]
        return secret

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def note_use(self) -> None:
        now = timezone.now()
        last = self.last_used_at
        if last is None or (now - last).total_seconds() >= LAST_USED_PRECISION_SECONDS:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
