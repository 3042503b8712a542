"""Tell Telegram where the bot's webhook is: ``manage.py set_telegram_webhook``.

Registers ``<LIVEBLOG_PUBLIC_URL>/telegram/webhook/`` (or the address given) with the
Bot API's setWebhook, with ``TELEGRAM_SECRET`` as the secret token Telegram sends back
on every update, for messages and their edits only.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from stories.telegram import botapi


class Command(BaseCommand):
    help = "Register the Telegram desk's webhook with the Bot API."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="The webhook's public https address.")

    def handle(self, *args, url=None, **options):
        if not (settings.TELEGRAM["BOT_TOKEN"] and settings.TELEGRAM["SECRET"]):
            raise CommandError("Set TELEGRAM_BOT_TOKEN and TELEGRAM_SECRET first.")
        url = url or settings.LIVEBLOG["PUBLIC_URL"] + reverse("telegram_webhook")
        if not url.startswith("https://"):
            raise CommandError(
                "Telegram only posts to https addresses; give one, or set LIVEBLOG_PUBLIC_URL."
            )
        payload = {
            "url": url,
            "secret_token": settings.TELEGRAM["SECRET"],
            "allowed_updates": ["message", "edited_message"],
        }
        try:
            botapi.call("setWebhook", payload)
        except botapi.BotApiError as error:
            raise CommandError(f"Telegram refused: {error}") from error
        self.stdout.write(f"Telegram will post the bot's messages to {url}")
