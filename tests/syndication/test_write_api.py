"""The write API does what the desk does, under the desk's rules: updates with claims,
images and claim statuses, through the same services, cursor and history."""

import uuid

import pytest
from django.contrib.admin.models import LogEntry

from stories.models import ApiToken, Claim, ClaimStatusChange, Story, Update
from tests.support.api_writes import png_file, send, token_for
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user


@pytest.fixture
def newsroom(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    journalist = make_user(role="Journalist", first_name="Olena", last_name="Shevchuk")
    return {
        "story": make_story(slug="front", time_zone="Europe/Kyiv"),
        "journalist": journalist,
        "secret": token_for(journalist),
        "editor": make_user(role="Editor"),
    }


def post_update(client, secret, slug="front", **body):
    body = {"body": "Sirens over the city centre.", **body}
    return send(client, "post", f"/api/stories/{slug}/updates", body, secret=secret)


@pytest.mark.django_db
def test_a_post_publishes_the_update_with_its_claims_through_the_live_cursor(client, newsroom):
    story = newsroom["story"]
    version = story.version
    make_source(name="Regional governor")
    claims = [
        {
            "source": "regional governor",
            "text": "Two drones were shot down.",
            "status": "confirmed",
        },
        {"source": "City council", "text": "Schools are closed.", "new_source_kind": "government"},
    ]
    response = post_update(client, newsroom["secret"], headline="Air alert", claims=claims)
    assert response.status_code == 201, response.content
    data = response.json()
    update = Update.objects.get(pk=data["id"])
    assert (update.author, update.headline) == (newsroom["journalist"], "Air alert")
    assert [c["source"]["name"] for c in data["claims"]] == ["Regional governor", "City council"]
    assert Story.objects.get(pk=story.pk).version > version
    # Readers get it at their next poll, and the admin's history says who wrote it.
    changes = client.get(f"/api/stories/front/changes?since={version}").json()
    assert [u["id"] for u in changes["updates"]] == [update.pk]
    entry = LogEntry.objects.get(object_id=str(update.pk))
    assert entry.user == newsroom["journalist"] and entry.is_addition()


@pytest.mark.django_db
def test_the_same_idempotency_key_posts_once_and_answers_with_the_first_update(client, newsroom):
    key = {"Idempotency-Key": str(uuid.uuid4())}
    url = "/api/stories/front/updates"
    first = send(client, "post", url, {"body": "Once"}, secret=newsroom["secret"], headers=key)
    again = send(client, "post", url, {"body": "Once"}, secret=newsroom["secret"], headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Update.objects.count() == 1
    # Someone else's key is not a way to read or claim their update.
    other = token_for(make_user(role="Journalist"))
    stolen = send(client, "post", url, {"body": "Mine"}, secret=other, headers=key)
    assert stolen.status_code == 409
    assert Update.objects.count() == 1


@pytest.mark.django_db
def test_content_the_desk_refuses_is_refused_with_its_messages_and_nothing_saved(client, newsroom):
    response = post_update(
        client,
        newsroom["secret"],
        body="![](https://example.org/a.png)",
        claims=[{"source": "Mayor", "text": "Fine", "source_url": "javascript:alert(1)"}],
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "alternative text" in errors["body"][0]
    assert "claims[0].source_url" in errors
    assert (Update.objects.count(), Claim.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_an_edit_changes_only_what_is_sent_and_is_refused_over_a_newer_version(client, newsroom):
    update = make_update(
        newsroom["story"], author=newsroom["journalist"], headline="Old", body="Text"
    )
    kept = make_claim(update, text="Kept")
    url = f"/api/stories/front/updates/{update.pk}"
    secret = newsroom["secret"]
    stale = update.version
    response = send(
        client, "patch", url, {"headline": "New", "correction_note": "Typo"}, secret=secret
    )
    assert response.status_code == 200, response.content
    update.refresh_from_db()
    assert (update.headline, update.body, update.correction_note) == ("New", "Text", "Typo")
    assert list(update.claims.values_list("text", flat=True)) == ["Kept"]
    conflict = send(client, "patch", url, {"body": "Lost", "version": stale}, secret=secret)
    assert conflict.status_code == 409
    update.refresh_from_db()
    assert update.body == "Text"
    # Sending claims replaces the list: changed, added, and the rest removed.
    claims = [
        {"id": kept.pk, "source": kept.source.name, "text": "Kept, reworded"},
        {"source": "Police", "text": "Road closed"},
    ]
    assert send(client, "patch", url, {"claims": claims}, secret=secret).status_code == 200
    assert list(update.claims.order_by("position").values_list("text", flat=True)) == [
        "Kept, reworded",
        "Road closed",
    ]
    removed = send(client, "patch", url, {"claims": []}, secret=secret)
    assert removed.status_code == 200 and not update.claims.exists()


@pytest.mark.django_db
def test_a_claim_status_is_recorded_with_who_changed_it(client, newsroom):
    update = make_update(newsroom["story"], author=newsroom["journalist"])
    claim = make_claim(update, text="The bridge is down")
    url = f"/api/claims/{claim.pk}/status"
    body = {"status": "confirmed", "note": "Seen by our reporter."}
    response = send(client, "post", url, body, secret=newsroom["secret"])
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    change = ClaimStatusChange.objects.get(claim=claim)
    assert (change.to_status, change.changed_by) == ("confirmed", newsroom["journalist"])
    bad = send(client, "post", url, {"status": "maybe"}, secret=newsroom["secret"])
    assert bad.status_code == 400


@pytest.mark.django_db
def test_images_are_stored_cleaned_and_answered_as_markdown(client, newsroom):
    url = "/api/stories/front/images"
    response = send(
        client, "post", url, {"image": png_file(), "alt": "A red dot"}, secret=newsroom["secret"]
    )
    assert response.status_code == 201, response.content
    assert response.json()["markdown"].startswith("![A red dot](/media/updates/")
    junk = send(
        client, "post", url, {"image": png_file("x.txt"), "alt": " "}, secret=newsroom["secret"]
    )
    assert junk.status_code == 422 and "alt" in junk.json()["errors"]


@pytest.mark.django_db
def test_deleting_goes_through_the_cursor_and_the_history(client, newsroom):
    update = make_update(newsroom["story"], author=newsroom["journalist"])
    version = Story.objects.get(pk=newsroom["story"].pk).version
    url = f"/api/stories/front/updates/{update.pk}"
    assert send(client, "delete", url, secret=newsroom["secret"]).status_code == 204
    assert not Update.objects.filter(pk=update.pk).exists()
    changes = client.get(f"/api/stories/front/changes?since={version}").json()
    assert changes["removed_ids"] == [update.pk]
    assert LogEntry.objects.filter(object_id=str(update.pk), action_flag=3).exists()


@pytest.mark.django_db
def test_tokens_are_stored_hashed_and_stop_working_when_revoked(client, newsroom):
    secret = newsroom["secret"]
    token = ApiToken.objects.get()
    assert secret not in (token.digest, token.hint) and secret.endswith(token.hint)
    assert len(token.digest) == 64
    assert post_update(client, secret).status_code == 201
    token.revoke()
    assert post_update(client, secret).status_code == 401
    assert Update.objects.count() == 1


@pytest.mark.django_db
def test_a_token_of_a_user_who_left_the_newsroom_no_longer_works(client, newsroom):
    journalist = newsroom["journalist"]
    journalist.is_staff = False
    journalist.save()
    assert post_update(client, newsroom["secret"]).status_code == 401


@pytest.mark.django_db
def test_each_token_is_limited_in_writes_per_period(client, newsroom, monkeypatch):
    from stories.syndication.api import auth

    monkeypatch.setattr(auth.PER_TOKEN, "num_requests", 2)
    answers = [post_update(client, newsroom["secret"]).status_code for _ in range(3)]
    assert answers == [201, 201, 429]
    assert int(post_update(client, newsroom["secret"])["Retry-After"]) > 0
    # Another token is counted on its own.
    other = token_for(newsroom["editor"])
    assert post_update(client, other).status_code == 201


@pytest.mark.django_db
def test_an_edit_keeps_the_bylines_co_authors(client, newsroom):
    author, colleague = newsroom["journalist"], make_user(role="Journalist")
    update = make_update(newsroom["story"], author=author)
    update.co_authors.add(colleague)
    url = f"/api/stories/front/updates/{update.pk}"
    response = send(client, "patch", url, {"headline": "Named"}, secret=newsroom["secret"])
    assert response.status_code == 200, response.content
    assert list(update.co_authors.all()) == [colleague]
