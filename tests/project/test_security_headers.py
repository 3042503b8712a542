"""Security headers: the Content-Security-Policy and its companions on every response."""

import re

import pytest
from django.db import OperationalError

from tests.support.factories import make_claim, make_story, make_update, make_user


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )


def public_paths():
    story = make_story()
    update = make_update(story)
    claim = make_claim(update)
    return [
        "/",
        "/sources/",
        f"/sources/{claim.source.slug}/",
        story.get_absolute_url(),
        f"{story.get_absolute_url()}poll/?since=0",
        update.get_absolute_url(),
        f"{story.get_absolute_url()}sources/",
        f"{story.get_absolute_url()}?source={claim.source.slug}",
        f"{story.get_absolute_url()}feed/",
        f"{story.get_absolute_url()}rss/",
        "/feed/",
        "/sitemap.xml",
        "/api/stories",
        f"/api/stories/{story.slug}/updates",
        f"/api/stories/{story.slug}/changes?since=0",
        "/api/openapi.json",
        "/stories/no-such-story/",
    ]


@pytest.mark.django_db
def test_every_public_page_has_a_strict_policy_and_the_usual_headers(client):
    for url in public_paths():
        response = client.get(url)
        policy = directives(response)
        # Our own origin only; a response no shared cache keeps (a 404 page) may add its
        # per-response nonce, and nothing else.
        sources = policy["script-src"].split()
        assert sources[0] == "'self'", url
        assert all(s.startswith("'nonce-") for s in sources[1:]), url
        if "public" in response.get("Cache-Control", ""):
            assert sources == ["'self'"], url
        assert policy["style-src"] == "'self'", url
        assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'", url
        assert policy["frame-ancestors"] == "'none'", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url


@pytest.mark.django_db
def test_admin_pages_have_the_same_policy_without_unsafe_sources(admin_client):
    for url in ("/admin/", "/admin/stories/update/add/", "/admin/login/"):
        response = admin_client.get(url)
        assert response.status_code in {200, 302}
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert directives(response)["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_a_private_page_gets_a_fresh_nonce_that_its_scripts_carry(client, monkeypatch):
    # The outage page is never cached, so its scripts may carry a per-response nonce.
    def unavailable(slug):
        raise OperationalError("connection refused")

    monkeypatch.setattr("stories.live.state.get_state", unavailable)
    nonces = []
    for _ in range(2):
        response = client.get("/stories/any/poll/?since=1", headers={"Accept": "text/html"})
        assert response.status_code == 503
        nonce = re.search(r"'nonce-([^']+)'", directives(response)["script-src"])[1]
        assert f'nonce="{nonce}"' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.django_db
def test_a_publicly_cached_page_carries_no_nonce_in_its_policy(client):
    story = make_story()
    response = client.get(story.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert "nonce-" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_pages_still_set_no_cookie_and_do_not_vary_on_it(client):
    make_user()
    for url in public_paths():
        response = client.get(url)
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url


@pytest.mark.django_db
def test_every_poll_answer_carries_the_security_headers(client):
    # Polls skip the editors' middleware (liveblog/poll_path.py), never these headers.
    story = make_story()
    make_update(story)
    poll = f"{story.get_absolute_url()}poll/"
    version = type(story).objects.get(pk=story.pk).version
    answers = [
        client.get(f"{poll}?since=0"),
        client.get(f"{poll}?since={version}"),
        client.get(f"{poll}?since=soon"),
        client.get("/stories/no-such-story/poll/?since=1"),
        client.post(f"{poll}?since=0"),
    ]
    assert [answer.status_code for answer in answers] == [200, 204, 400, 404, 405]
    for answer in answers:
        assert directives(answer)["frame-ancestors"] == "'none'"
        assert answer["X-Frame-Options"] == "DENY"
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert answer["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Set-Cookie" not in answer and "cookie" not in answer.get("Vary", "").lower()
