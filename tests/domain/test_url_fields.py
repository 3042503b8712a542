"""Source and claim URLs accept only http and https, whatever an editor pastes."""

import pytest

from stories.models import Claim, Source
from tests.support.factories import make_source, make_update
from tests.support.xss_corpus import VECTORS, accepted_url, payload

NOT_WEB_ADDRESSES = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript://example.org/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/file",
    "&#106;avascript:alert(1)",
]


def test_every_corpus_value_a_url_field_accepts_is_an_http_or_https_address():
    accepted = [accepted_url(payload(n, "source.url")) for n in range(len(VECTORS))]
    accepted = [value for value in accepted if value]
    assert accepted, "the corpus has web addresses with attribute breakouts too"
    assert all(value.lower().startswith(("http://", "https://")) for value in accepted)


@pytest.mark.parametrize("url", NOT_WEB_ADDRESSES)
@pytest.mark.django_db
def test_admin_source_form_refuses_an_address_that_is_not_http_or_https(admin_client, url):
    response = admin_client.post(
        "/admin/stories/source/add/",
        {"name": "Ministry of Defence", "slug": "mod", "kind": "government", "url": url},
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", NOT_WEB_ADDRESSES)
@pytest.mark.django_db
def test_admin_claim_form_refuses_an_address_that_is_not_http_or_https(admin_client, url):
    update, source = make_update(), make_source()
    response = admin_client.post(
        "/admin/stories/claim/add/",
        {
            "update": update.pk,
            "source": source.pk,
            "text": "Two bridges were destroyed",
            "status": "unverified",
            "attribution": "statement",
            "source_url": url,
            "position": 0,
            "status_changes-TOTAL_FORMS": 0,
            "status_changes-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not Claim.objects.exists()
