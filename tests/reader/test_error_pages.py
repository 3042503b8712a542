"""Error pages speak to people: what happened and where to go, in the site's own look."""

import pytest
from django.template import loader
from django.test import Client

from tests.support.desk_helpers import desk_url
from tests.support.factories import make_story, make_update, make_user


@pytest.mark.django_db
def test_a_missing_story_is_a_404_page_with_a_way_back_to_the_stories(client):
    response = client.get("/stories/no-such-story/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert 'href="/"' in html and "See the latest stories" in html
    # Still a public page: no cookie, cacheable like the others.
    assert not response.cookies


@pytest.mark.django_db
def test_a_refusal_in_the_newsroom_says_why_and_leads_back(client):
    story = make_story()
    update = make_update(story, author=make_user(role="Journalist"))
    client.force_login(make_user(role="Journalist"))
    response = client.get(desk_url(story, "edit", update.pk))
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in html and "ask an editor" in html
    assert 'href="/admin/"' in html


def test_the_server_error_page_renders_without_a_request_or_context():
    html = loader.get_template("500.html").render()
    assert "<h1>Something went wrong</h1>" in html
    assert 'lang="en-gb"' in html


@pytest.mark.django_db
def test_a_view_that_fails_answers_with_the_server_error_page(settings):
    settings.ROOT_URLCONF = "tests.support.failing_urls"
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/", "/admin/stories/update/", "desk"])
def test_newsroom_pages_carry_the_newsroom_name_and_the_site_icon(client, settings, path):
    story = make_story()
    client.force_login(make_user(role="Editor"))
    html = client.get(desk_url(story) if path == "desk" else path).content.decode()
    assert "Django administration" not in html and "Django site admin" not in html
    assert f'<a href="/admin/">{settings.LIVEBLOG["NEWSROOM_NAME"]}</a>' in html
    # Without it, browsers ask for /favicon.ico on every admin page and get a 404.
    assert 'rel="icon" href="/static/favicon.svg"' in html
