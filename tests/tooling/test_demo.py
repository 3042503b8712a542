import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from stories.models import Claim, ClaimStatusChange, Source, Story, Update


@pytest.mark.django_db
def test_demo_loads_a_live_story_with_claims_of_every_status_and_is_idempotent():
    call_command("load_demo", verbosity=0)
    counts = (
        Story.objects.count(),
        Update.objects.count(),
        Claim.objects.count(),
        Source.objects.count(),
    )
    call_command("load_demo", verbosity=0)
    assert (
        Story.objects.count(),
        Update.objects.count(),
        Claim.objects.count(),
        Source.objects.count(),
    ) == counts

    story = Story.objects.get(slug="bakhmut-front-live")
    assert story.status == Story.Status.LIVE
    assert story.updates.published().count() >= 24
    assert set(Claim.objects.values_list("status", flat=True)) == set(Claim.Status.values)
    assert set(Claim.objects.values_list("attribution", flat=True)) == set(Claim.Attribution.values)
    assert ClaimStatusChange.objects.exists()
    assert Claim.objects.filter(attribution="denial", responds_to__isnull=False).exists()
    assert story.updates.filter(is_pinned=True).count() == 1
    assert authenticate(username="editor", password="liveblog-editor") is not None


@pytest.mark.django_db
def test_demo_story_page_renders(client):
    call_command("load_demo", verbosity=0)
    response = client.get("/stories/bakhmut-front-live/")
    assert response.status_code == 200
    assert b"Key events" in response.content


@pytest.mark.django_db
def test_demo_updates_carry_tags_readers_can_filter_by(client):
    call_command("load_demo", verbosity=0)
    story = Story.objects.get(slug="bakhmut-front-live")
    civilians = story.updates.published().filter(tags__slug="civilians")
    assert civilians.count() >= 5
    html = client.get("/stories/bakhmut-front-live/?tag=civilians&order=oldest").content
    stream = html.split(b'id="stream"')[1]  # the pinned box above shows its update anyway
    assert stream.count(b'<article class="update') == min(civilians.count(), 20)
    assert b'rel="tag">Civilians</a>' in html


@pytest.mark.django_db
def test_the_second_demo_story_is_in_ukrainian_and_its_page_too(client):
    call_command("load_demo", verbosity=0)
    story = Story.objects.get(slug="kharkiv-svitlo")
    assert (story.language, story.status) == ("uk", Story.Status.LIVE)
    assert story.updates.published().count() >= 5
    assert set(story.updates.values_list("claims__status", flat=True)) >= {
        "confirmed",
        "disputed",
        "unverified",
    }
    html = client.get("/stories/kharkiv-svitlo/").content.decode()
    assert '<html lang="uk">' in html
    assert "Ключові події" in html and "Key events" not in html


@pytest.mark.django_db
def test_the_demo_threads_repeated_statements_to_show_every_kind_of_thread(client):
    from stories.corroboration import corroboration
    from stories.models import ClaimThread

    call_command("load_demo", verbosity=0)
    labels = {}
    for thread in ClaimThread.objects.filter(
        claims__update__story__slug="bakhmut-front-live"
    ).distinct():
        claims = thread.claims.select_related("source").order_by("update__published_at", "position")
        labels[thread.wording] = (corroboration(claims).label, thread.status_changes.count())
    found = {label for label, _ in labels.values()}
    assert "3 sources, from different sides" in found  # made by both sides
    assert "Corroborated by an independent source" in found
    assert "Contradicted by Ukrainian General Staff" in found
    # One verdict changed twice: unverified, disputed, false.
    assert any(changes >= 2 for _, changes in labels.values())
    page = client.get("/stories/bakhmut-front-live/sources/").content.decode()
    assert "Corroborated by an independent source" in page
