"""Verdict banners on updates quoting a false or disputed thread; "Who said what" by thread."""

import re
from datetime import UTC, datetime

import pytest

from stories.models import ClaimThread, Story
from tests.support.factories import make_claim, make_source, make_story, make_update

HX = {"HX-Request": "true"}
FALSE_BANNER = "A claim in this update has since been found false"


def version_of(story) -> int:
    return Story.objects.get(pk=story.pk).version


@pytest.mark.django_db
def test_a_false_verdict_puts_a_banner_on_every_update_quoting_it_at_the_next_poll(
    client, django_capture_on_commit_callbacks
):
    story = make_story()
    first = make_claim(make_update(story), text="The dam was blown up")
    second = make_claim(make_update(story), text="Dam destroyed", thread=first.thread)
    page = client.get(story.get_absolute_url()).content.decode()
    assert FALSE_BANNER not in page
    cursor = version_of(story)
    thread = first.thread
    thread.status = ClaimThread.Status.FALSE
    with django_capture_on_commit_callbacks(execute=True):
        thread.save()
    poll = client.get(f"/stories/{story.slug}/poll/?since={cursor}", headers=HX).content.decode()
    assert poll.count(FALSE_BANNER) == 2
    assert f'href="/claims/{thread.pk}/"' in poll
    permalink = client.get(second.update.get_absolute_url()).content.decode()
    assert FALSE_BANNER in permalink
    feed = client.get(f"/stories/{story.slug}/feed/").content.decode()
    assert feed.count(FALSE_BANNER) == 2
    assert f"/claims/{thread.pk}/" in feed


@pytest.mark.django_db
def test_a_disputed_verdict_says_so_and_a_confirmed_one_has_no_banner(client):
    story = make_story()
    claim = make_claim(make_update(story))
    thread = claim.thread
    thread.status = ClaimThread.Status.DISPUTED
    thread.save()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "A claim in this update is disputed" in page
    thread.status = ClaimThread.Status.CONFIRMED
    thread.save()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "is disputed" not in page and FALSE_BANNER not in page


@pytest.mark.django_db
def test_who_said_what_groups_claims_by_thread_with_their_label(client):
    story = make_story()
    kremlin, kyiv = (
        make_source(name="Kremlin", side="Russia"),
        make_source(name="Kyiv", side="Ukraine"),
    )
    first = make_claim(make_update(story), source=kremlin, text="Soledar is taken")
    make_claim(make_update(story), source=kyiv, text="Soledar has fallen", thread=first.thread)
    make_claim(make_update(story), source=kyiv, text="A convoy reached Bakhmut")
    page = client.get(f"/stories/{story.slug}/sources/").content.decode()
    threads = re.findall(r'<li class="thread[^"]*" id="thread-(\d+)"', page)
    assert len(threads) == 2
    assert "2 sources, from different sides" in page and "Single source" in page
    assert f'href="/claims/{first.thread_id}/"' in page


@pytest.mark.django_db
def test_who_said_what_at_a_moment_shows_only_claims_made_by_then(client):
    story = make_story(time_zone="UTC")
    early = make_claim(
        make_update(story, published_at=datetime(2023, 2, 1, 10, tzinfo=UTC)), text="Early claim"
    )
    make_claim(
        make_update(story, published_at=datetime(2023, 2, 3, 10, tzinfo=UTC)), text="Late claim"
    )
    page = client.get(f"/stories/{story.slug}/sources/?at=2023-02-02T00:00").content.decode()
    assert "Early claim" in page and "Late claim" not in page
    assert f'data-claim="{early.pk}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment", ["garbage", "2023-02-30T10:00", "x" * 100, "2023-02-02T10:00+99:00"]
)
def test_who_said_what_refuses_garbage_moments(client, moment):
    story = make_story()
    make_claim(make_update(story))
    assert client.get(f"/stories/{story.slug}/sources/", {"at": moment}).status_code == 400


@pytest.mark.django_db
def test_a_renamed_thread_shows_in_the_denials_of_it(client):
    story = make_story()
    claim = make_claim(make_update(story), text="The town has fallen")
    make_claim(make_update(story), text="It has not", stance="contradicts", thread=claim.thread)
    assert "The town has fallen" in client.get(story.get_absolute_url()).content.decode()
    thread = claim.thread
    thread.wording = "Russian forces have taken the town"
    thread.save()
    assert (
        "Russian forces have taken the town"
        in client.get(story.get_absolute_url()).content.decode()
    )
