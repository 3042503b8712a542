"""Editors' thread actions on the desk: the story's repeated statements, merge and split.

The desk lists the story's latest threads (``repeated_statements``, shown in
``desk.html#desk-threads``); an editor merges one into another by their numbers, or
takes a claim out of its thread. Both are plain forms that answer with a redirect to the
desk, so they work without JavaScript; the writes are ``stories/live/threads.py``'s, so
readers' pages follow at their next poll and every history row is kept.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stories import http, permissions
from stories.http import HtmxHttpRequest
from stories.live import threads as live_threads
from stories.models import Claim, ClaimThread, Story

SHOWN = 20


def repeated_statements(story: Story) -> list[ClaimThread]:
    """The story's ``SHOWN`` latest threads, each with its claims in the story."""
    in_story = Q(claims__update__story=story)
    threads = list(
        ClaimThread.objects.filter(in_story)
        .annotate(story_claim_count=Count("claims", filter=in_story), latest=Max("claims__id"))
        .order_by("-latest")[:SHOWN]
    )
    claims = Claim.objects.filter(thread__in=threads, update__story=story).select_related("source")
    by_thread: dict[int, list] = {thread.pk: [] for thread in threads}
    for claim in claims.order_by("id"):
        by_thread[claim.thread_id].append(claim)
    for thread in threads:
        thread.story_claims = by_thread[thread.pk]
    return threads


class MergeForm(forms.Form):
    other = forms.ModelChoiceField(ClaimThread.objects.none(), label=gettext_lazy("Merge thread"))
    into = forms.ModelChoiceField(ClaimThread.objects.none(), label=gettext_lazy("into thread"))

    def __init__(self, *args, story: Story, **kwargs):
        super().__init__(*args, **kwargs)
        # Either thread may be another story's, but one of them must be this story's.
        self.story = story
        self.fields["other"].queryset = self.fields["into"].queryset = ClaimThread.objects.all()

    def clean(self):
        cleaned = super().clean()
        other, into = cleaned.get("other"), cleaned.get("into")
        if other and into:
            if other == into:
                raise forms.ValidationError(_("Those are the same thread."))
            quoted = Claim.objects.filter(thread__in=[other, into], update__story=self.story)
            if not quoted.exists():
                raise forms.ValidationError(_("Neither thread is quoted in this story."))
        return cleaned


def _check(request, story_id: int) -> Story:
    story = get_object_or_404(Story, pk=story_id)
    user = request.user
    if not (permissions.can_open_desk(user, story) and permissions.can_change_threads(user)):
        raise PermissionDenied
    return story


@require_POST
def merge_threads(request: HtmxHttpRequest, story_id: int, model_admin) -> HttpResponse:
    story = _check(request, story_id)
    form = MergeForm(request.POST, story=story)
    if not form.is_valid():
        problems = [str(error) for errors in form.errors.values() for error in errors]
        return http.bad_request(" ".join(problems))
    into = form.cleaned_data["into"]
    live_threads.merge_threads(into=into, other=form.cleaned_data["other"], changed_by=request.user)
    messages.success(request, _("Merged into “%(wording)s”.") % {"wording": into.wording})
    return redirect(reverse("admin:stories_story_desk", args=[story.pk]))


@require_POST
def split_claim(
    request: HtmxHttpRequest, story_id: int, claim_id: int, model_admin
) -> HttpResponse:
    story = _check(request, story_id)
    claim = get_object_or_404(Claim, pk=claim_id, update__story=story)
    if Claim.objects.filter(thread_id=claim.thread_id).count() > 1:
        live_threads.split_claim(claim, changed_by=request.user)
        messages.success(request, _("The claim now has a thread of its own."))
    return redirect(reverse("admin:stories_story_desk", args=[story.pk]))
