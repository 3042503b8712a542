"""What the desk page and its fragments are built from: the stream, the forms, sources."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stories import permissions
from stories.desk.forms import (
    ClaimRevisionFormSet,
    NewClaimFormSet,
    UpdateForm,
    UpdateRevisionForm,
    WhatWeKnowForm,
    claim_initial,
)
from stories.desk.threads import repeated_statements
from stories.evidence import cards
from stories.models import Source, Story, Update

UPDATES_SHOWN = 30
# The queue and each journalist's drafts: newest first, this many at most.
UNPUBLISHED_SHOWN = 50
SOURCE_OPTIONS_SHOWN = 30
# The desk's two forms with a body, by the name the preview and upload URLs use.
FORM_PREFIXES = {"compose": None, "edit": "edit"}


def desk_update(story: Story, update_id: int) -> Update:
    """One of the story's updates, as the desk shows it, or 404."""
    update = get_object_or_404(story.updates.for_display(), pk=update_id)
    update.story = story
    return update


def stream_context(user, story_id: int) -> dict:
    """The latest updates as readers see them, with what this user may do to each.

    The story row is read first: the list is at least as new as its version, which the
    page's poller then carries as its cursor (rule 3 of ``stories/live/``).
    """
    story = Story.objects.get(pk=story_id)
    now = timezone.now()
    published = story.updates.filter(state=Update.State.PUBLISHED)
    updates = list(published.for_display().newest_first()[:UPDATES_SHOWN])
    # Saved copies that failed or are on their way, said under each update.
    notices = cards.desk_notices(updates)
    rows = []
    for update in updates:
        update.story = story
        rows.append(
            {
                "update": update,
                "is_scheduled": update.published_at > now,
                # Readers cannot open it yet: no public links to it.
                "is_not_public": update.published_at > now or story.status == Story.Status.DRAFT,
                "can_edit": permissions.can_edit(user, update),
                "can_delete": permissions.can_delete(user, update),
                "capture_notices": notices.get(update.pk, []),
            }
        )
    return {
        "rows": rows,
        "version": story.version,
        "update_count": published.count(),
        **workflow_context(user, story),
    }


def workflow_context(user, story: Story) -> dict:
    """The desk's queue of submissions (all for editors, one's own for others) and the
    user's own drafts, each with whether the user may open it."""
    unpublished = story.updates.for_display().order_by("-modified_at", "-id")
    queue = unpublished.in_review()
    if not permissions.can_review(user):
        queue = queue.filter(author=user)
    drafts = unpublished.drafts().filter(author=user)
    lists = {}
    for name, updates in (("queue", queue), ("drafts", drafts)):
        lists[name] = []
        for update in updates[:UNPUBLISHED_SHOWN]:
            update.story = story
            lists[name].append({"update": update, "can_edit": permissions.can_edit(user, update)})
    return {**lists, "can_review": permissions.can_review(user)}


def page_context(request, model_admin, story: Story, **extra) -> dict:
    """The whole page's context; ``extra`` brings forms or a confirmation to show."""
    user = request.user
    # The compose form sent back with its errors, or a fresh one.
    forms = extra if "form" in extra else {**compose_forms(user, story), **extra}
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Desk: %(title)s") % {"title": story.title},
        "story": story,
        "can_post": permissions.can_post(user, story),
        "can_change_status": permissions.can_change_story_status(user),
        "can_edit_what_we_know": permissions.can_edit_what_we_know(user),
        "known_form": known_form(story),
        "can_change_threads": permissions.can_change_threads(user),
        "repeated_statements": repeated_statements(story)
        if permissions.can_change_threads(user)
        else [],
        "source_names": source_names(),
        **stream_context(user, story.pk),
        **forms,
    }


def known_form(story: Story) -> WhatWeKnowForm:
    """The "What we know" form, filled with the box as it is."""
    return WhatWeKnowForm(initial={"points": story.known_points}, prefix="known")


def source_names(query: str = "") -> list[str]:
    sources = Source.objects.all()
    if query:
        sources = sources.filter(name__icontains=query)
    return list(sources.order_by("name").values_list("name", flat=True)[:SOURCE_OPTIONS_SHOWN])


def _form_kwargs(user, story: Story, form: str) -> tuple[dict, dict]:
    """Keyword arguments for an update form and its claims' forms."""
    preview_url = reverse("admin:stories_story_desk_preview", args=[story.pk])
    sources_url = reverse("admin:stories_story_desk_sources", args=[story.pk])
    threads_url = reverse("admin:stories_story_desk_threads", args=[story.pk])
    return (
        {
            "preview_url": f"{preview_url}?form={form}",
            "prefix": FORM_PREFIXES[form],
            "files_for_others": permissions.can_file_for_others(user),
        },
        {
            "can_create_sources": permissions.can_create_sources(user),
            "source_options_url": sources_url,
            "thread_options_url": threads_url,
        },
    )


def compose_forms(user, story: Story, data=None) -> dict:
    """The form for a new update and its claims, by their names in the page."""
    update_kwargs, claim_kwargs = _form_kwargs(user, story, "compose")
    return {
        "form": UpdateForm(data, **update_kwargs),
        "claims": NewClaimFormSet(data, prefix="claims", form_kwargs=claim_kwargs),
        "compose_actions": permissions.allowed_actions(user, story),
    }


def revision_forms(user, update: Update, data=None) -> dict:
    """The forms that change an update and its claims, by their names in the page."""
    claims = list(update.claims.all())
    update_kwargs, claim_kwargs = _form_kwargs(user, update.story, "edit")
    claim_kwargs["claims"] = {claim.pk: claim for claim in claims}
    return {
        "edit_form": UpdateRevisionForm(data, instance=update, **update_kwargs),
        "edit_claims": ClaimRevisionFormSet(
            data,
            prefix="edit-claims",
            initial=[claim_initial(claim) for claim in claims],
            form_kwargs=claim_kwargs,
        ),
        "editing": update,
        "edit_actions": permissions.allowed_actions(user, update.story, update),
    }
