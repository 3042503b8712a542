"""Who may do what in the newsroom, in one place for the desk and the stock admin.

The groups in ``stories/roles.py`` carry model permissions ("may change updates"); what a
group cannot express is checked here: a journalist changes only their own updates, only
while the story is live, and only editors (who may change stories) post outside a
story's live period or change its status. A contributor (no ``publish_update``) changes
only their own updates that are not yet published. Every check also requires an active
staff account, the admin's own condition for letting anyone in.

The editorial workflow is here too: ``TRANSITIONS`` names each move between an update's
states (``stories/update_state.py``) and :func:`may` says who may make it. Plain code
rather than a state-machine library: four moves fit in a table, and a library's
transition methods would be a second way to change ``state`` beside ``Update.save()``,
which must stay the one write the live cursor sees.

Functions taking an update read ``update.story``: callers listing many updates set it
from the story they already hold, so the checks cost no query.
"""

from enum import StrEnum

from django.db.models import QuerySet

from stories.models import Story, Update
from stories.update_state import UpdateState


def is_newsroom_member(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_open_desk(user, story: Story) -> bool:
    return is_newsroom_member(user) and user.has_perms(
        ["stories.view_story", "stories.view_update"]
    )


def can_view_saved_copies(user) -> bool:
    """See saved copies (stories/evidence/) and their failures: whoever sees updates."""
    return is_newsroom_member(user) and user.has_perm("stories.view_update")


def can_change_story_status(user) -> bool:
    return is_newsroom_member(user) and user.has_perm("stories.change_story")


def can_edit_what_we_know(user) -> bool:
    """Keep the story's "What we know" box: editors, as for its status."""
    return can_change_story_status(user)


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


def can_publish_own(user) -> bool:
    return is_newsroom_member(user) and user.has_perm("stories.publish_update")


def can_review(user) -> bool:
    """Publish or return colleagues' submissions."""
    return can_publish_own(user) and can_edit_any_update(user)


def _own_update_on_live_story(user, update: Update) -> bool:
    if not (update.author_id is not None and update.author_id == user.pk and update.story.is_live):
        return False
    # Those who may not publish may not change what is published either.
    return update.state != UpdateState.PUBLISHED or can_publish_own(user)


def can_edit(user, update: Update) -> bool:
    """Change an update and its claims."""
    if not (is_newsroom_member(user) and user.has_perm("stories.change_update")):
        return False
    return can_edit_any_update(user) or _own_update_on_live_story(user, update)


def can_delete(user, update: Update) -> bool:
    if not (is_newsroom_member(user) and user.has_perm("stories.delete_update")):
        return False
    return can_edit_any_update(user) or _own_update_on_live_story(user, update)


def can_file_for_others(user) -> bool:
    """Post "on behalf of" a colleague, who becomes the byline: editors."""
    return can_edit_any_update(user)


def can_change_threads(user) -> bool:
    """Set a claim thread's verdict, merge threads and split claims out (editors)."""
    return is_newsroom_member(user) and user.has_perm("stories.change_claimthread")


def can_create_sources(user) -> bool:
    return is_newsroom_member(user) and user.has_perm("stories.add_source")


def editable_updates(user, updates: QuerySet) -> QuerySet:
    """The part of ``updates`` the user may change (the same rule as :func:`can_edit`)."""
    if not (is_newsroom_member(user) and user.has_perm("stories.change_update")):
        return updates.none()
    if can_edit_any_update(user):
        return updates
    own = updates.filter(author=user, story__status=Story.Status.LIVE)
    return own if can_publish_own(user) else own.exclude(state=UpdateState.PUBLISHED)


def stories_open_for_posting(user, stories: QuerySet) -> QuerySet:
    """The part of ``stories`` the user may post on (the same rule as :func:`can_post`)."""
    if can_change_story_status(user):
        return stories
    return stories.filter(status=Story.Status.LIVE)


class Action(StrEnum):
    """What a desk form asks for when it saves an update."""

    SAVE = "save"  # keep the state it has
    DRAFT = "draft"
    SUBMIT = "submit"
    PUBLISH = "publish"
    RETURN = "return"  # a submission back to its author, with a note


# Each move: the states it starts from (None: not yet written) and the state it leads to.
TRANSITIONS = {
    # From a submission too: its author takes it back to work on it.
    Action.DRAFT: ({None, UpdateState.DRAFT, UpdateState.SUBMITTED}, UpdateState.DRAFT),
    Action.SUBMIT: ({None, UpdateState.DRAFT, UpdateState.SUBMITTED}, UpdateState.SUBMITTED),
    Action.PUBLISH: ({None, UpdateState.DRAFT, UpdateState.SUBMITTED}, UpdateState.PUBLISHED),
    Action.RETURN: ({UpdateState.SUBMITTED}, UpdateState.DRAFT),
}


def target_state(action: Action, update: Update | None) -> str:
    """The state ``action`` leaves the update in."""
    if action == Action.SAVE:
        return update.state
    return TRANSITIONS[action][1]


def may(user, action: Action, story: Story, update: Update | None = None) -> bool:
    """Whether ``user`` may save ``update`` (None: a new one on ``story``) with ``action``.

    Writing (a draft, a submission) is for whoever may post or edit it; publishing needs
    ``publish_update``, and someone else's update also the right to edit anyone's (an
    editor approving a submission, never a journalist); returning is an editor's.
    """
    writable = can_post(user, story) if update is None else can_edit(user, update)
    if not writable:
        return False
    if action == Action.SAVE:
        return update is not None
    if (update.state if update else None) not in TRANSITIONS[action][0]:
        return False
    if action == Action.PUBLISH:
        return can_publish_own(user)
    if action == Action.RETURN:
        return can_review(user)
    return True


def allowed_actions(user, story: Story, update: Update | None = None) -> list[Action]:
    """The actions the desk offers ``user`` for ``update``, in the order of its buttons."""
    order = (Action.PUBLISH, Action.SUBMIT, Action.DRAFT, Action.RETURN)
    offered = [action for action in order if may(user, action, story, update)]
    moves = {target_state(action, update) for action in offered if action != Action.RETURN}
    if update is not None and update.state not in moves and may(user, Action.SAVE, story, update):
        # Saving without a move (a published update, an editor tidying a submission).
        offered.append(Action.SAVE)
    return offered
