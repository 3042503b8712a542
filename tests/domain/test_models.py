from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from stories.models import Claim, ClaimStatusChange, Source, Story, Update
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user


@pytest.mark.django_db
def test_update_with_only_story_body_and_time_is_published():
    story = make_story()
    update = Update.objects.create(
        story=story, body="Shelling reported", published_at=timezone.now()
    )
    assert list(Update.objects.published()) == [update]
    assert update.is_published


@pytest.mark.django_db
def test_scheduled_updates_and_draft_stories_are_not_published():
    live = make_story()
    draft = make_story(status=Story.Status.DRAFT)
    make_update(live, published_at=timezone.now() + timedelta(hours=1))
    make_update(draft)
    assert not Update.objects.published().exists()


@pytest.mark.django_db
def test_readers_see_live_and_ended_stories_never_drafts():
    live, ended, draft = (
        make_story(status=Story.Status.LIVE),
        make_story(status=Story.Status.ENDED),
        make_story(status=Story.Status.DRAFT),
    )
    assert set(Story.objects.public()) == {live, ended}
    assert draft not in Story.objects.for_home()


@pytest.mark.django_db
def test_home_lists_live_stories_first_then_by_latest_update():
    ended = make_story(status=Story.Status.ENDED)
    make_update(ended, published_at=timezone.now() - timedelta(minutes=1))
    quiet = make_story()
    make_update(quiet, published_at=timezone.now() - timedelta(hours=3))
    busy = make_story()
    make_update(busy, published_at=timezone.now() - timedelta(minutes=5))
    assert list(Story.objects.for_home()) == [busy, quiet, ended]


@pytest.mark.django_db
def test_story_lifecycle_stamps_start_and_end():
    story = make_story(status=Story.Status.DRAFT)
    assert story.started_at is None
    story.status = Story.Status.LIVE
    story.save()
    assert story.started_at is not None and story.ended_at is None
    story.status = Story.Status.ENDED
    story.save()
    story.refresh_from_db()
    assert story.ended_at >= story.started_at


@pytest.mark.django_db
def test_story_slug_is_unique():
    make_story(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_story(slug="same")


@pytest.mark.django_db
def test_story_cannot_end_before_it_starts():
    story = make_story()
    story.ended_at = story.started_at - timedelta(hours=1)
    with pytest.raises(ValidationError):
        story.full_clean()


@pytest.mark.django_db
def test_story_time_zone_must_exist():
    story = make_story()
    story.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError):
        story.full_clean()


@pytest.mark.django_db
def test_source_name_is_unique_and_slug_is_made_from_it():
    source = make_source(name="Institute for the Study of War")
    assert source.slug == "institute-for-the-study-of-war"
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(name="Institute for the Study of War")


@pytest.mark.django_db
def test_source_url_accepts_only_http_and_https():
    source = make_source()
    for bad in ("javascript:alert(1)", "data:text/html,hi", "ftp://example.org/"):
        source.url = bad
        with pytest.raises(ValidationError):
            source.full_clean()
    source.url = "https://www.example.org/"
    source.full_clean()


@pytest.mark.django_db
def test_claim_status_is_constrained_in_the_database():
    claim = make_claim()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status="probably")


@pytest.mark.django_db
def test_only_one_update_is_pinned_per_story():
    story = make_story()
    first = make_update(story, is_pinned=True)
    second = make_update(story, is_pinned=True)
    first.refresh_from_db()
    assert not first.is_pinned and second.is_pinned
    with pytest.raises(IntegrityError), transaction.atomic():
        Update.objects.filter(pk=first.pk).update(is_pinned=True)


@pytest.mark.django_db
def test_body_is_rendered_and_sanitised_on_save():
    update = make_update(
        body='**Bold** <script>alert(1)</script><img src=x onerror="alert(1)" alt="a"> '
        "[click](javascript:alert(1))"
    )
    assert "<strong>Bold</strong>" in update.body_html
    for bad in ("<script", "onerror", "javascript:"):
        assert bad not in update.body_html


@pytest.mark.django_db
def test_claim_status_change_is_recorded_with_who_and_when():
    editor = make_user()
    claim = make_claim(status=Claim.Status.UNVERIFIED)
    claim.status = Claim.Status.CONFIRMED
    claim.note = "Matched to satellite images."
    claim.save(changed_by=editor)
    change = ClaimStatusChange.objects.get(claim=claim)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "unverified",
        "confirmed",
        editor,
    )
    assert change.note == "Matched to satellite images."
    claim.refresh_from_db()
    assert claim.previous_status == "unverified"
    assert claim.status_changed_at == change.changed_at


@pytest.mark.django_db
def test_saving_a_claim_without_status_change_records_no_history():
    claim = make_claim()
    claim.text = "Reworded"
    claim.save()
    assert not claim.status_changes.exists()


@pytest.mark.django_db
def test_editing_a_visible_update_marks_it_edited_but_a_new_one_is_not():
    update = make_update()
    assert update.edited_at is None
    update.body = "Corrected body"
    update.correction_note = "An earlier version named the wrong village."
    update.save()
    assert update.edited_at is not None
