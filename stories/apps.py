from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Live stories")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from stories.alerts.triggers import queue_key_event_alerts
        from stories.live.versions import version_committed
        from stories.partners.triggers import queue_partner_deliveries

        # A byline shows the author's name: rendered pages must not outlive a change.
        post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="liveblog-byline")
        # What follows a committed story version outside the request: push alerts of
        # new key events, and notices to partners' webhooks.
        version_committed.connect(queue_key_event_alerts, dispatch_uid="alerts")
        version_committed.connect(queue_partner_deliveries, dispatch_uid="partners")


def _user_saved(**kwargs):
    from stories.live import cache

    transaction.on_commit(cache.new_render_generation)
