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
