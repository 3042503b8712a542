"""Who may do what in the newsroom, in one place for the desk and the stock admin.

The groups in ``stories/roles.py`` carry model permissions ("may change updates"); what a
group cannot express is checked here: a journalist changes only their own updates, only
while the story is live, and only editors (who may change stories) post outside a
story's live period or change its status. Every check also requires an active staff
account, the admin's own condition for letting anyone in.

Functions taking an update read ``update.story``: callers listing many updates set it
from the story they already hold, so the checks cost no query.
"""

from django.db.models import QuerySet

from stories.models import Story, Update


def is_newsroom_member(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_open_desk(user, story: Story) -> bool:
    return is_newsroom_member(user) and user.has_perms(
        ["stories.view_story", "stories.view_update"]
    )


def can_change_story_status(user) -> bool:
    return is_newsroom_member(user) and user.has_perm("stories.change_story")


def can_edit_any_update(user) -> bool:
    return is_newsroom_member(user) and user.has_perm("stories.edit_any_update")


def can_post(user, story: Story) -> bool:
    """Post an update with claims: on live stories, or anywhere for editors."""
    if not (
        is_newsroom_member(user) and user.has_perms(["stories.add_update", "stories.add_claim"])
    ):
        return False
    # Those who may take a story live or end it may also prepare or close its stream.
    return story.is_live or can_change_story_status(user)


def _own_update_on_live_story(user, update: Update) -> bool:
    return update.author_id is not None and update.author_id == user.pk and update.story.is_live


def can_edit(user, update: Update) -> bool:
    """Change an update and its claims."""
    if not (is_newsroom_member(user) and user.has_perm("stories.change_update")):
        return False
    return can_edit_any_update(user) or _own_update_on_live_story(user, update)


def can_delete(user, update: Update) -> bool:
    if not (is_newsroom_member(user) and user.has_perm("stories.delete_update")):
        return False
    return can_edit_any_update(user) or _own_update_on_live_story(user, update)


def can_create_sources(user) -> bool:
    return is_newsroom_member(user) and user.has_perm("stories.add_source")


def editable_updates(user, updates: QuerySet) -> QuerySet:
    """The part of ``updates`` the user may change (the same rule as :func:`can_edit`)."""
    if not (is_newsroom_member(user) and user.has_perm("stories.change_update")):
        return updates.none()
    if can_edit_any_update(user):
        return updates
    return updates.filter(author=user, story__status=Story.Status.LIVE)


def stories_open_for_posting(user, stories: QuerySet) -> QuerySet:
    """The part of ``stories`` the user may post on (the same rule as :func:`can_post`)."""
    if can_change_story_status(user):
        return stories
    return stories.filter(status=Story.Status.LIVE)
