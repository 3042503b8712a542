"""The Telegram desk end to end: a local server plays the Bot API, the webhook gets
updates shaped as Telegram sends them, and the bot answers through the safe fetcher."""

import pytest
from django.contrib.admin.models import LogEntry

from stories.models import Story, TelegramLink, Update
from tests.support.factories import make_story, make_user
from tests.support.telegram import (
    deliver,
    edited,
    forwarded_update,
    person,
    photo_update,
    text_update,
)


def linked(role: str = "Journalist", story: Story | None = None, user_id: int = 424242):
    user = make_user(role=role)
    link = TelegramLink.objects.create(user=user, story=story)
    link.link(telegram_user_id=user_id, chat_id=user_id, name="Olena Koval")
    return link


@pytest.fixture
def story():
    return make_story(slug="kharkiv", title="Kharkiv under fire")


@pytest.mark.django_db
def test_a_reporter_links_with_the_code_from_the_admin_and_chooses_a_story(client, bot_api, story):
    user = make_user(role="Journalist")
    link = TelegramLink(user=user)
    code = link.new_code()
    link.save()
    assert deliver(client, text_update(f"/link {code}")).status_code == 200
    link.refresh_from_db()
    assert (link.telegram_user_id, link.chat_id) == (424242, 424242)
    # The code is used up.
    assert TelegramLink.objects.for_code(code) is None
    deliver(client, text_update("/stories"))
    deliver(client, text_update("/story kharkiv"))
    link.refresh_from_db()
    assert link.story == story
    answers = [message["text"] for message in bot_api.sent()]
    assert answers[0].startswith("Linked to")
    assert "/story kharkiv — Kharkiv under fire" in answers[1]
    assert "Kharkiv under fire" in answers[2]


@pytest.mark.django_db
def test_a_journalists_text_becomes_a_draft_and_the_bot_answers_with_its_state_and_link(
    client, bot_api, story
):
    link = linked(story=story)
    assert (
        deliver(client, text_update("Explosions heard in the north of the city.")).status_code
        == 200
    )
    update = Update.objects.get()
    assert (update.state, update.author, update.story) == ("draft", link.user, story)
    assert update.body == "Explosions heard in the north of the city."
    answer = bot_api.sent()[-1]
    assert answer["chat_id"] == 424242
    assert "draft" in answer["text"]
    assert f"/admin/stories/story/{story.pk}/desk/updates/{update.pk}/edit/" in answer["text"]
    assert LogEntry.objects.filter(object_id=str(update.pk), user=link.user).exists()
    # Readers see nothing until it is published from the desk.
    assert not client.get("/api/stories/kharkiv/updates").json()["updates"]


@pytest.mark.django_db
def test_a_contributors_message_is_submitted_for_review(client, bot_api, story):
    linked(role="Contributor", story=story)
    deliver(client, text_update("Queue at the water point on Heroiv Pratsi street."))
    assert Update.objects.get().state == "submitted"
    assert "review" in bot_api.sent()[-1]["text"]


@pytest.mark.django_db
def test_a_photo_with_its_caption_is_fetched_through_getfile_and_stored(client, bot_api, story):
    linked(story=story)
    deliver(client, photo_update("Damaged tram depot on Saltivka."))
    update = Update.objects.get()
    image, caption = update.body.split("\n\n")
    assert image.startswith("![Damaged tram depot on Saltivka.](/media/updates/")
    assert caption == "Damaged tram depot on Saltivka."
    assert bot_api.asked("getFile") == 1
    # The largest of the photo's sizes was asked for.
    assert '"large-id"' in bot_api.site.requests[0].body.decode()


@pytest.mark.django_db
def test_a_forwarded_post_is_quoted_with_where_it_came_from(client, bot_api, story):
    linked(story=story)
    deliver(client, forwarded_update("Air raid alert in Kharkiv region.\nGo to shelters."))
    body = Update.objects.get().body
    assert body == (
        "Forwarded from Kharkiv Regional Administration:\n\n"
        "> Air raid alert in Kharkiv region.\n> Go to shelters."
    )


@pytest.mark.django_db
def test_an_edited_message_changes_its_update_and_a_redelivery_files_nothing_new(
    client, bot_api, story
):
    linked(story=story)
    original = text_update("Two drones downed.")
    deliver(client, original)
    deliver(client, original)  # Telegram sent it again
    assert Update.objects.count() == 1
    deliver(client, edited(original, "Three drones downed, says the governor."))
    update = Update.objects.get()
    assert update.body == "Three drones downed, says the governor."
    assert update.state == "draft"
    assert bot_api.sent()[-1]["text"].startswith("Changed.")


@pytest.mark.django_db
def test_an_unknown_command_is_answered_with_the_commands(client, bot_api, story):
    linked(story=story)
    deliver(client, text_update("/publish_everything now"))
    assert not Update.objects.exists()
    assert "Unknown command /publish_everything" in bot_api.sent()[-1]["text"]


@pytest.mark.django_db
def test_an_unlinked_account_is_refused_answered_and_logged(client, bot_api, story, caplog):
    linked(story=story, user_id=1)
    stranger = person(user_id=999, first_name="Unknown")
    with caplog.at_level("WARNING", logger="stories.telegram.desk"):
        response = deliver(client, text_update("Fake news for the live page.", sender=stranger))
    assert response.status_code == 200
    assert not Update.objects.exists()
    assert "not linked" in bot_api.sent()[-1]["text"]
    assert "unlinked account 999" in caplog.text


@pytest.mark.django_db
def test_a_message_before_choosing_a_story_asks_for_one(client, bot_api, story):
    linked()
    deliver(client, text_update("Where does this go?"))
    assert not Update.objects.exists()
    assert "/story" in bot_api.sent()[-1]["text"]


@pytest.mark.django_db
def test_answers_are_in_the_chosen_storys_language(client, bot_api):
    story = make_story(slug="kyiv", language="uk")
    linked(role="Contributor", story=story)
    deliver(client, text_update("Світло є на Лівому березі."))
    assert bot_api.sent()[-1]["text"].startswith("Надіслано на перевірку в сюжеті")


@pytest.mark.django_db
def test_the_webhook_is_registered_with_its_secret_token(bot_api):
    import json

    from django.core.management import CommandError, call_command

    bot_api.set("setWebhook", {"ok": True, "result": True})
    call_command("set_telegram_webhook", "https://news.example/telegram/webhook/", stdout=None)
    sent = [json.loads(s.body) for s in bot_api.site.requests if s.path.endswith("/setWebhook")]
    assert sent == [
        {
            "url": "https://news.example/telegram/webhook/",
            "secret_token": "webhook-secret-0123456789",
            "allowed_updates": ["message", "edited_message"],
        }
    ]
    with pytest.raises(CommandError):
        call_command("set_telegram_webhook", "http://plain.example/hook/")
