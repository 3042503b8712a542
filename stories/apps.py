from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Live stories")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        # A byline shows the author's name: rendered pages must not outlive a change.
        post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="liveblog-byline")


def _user_saved(**kwargs):
    from stories.live import cache

    transaction.on_commit(cache.new_render_generation)
