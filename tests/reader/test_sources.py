"""Source pages and "who said what": what each source claimed, counted by status."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from stories.models import Claim, Source, Story
from tests.support.factories import make_claim, make_source, make_story, make_update

STATUSES = ["unverified", "confirmed", "disputed", "false"]


def section(html: str, element_id: str) -> str:
    """The element with ``element_id``: up to where the next one of its kind starts."""
    start = html.index(f'id="{element_id}"')
    tag = html.rindex("<", 0, start)
    kind = re.match(r'<(\w+) class="([\w-]+)', html[tag:])
    ends = [html.find(f'<{kind[1]} class="{kind[2]}', start), html.find("</section>", start)]
    return html[tag : min(e for e in ends if e >= 0) if any(e >= 0 for e in ends) else None]


def counts_in(html: str) -> dict[str, int]:
    """Status counts shown by the status_counts include: {"confirmed": 2, …}."""
    return {
        status: int(n)
        for status, n in re.findall(
            r'claim-status--(\w+)">[^\n]*?<span class="status-count">(\d+)</span>', html
        )
    }


@pytest.mark.django_db
def test_source_list_groups_by_kind_and_counts_visible_claims_by_status(client):
    army = make_source(name="General Staff", kind=Source.Kind.MILITARY)
    think_tank = make_source(name="Think tank", kind=Source.Kind.THINK_TANK)
    story = make_story()
    make_claim(make_update(story), source=think_tank, status=Claim.Status.DISPUTED)
    for status in ["confirmed", "confirmed", "false", "unverified"]:
        make_claim(make_update(story), source=army, status=status)
    # Not visible to readers, so not counted: a draft story and a scheduled update.
    make_claim(make_update(make_story(status=Story.Status.DRAFT)), source=army)
    later = make_update(story, published_at=timezone.now() + timedelta(hours=1))
    make_claim(later, source=army, status=Claim.Status.FALSE)

    html = client.get("/sources/").content.decode()
    assert html.index("Military") < html.index("General Staff") < html.index("Think tank")
    row = section(html, f"source-{army.slug}")
    assert "4 claims" in row
    assert counts_in(row) == {"unverified": 1, "confirmed": 2, "false": 1}
    assert counts_in(section(html, "source-think-tank")) == {"disputed": 1}


@pytest.mark.django_db
def test_source_list_counts_statuses_in_one_query_whatever_the_number_of_sources(
    client, django_assert_num_queries
):
    for n in range(12):
        source = make_source(kind=Source.Kind.values[n % len(Source.Kind.values)])
        for status in STATUSES[: n % 4 + 1]:
            make_claim(source=source, status=status)
    with django_assert_num_queries(1):
        response = client.get("/sources/")
    assert response.content.decode().count('class="source-row"') == 12


@pytest.mark.django_db
def test_source_page_shows_description_counts_and_claims_with_status_and_update_link(client):
    source = make_source(name="Rescue service", description="Regional rescuers.")
    story = make_story(title="Storm")
    confirmed = make_claim(make_update(story), source=source, status="confirmed", text="Roof gone")
    make_claim(make_update(story), source=source, status="false", text="Bridge down")
    html = client.get(source.get_absolute_url()).content.decode()
    assert "Regional rescuers." in html
    assert counts_in(html.split('id="claims-title"')[0]) == {"confirmed": 1, "false": 1}
    item = section(html, f"claim-{confirmed.pk}")
    assert 'claim-status--confirmed"' in item and "Confirmed</span>" in item
    assert f'href="{confirmed.update.get_absolute_url()}#claim-{confirmed.pk}"' in html
    assert html.index("Bridge down") < html.index("Roof gone")  # newest first


@pytest.mark.django_db
def test_source_page_does_not_repeat_the_source_name_on_every_claim(client):
    source = make_source(name="Rescue service")
    story = make_story()
    for text in ("Roof gone", "Bridge down", "Road shut"):
        make_claim(make_update(story), source=source, text=text)
    html = client.get(source.get_absolute_url()).content.decode()
    claims = html.split('id="claims-title"')[1]
    assert "Roof gone" in claims and "Road shut" in claims
    # The heading names the source; each claim links to its update instead.
    assert "Rescue service" not in claims


@pytest.mark.django_db
def test_source_page_hides_claims_readers_cannot_see(client):
    source = make_source()
    make_claim(make_update(make_story(status=Story.Status.DRAFT)), source=source, text="Draft")
    later = make_update(make_story(), published_at=timezone.now() + timedelta(hours=1))
    make_claim(later, source=source, text="Scheduled")
    make_claim(make_update(make_story()), source=source, text="Published")
    html = client.get(source.get_absolute_url()).content.decode()
    assert "Draft" not in html and "Scheduled" not in html
    assert "Published" in html and "1 claim reported" in html


@pytest.mark.django_db
def test_source_page_pages_by_keyset_without_repeats_or_gaps(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 4}
    source = make_source()
    update = make_update()
    claims = [make_claim(update, source=source) for _ in range(10)]
    url, seen = source.get_absolute_url(), []
    while url:
        html = client.get(url).content.decode()
        seen += [int(pk) for pk in re.findall(r'<li class="claim [^"]*" id="claim-(\d+)"', html)]
        link = re.search(r'class="older-updates" href="(\?before=[^"]+)"', html)
        url = source.get_absolute_url() + link[1] if link else None
    assert seen == [c.pk for c in reversed(claims)]


@pytest.mark.parametrize("before", ["x", "1-", "99999999999999999999-1"])
@pytest.mark.django_db
def test_source_page_with_a_bad_position_is_400(client, before):
    source = make_source()
    make_claim(source=source)
    assert client.get(f"{source.get_absolute_url()}?before={before}").status_code == 400


@pytest.mark.django_db
def test_source_page_queries_do_not_grow_with_claims(client, django_assert_max_num_queries):
    source = make_source()
    for _ in range(15):
        original = make_claim(make_update(make_story()))
        make_claim(make_update(), source=source, responds_to=original, attribution="denial")
    with django_assert_max_num_queries(3):
        response = client.get(source.get_absolute_url())
    assert response.content.decode().count('class="claim claim--') == 15


@pytest.mark.django_db
def test_unknown_source_page_is_404(client):
    assert client.get("/sources/nobody/").status_code == 404


@pytest.mark.django_db
def test_who_said_what_groups_a_storys_claims_by_source_with_status_counts(client):
    story = make_story()
    army, ministry = make_source(name="Army"), make_source(name="Ministry")
    make_source(name="Silent")  # no claim in this story
    elsewhere = make_source(name="Elsewhere")
    make_claim(make_update(make_story()), source=elsewhere)
    army_claims = [
        make_claim(make_update(story), source=army, status=s, text=f"Army says {s}")
        for s in ["confirmed", "disputed", "disputed"]
    ]
    ministry_claim = make_claim(make_update(story), source=ministry, text="Ministry says so")

    response = client.get(f"/stories/{story.slug}/sources/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Silent" not in html and "Elsewhere" not in html
    army_section = section(html, f"source-{army.slug}")
    assert counts_in(army_section) == {"confirmed": 1, "disputed": 2}
    assert all(f'id="claim-{c.pk}"' in army_section for c in army_claims)
    assert "Ministry says so" not in army_section
    assert f'id="claim-{ministry_claim.pk}"' in section(html, f"source-{ministry.slug}")
    by_source = html.split('class="by-source-title"')[1]
    assert by_source.index("Army") < by_source.index("Ministry says so")  # most claims first
    assert f'href="/stories/{story.slug}/?source={army.slug}"' in army_section
    assert f"{ministry_claim.update.get_absolute_url()}#claim-{ministry_claim.pk}" in html


@pytest.mark.django_db
def test_who_said_what_queries_do_not_grow_with_sources_or_claims(
    client, django_assert_max_num_queries
):
    story = make_story()
    sources = [make_source() for _ in range(8)]
    for n in range(24):
        make_claim(make_update(story), source=sources[n % 8], status=STATUSES[n % 4])
    # The story's cached cursor state (2, read to release scheduled updates), the story,
    # the claims (sources and counts are made from them), their threads' histories and
    # the threads' claims in any story (for the corroboration labels).
    with django_assert_max_num_queries(6):
        response = client.get(f"/stories/{story.slug}/sources/")
    html = response.content.decode()
    assert html.count('class="story-source"') == 8
    assert html.count('class="claim claim--') == 24


@pytest.mark.django_db
def test_who_said_what_of_a_draft_story_is_404(client):
    draft = make_story(status=Story.Status.DRAFT)
    assert client.get(f"/stories/{draft.slug}/sources/").status_code == 404


@pytest.mark.django_db
def test_source_pages_are_public_and_cacheable(client):
    source = make_source()
    story = make_story()
    make_claim(make_update(story), source=source)
    for url in ["/sources/", source.get_absolute_url(), f"/stories/{story.slug}/sources/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "public" in response["Cache-Control"], url
        assert "Cookie" not in response.get("Vary", ""), url


@pytest.mark.django_db
def test_a_source_website_typed_without_scheme_is_saved_as_https(admin_client):
    response = admin_client.post(
        "/admin/stories/source/add/",
        {"name": "Interior ministry", "slug": "", "kind": "government", "url": "mvs.example/en"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Source.objects.get().url == "https://mvs.example/en"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["ftp://mvs.example/", "javascript:alert(1)"])
def test_a_source_website_must_still_be_an_http_or_https_address(admin_client, url):
    response = admin_client.post(
        "/admin/stories/source/add/",
        {"name": "Interior ministry", "slug": "", "kind": "government", "url": url},
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("hidden_by", ["draft story", "scheduled update"])
def test_a_source_quoted_only_where_readers_cannot_look_stays_unknown_to_them(client, hidden_by):
    if hidden_by == "draft story":
        update = make_update(make_story(status=Story.Status.DRAFT))
    else:
        update = make_update(published_at=timezone.now() + timedelta(hours=2))
    secret = make_source(name="Unannounced Witness")
    make_claim(update, source=secret, text="Seen at the crossing")
    story = make_story()
    make_claim(make_update(story), source=make_source(name="Public Ministry"))

    listing = client.get("/sources/").content.decode()
    assert "Public Ministry" in listing
    assert "Unannounced Witness" not in listing
    assert client.get(f"/sources/{secret.slug}/").status_code == 404
    # Filtering a story by the hidden source answers as an unknown source does.
    assert client.get(f"/stories/{story.slug}/?source={secret.slug}").status_code == 404
    assert client.get(f"/stories/{story.slug}/?source=no-such-source").status_code == 404


@pytest.mark.django_db
def test_a_source_becomes_public_with_its_first_visible_claim(client):
    source = make_source(name="Regional Governor")
    make_claim(make_update(published_at=timezone.now() + timedelta(hours=1)), source=source)
    assert client.get(f"/sources/{source.slug}/").status_code == 404
    make_claim(make_update(make_story()), source=source, text="Shelling overnight")
    response = client.get(f"/sources/{source.slug}/")
    assert response.status_code == 200
    assert "Shelling overnight" in response.content.decode()
