"""The share control: plain links to each service and the site's own buttons, nothing
loaded from anywhere else, links built on the right host."""

import re
from urllib.parse import quote

import pytest

from tests.support.factories import make_story, make_update

SERVICES = ("https://x.com/intent/post?url=", "https://www.facebook.com/sharer/sharer.php?u=",
            "https://wa.me/?text=", "https://t.me/share/url?url=", "mailto:?subject=")  # fmt: skip


@pytest.mark.django_db
def test_each_update_has_plain_share_links_with_its_absolute_permalink(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PUBLIC_URL": "https://live.news.example"}
    story = make_story()
    update = make_update(story, headline="Bridge reopened")
    page = client.get(story.get_absolute_url()).content.decode()
    permalink = quote(f"https://live.news.example{update.get_absolute_url()}", safe="")
    share = re.search(r'<div class="share".*?</div>', page, re.S)[0]
    for service in SERVICES:
        assert service in share, service
    assert share.count(permalink) == 5
    assert "Bridge%20reopened" in share
    # Only links: no script, frame, image or style from any other site.
    external = re.findall(r'<(?:script|iframe|img|link)[^>]+(?:src|href)="https?://[^"]+', page)
    assert not [tag for tag in external if "live.news.example" not in tag]


@pytest.mark.django_db
def test_a_fragment_made_for_one_host_is_not_served_to_another(client, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    story = make_story()
    make_update(story)
    first = client.get(story.get_absolute_url(), HTTP_HOST="one.example").content.decode()
    second = client.get(story.get_absolute_url(), HTTP_HOST="two.example").content.decode()
    assert quote("http://one.example/", safe="") in first
    assert quote("http://two.example/", safe="") in second
    assert quote("http://one.example/", safe="") not in second
