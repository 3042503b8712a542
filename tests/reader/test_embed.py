"""The embeddable stream: framing rules, polling like the story page, the admin's code."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from stories.models import Story
from tests.support.factories import make_claim, make_story, make_update, make_user


@pytest.mark.django_db
def test_embed_may_be_framed_only_by_the_configured_origins(client, settings):
    settings.LIVEBLOG = {
        **settings.LIVEBLOG,
        "EMBED_ALLOWED_ORIGINS": ["https://partner.example", "https://*.news.example"],
    }
    story = make_story()
    response = client.get(f"/stories/{story.slug}/embed/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "frame-ancestors https://partner.example https://*.news.example" in policy
    # The rest of the embed's policy is every page's: no inline script.
    assert "script-src 'self'" in policy
    # Every other page still refuses to be framed.
    for url in ("/", story.get_absolute_url(), f"/stories/{story.slug}/feed/"):
        assert client.get(url)["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_embed_shows_the_stream_and_polls_the_story_poll(client):
    story = make_story(title="Storm reaches the coast")
    update = make_update(story, headline="Power cut")
    make_claim(update, text="Nine boats are missing")
    make_update(story, headline="Later", published_at=timezone.now() + timedelta(hours=1))
    html = client.get(f"/stories/{story.slug}/embed/").content.decode()
    assert "Storm reaches the coast" in html and "Nine boats are missing" in html
    assert re.findall(r'<article class="update[^"]*" id="update-(\d+)"', html) == [str(update.pk)]
    version = Story.objects.get(pk=story.pk).version
    assert f'hx-get="/stories/{story.slug}/poll/?since={version}"' in html
    assert "/static/js/stream.js" in html
    # Links open outside the partner's frame; search engines index the story page instead.
    assert '<base target="_blank">' in html and '<meta name="robots" content="noindex">' in html
    assert 'class="site-header"' not in html


@pytest.mark.django_db
def test_embed_of_a_draft_story_is_404(client):
    draft = make_story(status=Story.Status.DRAFT)
    assert client.get(f"/stories/{draft.slug}/embed/").status_code == 404


@pytest.mark.django_db
def test_embed_is_publicly_cacheable_without_cookies(client):
    story = make_story()
    response = client.get(f"/stories/{story.slug}/embed/")
    assert "public" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_admin_story_page_shows_the_embed_code(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PUBLIC_URL": "https://live.news.example"}
    client.force_login(make_user(is_staff=True, is_superuser=True))
    story = make_story(title="Storm & floods")
    html = client.get(f"/admin/stories/story/{story.pk}/change/").content.decode()
    code = re.search(r"<textarea readonly[^>]*>(.*?)</textarea>", html, re.S)[1]
    assert code == (
        f"&lt;iframe src=&quot;https://live.news.example/stories/{story.slug}/embed/&quot; "
        "title=&quot;Storm &amp;amp; floods&quot; width=&quot;600&quot; height=&quot;800&quot; "
        "loading=&quot;lazy&quot;&gt;&lt;/iframe&gt;"
    )
    draft = make_story(status=Story.Status.DRAFT)
    html = client.get(f"/admin/stories/story/{draft.pk}/change/").content.decode()
    assert "<textarea readonly" not in html and "Available once the story is published." in html
