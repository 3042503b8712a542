"""The desk's URL patterns, hung off the story admin, and the way to the desk page."""

from django.urls import path, reverse

from stories.desk import card_previews, helpers, saved_copies, threads, views, writes
from stories.models import Story


def urls(model_admin) -> list:
    """The desk's URL patterns, for ``StoryAdmin.get_urls``."""
    wrap = model_admin.admin_site.admin_view
    name = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_desk"
    extra = {"model_admin": model_admin}
    desk = "<int:story_id>/desk"
    update = f"{desk}/updates/<int:update_id>"
    return [
        path(f"{desk}/", wrap(views.desk), extra, name=name),
        path(f"{desk}/post/", wrap(writes.post_update), extra, name=f"{name}_post"),
        path(f"{desk}/updates/", wrap(views.desk_updates), extra, name=f"{name}_updates"),
        path(f"{update}/edit/", wrap(writes.edit_update), extra, name=f"{name}_edit"),
        path(f"{update}/delete/", wrap(writes.delete_update), extra, name=f"{name}_delete"),
        path(f"{desk}/preview/", wrap(helpers.preview), extra, name=f"{name}_preview"),
        path(
            f"{desk}/preview/cards/<int:copy_id>/",
            wrap(card_previews.preview_card),
            extra,
            name=f"{name}_preview_card",
        ),
        path(f"{desk}/images/", wrap(helpers.upload_image), extra, name=f"{name}_image"),
        path(f"{desk}/sources/", wrap(helpers.source_options), extra, name=f"{name}_sources"),
        path(f"{desk}/threads/", wrap(helpers.thread_options), extra, name=f"{name}_threads"),
        path(f"{desk}/status/", wrap(writes.change_status), extra, name=f"{name}_status"),
        path(f"{desk}/threads/merge/", wrap(threads.merge_threads), extra, name=f"{name}_merge"),
        path(
            f"{desk}/claims/<int:claim_id>/split/",
            wrap(threads.split_claim),
            extra,
            name=f"{name}_split",
        ),
        path(
            f"{desk}/saved-copies/<int:copy_id>/again/",
            wrap(saved_copies.capture_again),
            extra,
            name=f"{name}_capture_again",
        ),
        path(f"{desk}/summary/", wrap(writes.what_we_know), extra, name=f"{name}_summary"),
    ]


def desk_url(story: Story) -> str:
    return reverse("admin:stories_story_desk", args=[story.pk])
