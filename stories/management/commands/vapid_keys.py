"""Print a new VAPID key pair for push alerts (``VAPID_PRIVATE_KEY``).

``make run`` calls it for a throw-away pair when none is set. In production, run it once
and keep the private key in the environment: changing it invalidates every reader's
subscription.
"""

from django.core.management.base import BaseCommand

from stories.alerts import vapid


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push alerts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--private-only", action="store_true", help="Print only the private key."
        )

    def handle(self, *args, private_only=False, **options):
        private, public = vapid.generate()
        if private_only:
            self.stdout.write(private)
            return
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
        self.stdout.write(
            f"# public key (derived from it; browsers get it from the page): {public}"
        )
