"""Keyset tokens: a malformed or impossible position is a 400, never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stories import keyset
from tests.support.factories import make_story, make_update


def test_token_before_year_one_is_a_bad_token_not_an_overflow():
    with pytest.raises(keyset.BadToken):
        keyset.decode("-99999999999999999-1")


@pytest.mark.django_db
def test_story_page_with_a_token_before_year_one_is_400(client):
    story = make_story()
    assert client.get(f"/stories/{story.slug}/?before=-99999999999999999-1").status_code == 400


@pytest.mark.django_db
def test_keyset_before_excludes_the_boundary_and_newer_rows():
    story = make_story()
    now = timezone.now()
    a = make_update(story, published_at=now - timedelta(minutes=3))
    b = make_update(story, published_at=now - timedelta(minutes=2))
    c = make_update(story, published_at=now - timedelta(minutes=2))
    older, next_token = keyset.page(
        story.updates.newest_first(),
        before=(c.published_at, c.pk),
        size=2,
        time_field="published_at",
    )
    assert older == [b, a]
    assert next_token is None
