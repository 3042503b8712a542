"""The webhook under hostile input and for every kind of account: the secret token is
required, anything that is not a Telegram update is a clear 4xx, Bot API failures never
half-file an update, and each role files only what the desk would let it."""

import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stories.models import Claim, Source, Story, TelegramLink, Update
from tests.support.factories import make_story, make_user
from tests.support.hostile import answer, assert_clean_refusal
from tests.support.local_sites import Page
from tests.support.telegram import WEBHOOK, deliver, photo_update, text_update


def linked(user, story=None, user_id=424242):
    link = TelegramLink.objects.create(user=user, story=story)
    link.link(telegram_user_id=user_id, chat_id=user_id, name="Reporter")
    return link


def counts():
    return (Update.objects.count(), Claim.objects.count(), Source.objects.count())


@pytest.mark.django_db
def test_without_the_secret_token_nothing_is_read(client, bot_api):
    linked(make_user(role="Editor"), make_story())
    for secret in (None, "", "wrong", "webhook-secret-0123456789 ", "ä" * 10):
        response = deliver(client, text_update("Planted news"), secret=secret)
        assert response.status_code == 403, secret
    assert not Update.objects.exists()
    assert bot_api.sent() == []


@pytest.mark.django_db
def test_the_webhook_is_off_until_the_bot_is_configured(client, settings):
    settings.TELEGRAM = {"BOT_TOKEN": "", "SECRET": "", "API_URL": ""}
    assert deliver(client, text_update("Hello"), secret="").status_code == 404
    assert client.get(WEBHOOK).status_code == 405


# A message's required parts, to which each case below adds one wrong field.
M = '"message_id": 1, "from": {"id": 1}, "chat": {"id": 1}'

NOT_UPDATES = [
    "",
    "{",
    "[]",
    "null",
    '"text"',
    "{}",
    '{"update_id": "1", "message": {}}',
    '{"update_id": 1, "message": []}',
    '{"update_id": 1, "message": {"message_id": 1, "from": {"id": "x"}, "chat": {"id": 1}}}',
    '{"update_id": 1, "message": {"message_id": 1, "from": {"id": 1}, "chat": null}}',
    '{"update_id": 1, "message": {' + M + ', "text": 5}}',
    '{"update_id": 1, "message": {' + M + ', "photo": "x"}}',
    '{"update_id": 1, "message": {' + M + ', "photo": [{}]}}',
    '{"update_id": 1, "message": {' + M + ', "forward_origin": {"chat": 3}}}',
    '{"update_id": 99999999999999999999, "message": null}',
    '{"update_id": true}',
    "[" * 5000 + "]" * 5000,
    "\xff\xfe",
]


@pytest.mark.parametrize("body", NOT_UPDATES)
@pytest.mark.django_db
def test_what_is_not_a_telegram_update_gets_400_and_files_nothing(client, bot_api, body):
    linked(make_user(role="Editor"), make_story())
    before = counts()
    response = answer(
        client,
        "post",
        WEBHOOK,
        body,
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": "webhook-secret-0123456789"},
    )
    assert response.status_code == 400, (body[:60], response.content)
    assert_clean_refusal(response, "webhook")
    assert counts() == before


@pytest.mark.django_db
def test_a_huge_update_is_refused_before_it_is_read(client, bot_api):
    body = json.dumps(text_update("x" * 100_000))
    response = deliver(client, body)
    assert response.status_code == 413


@pytest.mark.django_db
def test_updates_the_desk_does_not_handle_are_acknowledged_and_ignored(client, bot_api):
    linked(make_user(role="Editor"), make_story())
    channel_post = {
        "update_id": 5,
        "channel_post": {"message_id": 1, "chat": {"id": -1}, "text": "x"},
    }
    for update in (channel_post, {"update_id": 6, "callback_query": {"id": "1"}}):
        assert deliver(client, update).status_code == 200
    assert not Update.objects.exists()


@pytest.mark.django_db
def test_generated_documents_never_break_the_webhook(client, bot_api):
    linked(make_user(role="Journalist"), make_story())
    leaves = st.none() | st.booleans() | st.integers() | st.text(max_size=50)
    values = st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "update_id",
                        "message",
                        "edited_message",
                        "from",
                        "chat",
                        "id",
                        "text",
                        "photo",
                        "caption",
                        "message_id",
                        "forward_origin",
                        "file_id",
                        "file_size",
                    ]
                ),
                inner,
                max_size=6,
            )
        ),
        max_leaves=20,
    )

    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(document=values)
    def check(document):
        response = answer(
            client,
            "post",
            WEBHOOK,
            json.dumps(document),
            content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": "webhook-secret-0123456789"},
        )
        assert_clean_refusal(response, "webhook")

    check()


@pytest.mark.parametrize(
    "failure",
    [
        (
            "getFile",
            Page(
                '{"ok": false, "description": "file is too big"}', content_type="application/json"
            ),
        ),
        (
            "getFile",
            Page(
                '{"ok": true, "result": {"file_path": "../../etc/passwd"}}',
                content_type="application/json",
            ),
        ),
        ("file", Page("not here", status=404)),
        ("file", Page(b"<html>not an image</html>", content_type="image/jpeg")),
        ("file", Page(b"x" * (6 * 1024 * 1024), content_type="image/jpeg")),
    ],
    ids=["refused", "odd path", "missing", "not an image", "too large"],
)
@pytest.mark.django_db
def test_a_photo_that_cannot_be_fetched_files_nothing_and_says_so(client, bot_api, failure):
    linked(make_user(role="Journalist"), make_story())
    where, page = failure
    path = (
        "/bot7000001:AAE-test-token-not-real/getFile"
        if where == "getFile"
        else "/file/bot7000001:AAE-test-token-not-real/photos/file_7.jpg"
    )
    bot_api.site.pages[path] = page
    assert deliver(client, photo_update("Crater on the bypass")).status_code == 200
    assert counts()[0] == 0
    assert (
        "Nothing was filed" in bot_api.sent()[-1]["text"]
        or "nothing was filed" in bot_api.sent()[-1]["text"]
    )


@pytest.mark.django_db
def test_a_failing_answer_does_not_undo_or_repeat_the_filing(client, bot_api):
    linked(make_user(role="Journalist"), make_story())
    bot_api.set("sendMessage", {"ok": False}, status=500)
    assert deliver(client, text_update("Bridge closed")).status_code == 200
    assert Update.objects.count() == 1


EXPECTED = {
    # role: state filed on a live story, on an ended one, on a draft story
    "Contributor": ("submitted", None, None),
    "Journalist": ("draft", None, None),
    "Editor": ("draft", "draft", "draft"),
    "not staff": (None, None, None),
}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.django_db
def test_telegram_permission_matrix(client, bot_api, role):
    user = make_user(role=None if role == "not staff" else role)
    for n, status in enumerate((Story.Status.LIVE, Story.Status.ENDED, Story.Status.DRAFT)):
        story = make_story(status=status)
        TelegramLink.objects.filter(user=user).delete()
        linked(user, story)
        update = text_update(f"Report {n}")
        assert deliver(client, update).status_code == 200
        filed = Update.objects.filter(story=story).first()
        assert (filed.state if filed else None) == EXPECTED[role][n], (role, status)


@pytest.mark.django_db
def test_link_codes_work_once_and_expire(client, bot_api):
    link = TelegramLink(user=make_user(role="Journalist"))
    code = link.new_code()
    link.save()
    assert TelegramLink.objects.for_code(code.lower().replace("-", " ")) == link
    TelegramLink.objects.filter(pk=link.pk).update(
        code_expires_at=link.code_expires_at - timedelta(hours=1)
    )
    deliver(client, text_update(f"/link {code}"))
    link.refresh_from_db()
    assert not link.is_linked
    assert "wrong or has expired" in bot_api.sent()[-1]["text"]
    for guess in ("", "x", "A" * 10_000, "ÄÖÜ", "\u202e"):
        deliver(client, text_update(f"/link {guess}"))
    assert not TelegramLink.objects.linked().exists()


@pytest.mark.django_db
def test_an_account_sending_too_fast_is_dropped_not_filed(client, bot_api, monkeypatch, caplog):
    from stories.telegram import desk

    monkeypatch.setattr(desk, "PER_ACCOUNT_PER_MINUTE", 3)
    linked(make_user(role="Journalist"), make_story())
    with caplog.at_level("WARNING", logger="stories.telegram.desk"):
        for n in range(5):
            assert deliver(client, text_update(f"Message {n}")).status_code == 200
    assert Update.objects.count() == 3
    assert "over the rate of account 424242" in caplog.text
    assert len(bot_api.sent()) == 3
