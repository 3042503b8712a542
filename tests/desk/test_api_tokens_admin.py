"""API tokens in the admin: issued by each member of the newsroom for themselves, shown
once, stored hashed, revoked from the list; superusers manage everyone's."""

import re

import pytest

from stories.models import ApiToken, Update
from tests.support.api_writes import send
from tests.support.factories import make_story, make_user
from tests.support.hostile import answer, assert_clean_refusal, for_hostile_values

ADD = "/admin/stories/apitoken/add/"
LIST = "/admin/stories/apitoken/"
SECRET = re.compile(r'value="(lbt_[A-Za-z0-9_-]{43})"')


def issue(client, **fields) -> str:
    response = client.post(ADD, {"name": "Field app", **fields})
    assert response.status_code == 200, response.content[:500]
    assert "no-store" in response["Cache-Control"]
    return SECRET.search(response.content.decode()).group(1)


@pytest.mark.django_db
def test_a_journalist_issues_a_token_for_themselves_and_sees_it_once(client):
    journalist = make_user(role="Journalist")
    client.force_login(journalist)
    make_story(slug="front")
    secret = issue(client, user=make_user(role="Editor").pk)
    token = ApiToken.objects.get()
    # Their own, whatever the form was sent with; only a digest is kept.
    assert token.user == journalist
    assert secret not in token.digest
    for url in (LIST, f"{LIST}{token.pk}/change/"):
        assert secret not in client.get(url).content.decode()
    response = send(
        client, "post", "/api/stories/front/updates", {"body": "From the field"}, secret=secret
    )
    assert response.status_code == 201
    assert Update.objects.get().author == journalist


@pytest.mark.django_db
def test_members_see_and_revoke_only_their_own_tokens(client):
    journalist, colleague = make_user(role="Journalist"), make_user(role="Journalist")
    mine, _ = ApiToken.objects.issue(user=journalist, name="Mine")
    theirs, _ = ApiToken.objects.issue(user=colleague, name="Theirs")
    client.force_login(journalist)
    listing = client.get(LIST).content.decode()
    assert "Mine" in listing and "Theirs" not in listing
    assert client.get(f"{LIST}{theirs.pk}/change/").status_code == 302
    for token in (mine, theirs):
        client.post(LIST, {"action": "revoke", "_selected_action": [token.pk]})
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.is_active, theirs.is_active) == (False, True)


@pytest.mark.django_db
def test_a_superuser_issues_a_token_for_a_bot_account_and_revokes_anyones(client):
    admin = make_user(is_superuser=True, is_staff=True)
    bot = make_user(role="Journalist", username="telegram-bot")
    client.force_login(admin)
    issue(client, user=bot.pk, name="Agency feed")
    assert ApiToken.objects.get().user == bot
    client.post(LIST, {"action": "revoke", "_selected_action": [ApiToken.objects.get().pk]})
    assert not ApiToken.objects.get().is_active


@pytest.mark.django_db
def test_outsiders_cannot_reach_the_tokens(client):
    ApiToken.objects.issue(user=make_user(role="Editor"), name="Editor's")
    client.force_login(make_user())  # an account without staff status
    for url in (LIST, ADD):
        assert client.get(url).status_code == 302
    assert client.post(ADD, {"name": "Sneaky"}).status_code == 302
    assert ApiToken.objects.count() == 1


@pytest.mark.django_db
def test_the_token_form_answers_hostile_names_without_a_server_error(client):
    client.force_login(make_user(role="Journalist"))

    @for_hostile_values(max_examples=25)
    def check(value):
        response = answer(client, "post", ADD, {"name": value})
        assert_clean_refusal(response, "token form")

    check()
