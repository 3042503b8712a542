"""Telegram links in the admin: a member asks for a one-time code (shown once, stored as a
digest), sends it to the bot, and may unlink; superusers manage everyone's."""

import re

import pytest

from stories.models import TelegramLink
from tests.support.factories import make_user
from tests.support.hostile import answer, assert_clean_refusal
from tests.support.telegram import deliver, text_update

ADD = "/admin/stories/telegramlink/add/"
LIST = "/admin/stories/telegramlink/"
CODE = re.compile(r'value="/link ([A-Z0-9]{5}-[A-Z0-9]{5})"')


@pytest.mark.django_db
def test_a_journalist_gets_a_code_once_and_links_their_phone_with_it(client, bot_api):
    journalist = make_user(role="Journalist")
    client.force_login(journalist)
    page = client.post(ADD, {"user": make_user(role="Editor").pk})
    assert page.status_code == 200
    code = CODE.search(page.content.decode()).group(1)
    link = TelegramLink.objects.get()
    assert link.user == journalist and code.replace("-", "") not in link.code_digest
    assert code not in client.get(f"{LIST}{link.pk}/change/").content.decode()
    deliver(client, text_update(f"/link {code}"))
    link.refresh_from_db()
    assert link.is_linked
    # One link an account: a new code comes from the existing one.
    refused = client.post(ADD, {})
    assert refused.status_code == 200 and "already" in refused.content.decode()
    assert TelegramLink.objects.count() == 1
    again = client.post(LIST, {"action": "new_code", "_selected_action": [link.pk]})
    assert CODE.search(again.content.decode())


@pytest.mark.django_db
def test_members_see_and_unlink_only_their_own(client, bot_api):
    journalist, colleague = make_user(role="Journalist"), make_user(role="Journalist")
    mine = TelegramLink.objects.create(user=journalist)
    mine.link(telegram_user_id=1, chat_id=1, name="Me")
    theirs = TelegramLink.objects.create(user=colleague)
    theirs.link(telegram_user_id=2, chat_id=2, name="Them")
    client.force_login(journalist)
    assert str(colleague) not in client.get(LIST).content.decode()
    for link in (mine, theirs):
        client.post(LIST, {"action": "unlink", "_selected_action": [link.pk]})
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.is_linked, theirs.is_linked) == (False, True)
    # The unlinked phone is now refused.
    deliver(client, text_update("Still me?"))
    assert "not linked" in bot_api.sent()[-1]["text"]


@pytest.mark.django_db
def test_outsiders_cannot_reach_the_links(client):
    client.force_login(make_user())
    for url in (LIST, ADD):
        assert client.get(url).status_code == 302
    assert answer(client, "post", ADD, {"user": "1"}).status_code == 302
    assert not TelegramLink.objects.exists()


@pytest.mark.django_db
def test_the_link_admin_answers_hostile_values_without_a_server_error(client):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    for value in ("\x00", "9" * 40, "x" * 5000, "-1", "<script>"):
        for method, url, data in (
            ("post", ADD, {"user": value}),
            ("get", f"{LIST}?q={value}", None),
            ("post", LIST, {"action": "new_code", "_selected_action": [value]}),
        ):
            assert_clean_refusal(answer(client, method, url, data), url)
