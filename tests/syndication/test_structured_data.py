"""ClaimReview JSON-LD on update permalinks, read back with a structured-data extractor."""

from datetime import timedelta

import extruct
import pytest
from django.utils import timezone

from stories.models import Claim, Source
from tests.support.factories import make_claim, make_source, make_story, make_update

BASE = "http://testserver"


def json_ld(client, url: str) -> list[dict]:
    html = client.get(url).content.decode()
    return extruct.extract(html, base_url=BASE + url, syntaxes=["json-ld"])["json-ld"]


def reviews_by_claim(items: list[dict]) -> dict[str, dict]:
    return {item["claimReviewed"]: item for item in items if item["@type"] == "ClaimReview"}


@pytest.mark.django_db
def test_permalink_has_one_claim_review_per_verdict_checked_field_by_field(client, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "NEWSROOM_NAME": "Daily Example"}
    story = make_story(slug="storm")
    published = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    update = make_update(story, published_at=published)
    governor = make_source(
        name="Jane Governor", kind=Source.Kind.PERSON, url="https://gov.example/"
    )
    ministry = make_source(name="Ministry", kind=Source.Kind.GOVERNMENT)
    said_at = published - timedelta(hours=1)
    confirmed = make_claim(
        update,
        source=governor,
        text="Two bridges were destroyed",
        status=Claim.Status.CONFIRMED,
        note="Video shows both bridges down.",
        source_url="https://gov.example/statement",
        stated_at=said_at,
    )
    disputed = make_claim(update, source=ministry, text="The dam held")
    disputed.status = Claim.Status.DISPUTED
    disputed.save()
    disputed.refresh_from_db()
    make_claim(update, source=ministry, text="The port is shut", status=Claim.Status.FALSE)
    make_claim(update, source=ministry, text="Rain will ease", status=Claim.Status.UNVERIFIED)

    reviews = reviews_by_claim(json_ld(client, update.get_absolute_url()))
    assert set(reviews) == {"Two bridges were destroyed", "The dam held", "The port is shut"}

    review = reviews["Two bridges were destroyed"]
    assert review["@context"] in ("https://schema.org", "https://schema.org/")
    assert review["url"] == f"{BASE}/stories/storm/updates/{update.pk}/#claim-{confirmed.pk}"
    assert review["datePublished"] == published.isoformat()
    assert review["author"] == {"@type": "Organization", "name": "Daily Example", "url": BASE + "/"}
    assert review["reviewBody"] == "Video shows both bridges down."
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Jane Governor", "url": "https://gov.example/"},
        "datePublished": said_at.isoformat(),
        "appearance": {"@type": "CreativeWork", "url": "https://gov.example/statement"},
    }
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "True",
    }

    dam = reviews["The dam held"]
    assert dam["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ministry"}
    # Said when the update reported it; reviewed when its status changed.
    assert dam["itemReviewed"]["datePublished"] == published.isoformat()
    assert "appearance" not in dam["itemReviewed"]
    assert dam["datePublished"] == disputed.status_changed_at.isoformat()
    assert (dam["reviewRating"]["ratingValue"], dam["reviewRating"]["alternateName"]) == (
        3,
        "Disputed",
    )
    port = reviews["The port is shut"]["reviewRating"]
    assert (port["ratingValue"], port["alternateName"]) == (1, "False")


@pytest.mark.django_db
def test_permalink_without_verdicts_has_no_claim_review(client):
    update = make_update()
    make_claim(update, status=Claim.Status.UNVERIFIED)
    # The page still describes the update itself (a NewsArticle), but reviews nothing.
    types = [item["@type"] for item in json_ld(client, update.get_absolute_url())]
    assert types == ["NewsArticle"]


@pytest.mark.django_db
def test_json_ld_survives_text_that_tries_to_close_the_script_element(client):
    hostile = 'He said "</script><script>alert(1)</script>" & <!-- more'
    source = make_source(name="</script><b>Source</b>")
    claim = make_claim(source=source, text=hostile, status=Claim.Status.FALSE)
    html = client.get(claim.update.get_absolute_url()).content.decode()
    opening = '<script type="application/ld+json">'
    body = html[html.index(opening) + len(opening) :]
    body = body[: body.index("</script>")]
    # Nothing in the data can end the element or open a comment in it …
    assert not {"<", ">", "&"} & set(body)
    assert "<script>alert(1)" not in html
    # … and the data still reads back exactly.
    review = reviews_by_claim(json_ld(client, claim.update.get_absolute_url()))[hostile]
    assert review["itemReviewed"]["author"]["name"] == "</script><b>Source</b>"
