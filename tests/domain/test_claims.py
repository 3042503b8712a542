"""Claims: status history (model and admin) and how a claim reads on the pages."""

import re
from datetime import timedelta

import lxml.html
import pytest
from django.core.management import call_command
from django.utils import timezone

from stories.models import Claim, ClaimStatusChange, Story
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user


def local_time(moment, story, fmt="%H:%M") -> str:
    return moment.astimezone(story.tzinfo).strftime(fmt)


@pytest.mark.django_db
def test_second_change_records_since_when_the_previous_status_held():
    claim = make_claim()
    claim.status = Claim.Status.DISPUTED
    claim.save()
    claim.refresh_from_db()
    assert claim.previous_status_since == claim.created_at  # unverified since it was made
    first_change_at = claim.status_changed_at
    claim.status = Claim.Status.FALSE
    claim.save()
    claim.refresh_from_db()
    assert [(c.from_status, c.to_status) for c in claim.status_changes.all()] == [
        ("unverified", "disputed"),
        ("disputed", "false"),
    ]
    assert claim.previous_status == "disputed"
    assert claim.previous_status_since == first_change_at


@pytest.mark.django_db
def test_saving_a_claim_without_changing_its_status_records_no_history():
    claim = make_claim()
    claim.text = "A corrected wording"
    claim.save()
    assert not claim.status_changes.exists()


def admin_form(client, url: str, form_id: str) -> dict:
    """The admin form's current values, as the browser would submit them."""
    page = lxml.html.fromstring(client.get(url).content)
    form = page.get_element_by_id(form_id)
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


@pytest.mark.django_db
def test_status_change_in_the_claim_admin_is_recorded_with_the_editor(client):
    editor = make_user(is_staff=True, is_superuser=True)
    claim = make_claim(status=Claim.Status.UNVERIFIED)
    client.force_login(editor)
    url = f"/admin/stories/claim/{claim.pk}/change/"
    data = admin_form(client, url, "claim_form")
    data["status"] = ["false"]
    data["note"] = ["The ministry withdrew the statement."]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    change = ClaimStatusChange.objects.get(claim=claim)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "unverified",
        "false",
        editor,
    )
    assert change.note == "The ministry withdrew the statement."
    # The history is listed on the claim's admin page.
    html = client.get(url).content.decode()
    assert "The ministry withdrew the statement." in html


@pytest.mark.django_db
def test_where_the_source_said_it_typed_without_scheme_is_saved_as_https(client):
    claim = make_claim()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = f"/admin/stories/claim/{claim.pk}/change/"
    data = admin_form(client, url, "claim_form")
    data["source_url"] = ["ministry.example/statements/41"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.source_url == "https://ministry.example/statements/41"


@pytest.mark.django_db
def test_status_change_in_the_update_admin_claim_inline_is_recorded_with_the_editor(client):
    editor = make_user(is_staff=True, is_superuser=True)
    update = make_update(author=editor)
    claim = make_claim(update, status=Claim.Status.UNVERIFIED)
    untouched = make_claim(update, status=Claim.Status.UNVERIFIED)
    client.force_login(editor)
    url = f"/admin/stories/update/{update.pk}/change/"
    data = admin_form(client, url, "update_form")
    index = next(
        n for n in range(2) if data[f"claims-{n}-id"] == [str(claim.pk)]
    )  # the inline's order is the claims' order, but don't rely on it
    data[f"claims-{index}-status"] = ["confirmed"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    change = ClaimStatusChange.objects.get()
    assert (change.claim, change.from_status, change.to_status, change.changed_by) == (
        claim,
        "unverified",
        "confirmed",
        editor,
    )
    assert not untouched.status_changes.exists()


@pytest.mark.django_db
def test_claim_admin_list_shows_status_as_coloured_badge_with_its_word(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    make_claim(status=Claim.Status.DISPUTED)
    html = client.get("/admin/stories/claim/").content.decode()
    assert 'class="claim-status claim-status--disputed"' in html
    assert "Disputed</span>" in html
    assert "css/claim-status.css" in html
    assert 'style="' not in re.search(r'<table id="result_list".*?</table>', html, re.S)[0]


@pytest.mark.django_db
def test_claim_shows_its_status_change_as_confirmed_at_time_was_unverified_at_time(client):
    story = make_story(time_zone="Europe/Kyiv")
    claim = make_claim(make_update(story), status=Claim.Status.UNVERIFIED)
    claim.status = Claim.Status.CONFIRMED
    claim.save()
    claim.refresh_from_db()
    html = client.get(story.get_absolute_url()).content.decode()
    pattern = rf'<li class="claim claim--confirmed" id="claim-{claim.pk}".*?</li>'
    item = re.search(pattern, html, re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item[0]))
    changed = local_time(claim.status_changed_at, story)
    was = local_time(claim.previous_status_since, story)
    assert f"Confirmed {changed} — was unverified at {was}" in text
    assert 'data-status="confirmed"' in item[0]


@pytest.mark.django_db
def test_claim_history_gives_the_date_when_the_change_came_on_a_later_day(client):
    story = make_story(time_zone="UTC")
    update = make_update(story, published_at=timezone.now() - timedelta(days=3))
    claim = make_claim(update)
    claim.status = Claim.Status.FALSE
    claim.save()
    claim.refresh_from_db()
    html = client.get(update.get_absolute_url()).content.decode()
    assert local_time(claim.status_changed_at, story, "%-d %b, %H:%M") in html


@pytest.mark.django_db
def test_claim_shows_verbatim_quote_attribution_link_time_and_the_claim_it_answers(client):
    story = make_story(time_zone="UTC")
    ministry = make_source(name="Ministry of Defence")
    army = make_source(name="General Staff")
    update = make_update(story)
    original = make_claim(update, source=ministry, text="The town has fallen")
    said_at = update.published_at - timedelta(hours=2)
    denial = make_claim(
        update,
        source=army,
        text="Our troops hold the town",
        attribution=Claim.Attribution.DENIAL,
        is_verbatim=True,
        source_url="https://example.org/briefing",
        stated_at=said_at,
        responds_to=original,
    )
    html = client.get(story.get_absolute_url()).content.decode()
    item = re.search(rf'<li class="claim[^"]*" id="claim-{denial.pk}".*?</li>', html, re.S)[0]
    assert "<q>Our troops hold the town</q>" in item
    assert 'class="claim-kind">denial<' in item
    assert 'href="https://example.org/briefing"' in item
    # To the second: HTML allows at most three decimals in a datetime attribute.
    assert f'datetime="{said_at.replace(microsecond=0).isoformat()}"' in item
    assert "In answer to Ministry of Defence" in item
    assert f'{update.get_absolute_url()}#claim-{original.pk}"' in item


@pytest.mark.django_db
def test_permalink_lists_every_status_change_of_its_claims(client):
    claim = make_claim()
    for status, note in [("disputed", "Denied by the army."), ("false", "Footage contradicts it.")]:
        claim.status, claim.note = status, note
        claim.save()
    html = client.get(claim.update.get_absolute_url()).content.decode()
    timeline = re.search(r'<details class="claim-timeline">.*?</details>', html, re.S)[0]
    assert timeline.index("Unverified → Disputed: Denied by the army.") < timeline.index(
        "Disputed → False: Footage contradicts it."
    )


@pytest.mark.django_db
def test_story_page_with_many_denials_does_not_query_per_claim(
    client, settings, django_assert_max_num_queries
):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 40}
    story = make_story()
    source, other = make_source(), make_source()
    for _ in range(15):
        update = make_update(story)
        original = make_claim(update, source=source)
        make_claim(
            make_update(story),
            source=other,
            attribution=Claim.Attribution.DENIAL,
            responds_to=original,
        )
    with django_assert_max_num_queries(9):  # one more since updates carry tags
        response = client.get(story.get_absolute_url())
    assert response.content.decode().count("In answer to") == 15


@pytest.mark.django_db
def test_update_permalink_with_many_claims_and_histories_has_constant_queries(
    client, django_assert_max_num_queries
):
    update = make_update()
    for _ in range(12):
        claim = make_claim(update, source=make_source())
        claim.status = Claim.Status.CONFIRMED
        claim.save()
    with django_assert_max_num_queries(6):
        response = client.get(update.get_absolute_url())
    assert response.content.decode().count('<details class="claim-timeline">') == 12


@pytest.mark.django_db
def test_demo_story_uses_every_part_of_claims(client):
    call_command("load_demo", verbosity=0)
    story = Story.objects.get(slug="bakhmut-front-live")
    claims = Claim.objects.filter(update__story=story).select_related(
        "source", "responds_to__source"
    )
    assert len({claim.source.kind for claim in claims}) >= 5
    assert any(
        claim.attribution == Claim.Attribution.DENIAL
        and claim.responds_to is not None
        and claim.responds_to.source != claim.source
        for claim in claims
    )
    changed = claims.exclude(status_changed_at=None).first()
    assert changed.status_changes.exists()

    html = client.get(f"/stories/{story.slug}/sources/").content.decode()
    assert html.count('class="story-source"') == claims.values("source").distinct().count()
    assert "— was " in client.get(changed.update.get_absolute_url()).content.decode()
