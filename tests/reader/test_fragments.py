"""Each update's HTML is rendered once per version, and any change a reader would see
makes a new one: nothing is ever served stale."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stories.models import Claim, Story
from stories.reader import fragments
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user


@pytest.fixture
def renders(monkeypatch):
    """Which updates' HTML was made (not taken from the fragment cache)."""
    calls = []
    real = fragments.update_html

    def counting(update, *args, **kwargs):
        calls.append(update.pk)
        return real(update, *args, **kwargs)

    monkeypatch.setattr(fragments, "update_html", counting)
    return calls


def page(client, story) -> str:
    response = client.get(f"/stories/{story.slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_second_visit_renders_no_update_again(client, renders):
    story = make_story()
    updates = [make_update(story, body=f"Update {n}") for n in range(5)]
    first = page(client, story)
    assert sorted(renders) == sorted(u.pk for u in updates)
    renders.clear()
    stream = first.split('id="stream"', 1)[1].split("</section>", 1)[0]
    assert stream in page(client, story)
    assert renders == []


@pytest.mark.django_db
def test_an_edit_renders_only_that_update_again(client, renders):
    story = make_story()
    make_update(story, body="Kept")
    edited = make_update(story, body="First text")
    page(client, story)
    renders.clear()
    edited.body = "Second text"
    edited.save()
    html = page(client, story)
    assert renders == [edited.pk]
    assert "Second text" in html and "First text" not in html and "Kept" in html


@pytest.mark.django_db
def test_a_claims_new_status_shows_at_once(client):
    story = make_story()
    claim = make_claim(make_update(story), text="Bridge destroyed")
    assert 'data-status="unverified"' in page(client, story)
    claim.status = Claim.Status.FALSE
    claim.save(changed_by=make_user())
    html = page(client, story)
    assert 'data-status="false"' in html and 'data-status="unverified"' not in html


@pytest.mark.django_db
def test_a_renamed_source_shows_its_new_name_in_every_update(client):
    story = make_story()
    source = make_source(name="Ministry of Defence")
    make_claim(make_update(story), source=source)
    assert "Ministry of Defence" in page(client, story)
    source.name = "Ministry of Defence of Ukraine"
    source.save()
    assert "Ministry of Defence of Ukraine" in page(client, story)


@pytest.mark.django_db
def test_a_renamed_author_shows_in_the_byline(client):
    story = make_story()
    author = make_user(first_name="Olena", last_name="Koval")
    make_update(story, author=author)
    assert "By Olena Koval" in page(client, story)
    author.last_name = "Kovalenko"
    author.save()
    assert "By Olena Kovalenko" in page(client, story)


@pytest.mark.django_db
def test_an_answered_claim_appears_only_once_readers_may_see_it(client):
    story = make_story()
    later = make_update(story, published_at=timezone.now() + timedelta(hours=1))
    answered = make_claim(later, text="Village retaken overnight")
    make_claim(make_update(story), responds_to=answered, text="Denied")
    html = page(client, story)
    assert "Denied" in html and "Village retaken overnight" not in html
    # Once due (the cursor releases it), the answer links to it.
    later.published_at = timezone.now() - timedelta(seconds=1)
    later.save()
    assert page(client, story).count("Village retaken overnight") >= 2


@pytest.mark.django_db
def test_an_answered_claim_in_a_draft_story_is_never_shown(client):
    draft = make_story(status=Story.Status.DRAFT)
    answered = make_claim(make_update(draft), text="Secret draft claim")
    story = make_story()
    update = make_update(story)
    make_claim(update, responds_to=answered, text="Reply")
    for url in (f"/stories/{story.slug}/", update.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Reply" in html and "Secret draft claim" not in html
    api = client.get(f"/api/stories/{story.slug}/updates").json()
    assert api["updates"][0]["claims"][0]["responds_to"] is None


@pytest.mark.django_db
def test_the_permalink_and_the_stream_do_not_share_one_rendering(client):
    story = make_story()
    update = make_update(story, headline="Dam breached")
    claim = make_claim(update)
    claim.status = Claim.Status.CONFIRMED
    claim.save(changed_by=make_user())
    page(client, story)
    permalink = client.get(update.get_absolute_url()).content.decode()
    # The permalink shows the headline as the page's title and the status history.
    assert '<h1 class="update-headline">Dam breached</h1>' in permalink
    assert "claim-timeline" in permalink
