"""Keyset tokens: a malformed or impossible position is a 400, never a 500."""

import pytest

from stories import keyset
from tests.factories import make_story


def test_token_before_year_one_is_a_bad_token_not_an_overflow():
    with pytest.raises(keyset.BadToken):
        keyset.decode("-99999999999999999-1")


@pytest.mark.django_db
def test_story_page_with_a_token_before_year_one_is_400(client):
    story = make_story()
    assert client.get(f"/stories/{story.slug}/?before=-99999999999999999-1").status_code == 400
