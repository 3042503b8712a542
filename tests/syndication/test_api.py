"""The JSON API: stories, updates newest first by keyset, changes since a cursor."""

import json
from datetime import timedelta

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, settings

from stories.models import Claim, Story, Tag
from stories.syndication.api import api
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user


def current_version(story) -> int:
    return Story.objects.get(pk=story.pk).version


@pytest.mark.django_db
def test_story_list_shows_public_stories_live_first_and_filters_by_status(client):
    ended = make_story(title="Election night", status=Story.Status.ENDED)
    live = make_story(title="Storm reaches the coast")
    make_story(title="Secret draft", status=Story.Status.DRAFT)
    answer = client.get("/api/stories").json()
    assert [story["slug"] for story in answer["stories"]] == [live.slug, ended.slug]
    assert answer["stories"][0]["url"] == f"http://testserver/stories/{live.slug}/"
    assert answer["next_page"] is None
    only_ended = client.get("/api/stories?status=ended").json()["stories"]
    assert [story["slug"] for story in only_ended] == [ended.slug]


@pytest.mark.django_db
def test_updates_come_newest_first_with_claims_and_page_through_without_gaps(client):
    story = make_story()
    start = timezone.now() - timedelta(hours=1)
    updates = [make_update(story, published_at=start + timedelta(minutes=i)) for i in range(5)]
    # Two updates at the same moment must not be lost between pages.
    updates.append(make_update(story, published_at=updates[-1].published_at))
    make_update(story, published_at=timezone.now() + timedelta(hours=1))  # scheduled
    source = make_source(name="Regional governor")
    claim = make_claim(updates[0], source=source, text="Power is back", status="confirmed")
    seen, before, version = [], None, None
    while True:
        url = f"/api/stories/{story.slug}/updates?limit=2" + (f"&before={before}" if before else "")
        answer = client.get(url).json()
        version = version or answer["version"]
        seen += answer["updates"]
        before = answer["next_before"]
        if before is None:
            break
    expected = sorted(updates, key=lambda u: (u.published_at, u.pk), reverse=True)
    assert [update["id"] for update in seen] == [u.pk for u in expected]
    assert version == current_version(story)
    oldest = seen[-1]
    assert oldest["claims"] == [
        {
            "id": claim.pk,
            "source": {
                "name": "Regional governor",
                "slug": source.slug,
                "kind": "government",
                "url": f"http://testserver/sources/{source.slug}/",
            },
            "text": "Power is back",
            "attribution": "statement",
            "is_verbatim": False,
            "status": "confirmed",
            "status_label": "Confirmed",
            "status_changed_at": None,
            "previous_status": "",
            "note": "",
            "source_url": "",
            "stated_at": None,
            "responds_to": None,
            "thread": claim.thread_id,
            "thread_url": f"http://testserver/claims/{claim.thread_id}/",
            "stance": "supports",
            "saved_copy": None,
        }
    ]
    assert oldest["url"] == f"http://testserver/stories/{story.slug}/updates/{updates[0].pk}/"


@pytest.mark.django_db
def test_changes_since_cursor_bring_edits_new_updates_and_deletions_once(
    client, django_capture_on_commit_callbacks
):
    story = make_story()
    edited, deleted = make_update(story, body="Two villages"), make_update(story)
    since = client.get(f"/api/stories/{story.slug}/updates").json()["version"]
    # Commit hooks refresh the cached story state, as after a real commit.
    with django_capture_on_commit_callbacks(execute=True):
        edited.body = "Three villages"
        edited.save()
        deleted_pk = deleted.pk
        deleted.delete()
        added = make_update(story, headline="Bridge destroyed")
    answer = client.get(f"/api/stories/{story.slug}/changes?since={since}").json()
    assert {update["id"] for update in answer["updates"]} == {edited.pk, added.pk}
    assert answer["removed_ids"] == [deleted_pk]
    by_id = {update["id"]: update for update in answer["updates"]}
    assert by_id[edited.pk]["body_text"] == "Three villages"
    assert by_id[edited.pk]["edited_at"] is not None
    assert answer["version"] == current_version(story) and answer["since"] == since
    again = client.get(f"/api/stories/{story.slug}/changes?since={answer['version']}").json()
    assert again["updates"] == [] and again["removed_ids"] == []
    assert again["version"] == answer["version"]


@pytest.mark.django_db
def test_claim_status_change_resends_its_update_with_the_new_status(client):
    story = make_story()
    claim = make_claim(make_update(story), status=Claim.Status.UNVERIFIED)
    since = current_version(story)
    claim.status = Claim.Status.FALSE
    claim.save()
    answer = client.get(f"/api/stories/{story.slug}/changes?since={since}").json()
    [update] = answer["updates"]
    [sent] = update["claims"]
    assert sent["status"] == "false" and sent["previous_status"] == "unverified"
    assert update["updated_at"] == sent["status_changed_at"]


@pytest.mark.django_db
def test_nothing_new_answer_reads_no_database_and_revalidates_with_etag(
    client, django_capture_on_commit_callbacks
):
    story = make_story()
    make_update(story)
    version = current_version(story)
    url = f"/api/stories/{story.slug}/changes?since={version}"
    first = client.get(url)  # warms the story-state cache
    assert "public" in first["Cache-Control"] and "stale-while-revalidate" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        empty = client.get(url)
    assert len(queries) == 0
    assert again.status_code == 304 and again.content == b""
    assert empty.json()["updates"] == [] and empty.json()["version"] == version
    with django_capture_on_commit_callbacks(execute=True):
        make_update(story)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 200


@pytest.mark.django_db
def test_scheduled_update_arrives_in_changes_once_due(client):
    story = make_story()
    scheduled = make_update(story, published_at=timezone.now() + timedelta(seconds=30))
    since = client.get(f"/api/stories/{story.slug}/updates").json()["version"]
    assert client.get(f"/api/stories/{story.slug}/changes?since={since}").json()["updates"] == []
    later = timezone.now() + timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        answer = client.get(f"/api/stories/{story.slug}/changes?since={since}").json()
    assert [update["id"] for update in answer["updates"]] == [scheduled.pk]


@pytest.mark.django_db
def test_api_query_count_does_not_grow_with_updates(client, django_assert_max_num_queries):
    story = make_story()
    author = make_user(first_name="Ola", last_name="Nordmann")
    shelling = Tag.objects.create(name="Shelling")
    for _ in range(20):
        update = make_update(story, author=author)
        make_claim(update)
        make_claim(update)
        update.tags.add(shelling)
    # Story, updates, claims (with their threads and sources), co-authors, tags, ...
    with django_assert_max_num_queries(7):
        answer = client.get(f"/api/stories/{story.slug}/updates?limit=20").json()
    assert sum(len(update["claims"]) for update in answer["updates"]) == 40
    assert answer["updates"][0]["author"] == "Ola Nordmann"
    assert {tuple(update["tags"]) for update in answer["updates"]} == {("shelling",)}
    with django_assert_max_num_queries(7):
        changes = client.get(f"/api/stories/{story.slug}/changes?since=0").json()
    assert len(changes["updates"]) == 20


@pytest.mark.parametrize(
    "query",
    [
        "changes?since=-1",
        "changes?since=abc",
        "changes?since=99999999999999999999999",
        "changes",
        "updates?before=x",
        "updates?before=99999999999999999999-1",
        "updates?before=1-1%00",
        "updates?before=-99999999999999999-1",
        "updates?limit=0",
        "updates?limit=1000",
    ],
)
@pytest.mark.django_db
def test_bad_parameters_get_400_with_a_short_message(client, query):
    story = make_story()
    response = client.get(f"/api/stories/{story.slug}/{query}")
    assert response.status_code == 400
    assert 0 < len(response.json()["detail"]) < 100


@pytest.mark.django_db
def test_draft_or_unknown_story_is_404(client):
    draft = make_story(status=Story.Status.DRAFT)
    make_update(draft)
    for slug in (draft.slug, "no-such-story"):
        assert client.get(f"/api/stories/{slug}").status_code == 404
        assert client.get(f"/api/stories/{slug}/updates").status_code == 404
        assert client.get(f"/api/stories/{slug}/changes?since=0").status_code == 404


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/openapi.json").json()
    assert schema == json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
    assert {"/api/stories", "/api/stories/{slug}/changes"} <= set(schema["paths"])
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn." not in docs


@pytest.fixture
def story_with_everything():
    story = make_story(summary="Coverage of the storm", time_zone="Europe/Kyiv")
    author = make_user(first_name="Ana", last_name="Lima")
    first = make_update(story, author=author, headline="Landfall", is_key_event=True)
    source = make_source(url="https://example.org/")
    claim = make_claim(first, source=source, is_verbatim=True, source_url="https://example.org/a")
    make_claim(make_update(story, is_pinned=True), source=source, responds_to=claim)
    claim.status = Claim.Status.DISPUTED
    claim.save()
    gone = make_update(story)
    gone.delete()
    return story


@pytest.mark.django_db
def test_every_operation_answers_as_its_openapi_schema_says(api_schema, story_with_everything):
    slug = story_with_everything.slug
    cases = [
        ("/api/stories", {}, {}),
        ("/api/stories", {}, {"status": "ended", "page": 3}),
        ("/api/stories/{slug}", {"slug": slug}, {}),
        ("/api/stories/{slug}/updates", {"slug": slug}, {"limit": 1}),
        ("/api/stories/{slug}/updates", {"slug": slug}, {"before": "bad"}),
        ("/api/stories/{slug}/updates", {"slug": "missing"}, {}),
        ("/api/stories/{slug}/changes", {"slug": slug}, {"since": 0}),
        ("/api/stories/{slug}/changes", {"slug": slug}, {"since": 10**6}),
    ]
    for path, path_parameters, query in cases:
        case = api_schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
        case.call_and_validate()


# Loaded at import for parametrize; test_openapi_schema_and_docs_are_served checks that
# this is the schema the app serves.
generated = schemathesis.openapi.from_dict(api.get_openapi_schema())
generated.app = get_wsgi_application()


@pytest.mark.django_db
@generated.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests_never_break_the_api_or_its_schema(
    case, story_with_everything, api_schema
):
    case.call_and_validate()


@pytest.mark.django_db
def test_update_html_in_the_api_has_absolute_image_addresses(client):
    story = make_story()
    make_update(story, body="![Flooded street](/media/updates/2026/01/street.png)")
    [update] = client.get(f"/api/stories/{story.slug}/updates").json()["updates"]
    assert 'src="http://testserver/media/updates/2026/01/street.png"' in update["body_html"]


@pytest.mark.django_db
def test_changes_from_a_cursor_too_far_behind_say_to_list_again(client, monkeypatch):
    story = make_story()
    make_update(story)
    make_update(story)
    monkeypatch.setattr("stories.live.cache.MAX_CATCH_UP_VERSIONS", 1)
    response = client.get(f"/api/stories/{story.slug}/changes?since=0")
    assert response.status_code == 410
    assert "list the story's updates again" in response.json()["detail"]
    version = Story.objects.get(pk=story.pk).version
    assert client.get(f"/api/stories/{story.slug}/changes?since={version - 1}").status_code == 200
