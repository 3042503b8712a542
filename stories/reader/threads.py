"""A claim thread's public page: the statement, its verdict, who made it, and when.

``/claims/<pk>/`` shows the thread's wording, status and note, its corroboration label,
every time a source made the claim (source, update, time, where they said it), the
status history and a ClaimReview. ``?at=`` shows it as readers could see it then
(``stories/verdict_history.py``). Only claims readers may see are shown, and a thread
with none is not found.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from stories import http, verdict_history
from stories.corroboration import corroboration
from stories.http import HtmxHttpRequest
from stories.models import Claim, ClaimStatusChange, ClaimThread
from stories.reader.language import render_story_page
from stories.syndication.structured_data import thread_review


def bad_moment() -> HttpResponse:
    return http.bad_request(_("?at= must be a date and time, such as 2023-02-02T00:18."))


def visible_claims(thread) -> list[Claim]:
    claims = Claim.objects.visible().filter(thread=thread).for_display()
    return list(claims.order_by("update__published_at", "update_id", "position", "id"))


def thread_context(request, thread, claims: list, at) -> dict:
    changes = list(thread.status_changes.all())
    moments = [change.changed_at for change in changes]
    if at is not None:
        claims = verdict_history.claims_at(claims, {thread.pk: changes}, at)
        verdict_history.as_it_was(thread, changes, at, thread.created_at)
        changes = [change for change in changes if change.changed_at <= at]
    return {
        "thread": thread,
        "claims": claims,
        "changes": changes,
        "moments": moments,
        "at": at,
        "corroboration": corroboration(claims),
        "review": None if at else thread_review(thread, claims, request=request),
    }


def story_threads(claims: list, at) -> tuple[list, list]:
    """The threads of a story's ``claims`` (newest first), each as it was at ``at``.

    Each thread carries ``story_claims`` (its claims in this story shown at ``at``) and
    ``corroboration``, from every claim of it readers can see in any story. Two queries:
    the threads' histories and their claims elsewhere. Also the moments statuses changed.
    """
    threads = {}
    for claim in claims:
        threads.setdefault(claim.thread_id, claim.thread)
    changes_by_thread: dict[int, list] = {pk: [] for pk in threads}
    for change in ClaimStatusChange.objects.filter(thread__in=threads).order_by("changed_at", "id"):
        changes_by_thread[change.thread_id].append(change)
    made = Claim.objects.visible().filter(thread__in=threads).select_related("source", "update")
    made_by_thread: dict[int, list] = {pk: [] for pk in threads}
    for claim in made.order_by("update__published_at", "position", "id"):
        if at is None or claim.update.published_at <= at:
            made_by_thread[claim.thread_id].append(claim)
    if at is not None:
        claims = verdict_history.claims_at(claims, changes_by_thread, at)
    for pk, thread in threads.items():
        if at is not None:
            verdict_history.as_it_was(thread, changes_by_thread[pk], at, thread.created_at)
        thread.story_claims = [claim for claim in claims if claim.thread_id == pk]
        thread.corroboration = corroboration(made_by_thread[pk])
    shown = [thread for thread in threads.values() if thread.story_claims]
    moments = sorted({c.changed_at for changes in changes_by_thread.values() for c in changes})
    return shown, moments


def claims_shown(claims: list, threads: list) -> list:
    """``claims`` that the time view keeps (those of the threads' ``story_claims``)."""
    kept = {claim.pk for thread in threads for claim in thread.story_claims}
    return [claim for claim in claims if claim.pk in kept]


@require_safe
def claim_thread(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(ClaimThread.objects.public(), pk=pk)
    claims = visible_claims(thread)
    story = claims[0].update.story
    try:
        at = verdict_history.parse_at(request.GET.get("at"), story.time_zone)
    except verdict_history.BadMoment:
        return bad_moment()
    context = {"story": story, **thread_context(request, thread, claims, at)}
    response = render_story_page(request, story, "stories/claim_thread.html", context)
    return http.ARCHIVE.apply(response)
