"""What readers must see of an update and its claims, made by stories/reader/markup/.

The markup is built in Python, not by templates with autoescaping: these tests read
the page back as a browser would (lxml) and check each part a reader relies on is
there, says what the rows say, links where it should, and that text from editors and
sources arrives as text, never as markup.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from stories.evidence.cards import snapshot
from stories.models import Claim, SavedCopy, Tag, Update
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user

# Text that would be markup, an entity, a format field or a broken attribute if any
# step of the markup forgot to escape it.
HOSTILE = "<b>bold</b> & \"quoted\" 'single' {0} %(name)s &amp;"


def page(client, story, path: str = "") -> lxml.html.HtmlElement:
    response = client.get(path or f"/stories/{story.slug}/")
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def one(root, path: str):
    found = root.xpath(path)
    assert len(found) == 1, f"{path}: {len(found)} found"
    return found[0]


def of_class(name: str, tag: str = "*") -> str:
    """An XPath step to the ``tag`` elements of class ``name``, at any depth."""
    return f".//{tag}[contains(concat(' ', @class, ' '), ' {name} ')]"


def text(element) -> str:
    return " ".join(element.text_content().split())


def saved_copy(update, claim, **fields) -> SavedCopy:
    """A done saved copy of the claim's source page, shown by the update as the job does."""
    copy = SavedCopy.objects.create(
        update=update,
        claim=claim,
        address=claim.source_url,
        state=SavedCopy.State.DONE,
        captured_at=update.published_at + timedelta(minutes=5),
        **fields,
    )
    Update.objects.filter(pk=update.pk).update(saved_copies_shown=snapshot(update.pk))
    return copy


@pytest.fixture
def quoted(db):
    """An update by two people, tagged, quoting a source whose claim was found false."""
    story = make_story(time_zone="Europe/Kyiv")
    author = make_user(first_name="Ada", last_name=HOSTILE)
    co_author = make_user(first_name="Bo", last_name="Lind")
    with transaction.atomic():
        update = make_update(story, headline=HOSTILE, author=author, correction_note=HOSTILE)
        update.co_authors.set([co_author])
        update.tags.set([Tag.objects.create(name=f"Tag {HOSTILE}")])
    source = make_source(name=f"Source {HOSTILE}")
    claim = make_claim(
        update,
        source=source,
        text=f"Claim {HOSTILE}",
        source_url="https://example.org/said?a=1&b=2",
    )
    # Found false after it was made: a change in its history, and the verdict banner.
    claim.status, claim.note = Claim.Status.FALSE, f"Note {HOSTILE}"
    claim.save()
    copy = saved_copy(update, claim, original=SavedCopy.Original.DELETED)
    return story, update, claim, copy


def test_an_update_shows_its_byline_tags_headline_and_correction_as_text(client, quoted):
    story, update, _claim, _copy = quoted
    article = one(page(client, story), f".//article[@id='update-{update.pk}']")
    assert text(one(article, of_class("byline"))) == f"By Ada {HOSTILE}, Bo Lind"
    assert text(one(article, of_class("update-headline"))) == HOSTILE
    assert text(one(article, of_class("update-edited"))) == f"Correction: {HOSTILE}"
    tag = one(article, of_class("update-tags") + "//a[@rel='tag']")
    assert text(tag) == f"Tag {HOSTILE}"
    assert tag.get("href") == f"/stories/{story.slug}/?tag={Tag.objects.get().slug}"
    # Nothing an editor or a source wrote became an element.
    assert article.xpath(".//b") == []
    share = one(article, of_class("share", "div"))
    assert share.get("data-share-title") == HOSTILE
    assert share.get("data-share-url").endswith(update.get_absolute_url())


def test_a_claim_shows_its_source_status_note_and_saved_copy(client, quoted):
    story, update, claim, copy = quoted
    item = one(page(client, story), f".//li[@id='claim-{claim.pk}']")
    assert item.get("data-status") == "false"
    source = one(item, of_class("claim-source", "a"))
    assert text(source) == claim.source.name
    assert source.get("href") == claim.source.get_absolute_url()
    assert text(one(item, of_class("claim-text"))).startswith(f"Claim {HOSTILE}")
    assert one(item, of_class("claim-link", "a")).get("href") == "https://example.org/said?a=1&b=2"
    assert text(one(item, of_class("claim-status"))) == "✗ False"
    assert text(one(item, of_class("claim-note"))) == f"Note {HOSTILE}"
    thread_link = one(item, of_class("claim-thread-link", "a"))
    assert thread_link.get("href") == reverse("stories:claim_thread", args=[claim.thread_id])
    link = one(item, of_class("claim-saved-copy") + "/a[@class='saved-copy-link']")
    assert link.get("href") == reverse("stories:saved_copy", args=[copy.pk])
    local = timezone.localtime(copy.captured_at, timezone=ZoneInfo(story.time_zone))
    assert text(link) == f"Saved copy, {local:%H:%M}"
    assert text(one(item, of_class("original-mark--deleted"))) == "Original deleted"


def test_a_false_claim_puts_a_banner_linking_its_evidence_above_the_update(client, quoted):
    story, update, claim, _copy = quoted
    article = one(page(client, story), f".//article[@id='update-{update.pk}']")
    banner = one(article, of_class("verdict-banner--false", "p"))
    assert text(banner).startswith("A claim in this update has since been found false")
    link = one(banner, "a")
    assert link.get("href") == reverse("stories:claim_thread", args=[claim.thread_id])


def test_an_answer_and_a_denial_name_what_they_answer_and_deny(client, quoted):
    story, update, claim, _copy = quoted
    later = make_update(story, body="Later")
    answer = make_claim(
        later, text="No", responds_to=claim, thread=claim.thread, stance=Claim.Stance.CONTRADICTS
    )
    item = one(page(client, story), f".//li[@id='claim-{answer.pk}']")
    responds = one(item, of_class("claim-responds"))
    assert text(responds).startswith(f"In answer to Source {HOSTILE}:")
    assert one(responds, "a").get("href") == f"{update.get_absolute_url()}#claim-{claim.pk}"
    assert text(one(item, of_class("claim-stance") + "/q")) == claim.thread.wording
    assert item.xpath(".//b") == []


def test_the_pinned_copy_and_the_permalink_keep_ids_apart_and_history(client, quoted):
    story, update, claim, _copy = quoted
    Update.objects.filter(pk=update.pk).update(is_pinned=True)
    root = page(client, story)
    pinned = one(root, ".//section[@id='pinned']/article[@id='pinned-update']")
    assert pinned.get("aria-labelledby") == "pinned-update-time"
    one(pinned, f".//li[@id='pinned-update-claim-{claim.pk}']")
    one(root, f".//div[@id='stream']//li[@id='claim-{claim.pk}']")
    permalink = page(client, story, update.get_absolute_url())
    one(permalink, of_class("update-headline", "h1"))
    timeline = one(permalink, f".//li[@id='claim-{claim.pk}']" + of_class("claim-timeline")[1:])
    assert text(timeline).startswith("How its status changed")


def test_the_markup_speaks_the_story_language(client, quoted):
    story, update, claim, _copy = quoted
    story.language = "uk"
    story.save()
    Update.objects.filter(pk=update.pk).update(is_key_event=True)
    article = one(page(client, story), f".//article[@id='update-{update.pk}']")
    with translation.override("uk"):
        assert text(one(article, of_class("badge--key"))) == translation.gettext("Key event")
        byline = translation.gettext("By %(name)s") % {"name": f"Ada {HOSTILE}, Bo Lind"}
        assert text(one(article, of_class("byline"))) == byline
        assert one(article, of_class("claims", "ul")).get("aria-label") == translation.gettext(
            "Claims in this update"
        )
    assert text(one(article, of_class("badge--key"))) != "Key event"
