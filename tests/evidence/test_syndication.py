"""Feeds, JSON-LD and the API carry cards as links with their title and the saved copy."""

import json
import re

import pytest

from stories.models import SavedCopy
from tests.support import source_pages
from tests.support.factories import make_claim, make_update
from tests.support.local_sites import Page
from tests.support.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def carded_update(local_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    local_site.pages["/durov_news/5"] = Page(
        source_pages.telegram_post("City council", "Shelters open all night.")
    )
    local_site.pages["/statement"] = Page(
        source_pages.article("Council statement", "Press office", ["Shelters are open."] * 3)
    )
    update = make_update(body=f"Posted overnight:\n\n{local_site.url('/durov_news/5')}")
    make_claim(update, source_url=local_site.url("/statement"))
    run_queued_tasks()
    return update


def saved_copy_urls(update) -> tuple[str, str]:
    """The addresses of the embedded post's saved copy and of the claim's."""
    embedded = SavedCopy.objects.get(update=update, claim=None)
    cited = SavedCopy.objects.get(update=update, claim__isnull=False)
    return tuple(f"http://testserver/saved-copies/{copy.pk}/" for copy in (embedded, cited))


def test_the_api_gives_cards_and_claims_saved_copies_as_links(client, carded_update):
    story = carded_update.story
    answer = client.get(f"/api/stories/{story.slug}/updates").json()["updates"][0]

    embedded, cited = saved_copy_urls(carded_update)
    assert [card["title"] for card in answer["cards"]] == ["City council"]
    assert answer["cards"][0]["saved_copy_url"] == embedded
    assert answer["cards"][0]["provider"] == "Telegram"
    assert answer["claims"][0]["saved_copy"]["saved_copy_url"] == cited
    assert "iframe" not in json.dumps(answer)


def test_json_ld_names_the_post_and_the_claims_source_with_archived_copies(client, carded_update):
    page = client.get(carded_update.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    article = next(json.loads(b) for b in blocks if '"NewsArticle"' in b)

    embedded, cited = saved_copy_urls(carded_update)
    assert article["sharedContent"][0]["name"] == "City council"
    assert article["sharedContent"][0]["archivedAt"] == embedded
    assert article["citation"][0]["name"] == "Council statement"
    assert article["citation"][0]["archivedAt"] == cited


def test_the_feed_links_the_post_and_the_saved_copies_never_a_player(client, carded_update):
    feed = client.get(f"/stories/{carded_update.story.slug}/feed/").content.decode()

    embedded, cited = saved_copy_urls(carded_update)
    assert "City council" in feed
    assert embedded in feed and cited in feed
    assert "iframe" not in feed
