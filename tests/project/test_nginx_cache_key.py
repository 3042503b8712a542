"""nginx's cache key carries every query parameter the app reads (deploy/nginx.conf).

A parameter missing from ``$liveblog_query`` is dropped before the app sees it, and its
answers share the copy of the URL without it: ``?tag=shelling`` would be answered with the
whole stream. Each filter of the story page and its poll (``stories/stream_filter.py``),
and the time view of a story's sources, gets its own copy here, through the deployment's
own nginx (``behind_nginx``, tests/project/conftest.py).
"""

import re

from django.db import transaction

from stories.models import Story, Tag
from tests.support.factories import make_story, make_update
from tests.support.nginx import Stack

HX = {"HX-Request": "true"}


def article_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="update[^"]*" id="update-(\d+)"', html)]


def tagged(story, *tags, **fields):
    """An update filed under ``tags``, committed with them as the desk saves one."""
    with transaction.atomic():
        update = make_update(story, **fields)
        update.tags.set(tags)
    return update


def twice(stack: Stack, path: str, source: str, headers: dict | None = None):
    """The answer the app gave (a miss) and the copy nginx then hands out (a hit)."""
    first = stack.request(path, source=source, headers=headers)
    second = stack.request(path, source=source, headers=headers)
    assert second.cache_status == "HIT", (path, second.cache_status)
    assert second.body == first.body, path
    return second


def test_filtered_pages_and_polls_get_their_own_copies_behind_nginx(behind_nginx):
    source = "127.0.0.41"
    story = make_story()
    shelling, aid = Tag.objects.create(name="Shelling"), Tag.objects.create(name="Aid convoys")
    plain = make_update(story, body="An update under no tag.")
    shelled = tagged(story, shelling, body="Shelling near the bridge.")
    convoy = tagged(story, aid, body="A convoy reached the town.")
    key = make_update(story, body="The dam was breached.", is_key_event=True)
    since = Story.objects.get(pk=story.pk).version
    later_shelling = tagged(story, shelling, body="More shelling at dawn.")
    later_convoy = tagged(story, aid, body="A second convoy.")
    # (Written before the first request: gunicorn keeps the story's state a few seconds.)
    page, poll = story.get_absolute_url(), f"/stories/{story.slug}/poll/?since={since}"
    # The whole stream first: before the fix every filter below was handed this copy.
    everything = twice(behind_nginx, page, source)
    assert len(article_ids(everything.body)) == 6
    for query, shown in (
        ("tag=shelling", [later_shelling.pk, shelled.pk]),
        ("tag=aid-convoys", [later_convoy.pk, convoy.pk]),
        ("key=1", [key.pk]),
        ("tag=shelling&order=oldest", [shelled.pk, later_shelling.pk]),
        (
            "order=oldest",
            [plain.pk, shelled.pk, convoy.pk, key.pk, later_shelling.pk, later_convoy.pk],
        ),
    ):
        answer = twice(behind_nginx, f"{page}?{query}&utm_source=x", source)
        assert article_ids(answer.body) == shown, query

    both = twice(behind_nginx, poll, source, HX)
    assert set(article_ids(both.body)) == {later_shelling.pk, later_convoy.pk}
    for query, shown in (("tag=shelling", later_shelling.pk), ("tag=aid-convoys", later_convoy.pk)):
        answer = twice(behind_nginx, f"{poll}&{query}", source, HX)
        assert article_ids(answer.body) == [shown], query
    # No key event among them: a filtered poll names changed updates it does not show
    # as removed (they may have left the filter), never shows them.
    key_only = twice(behind_nginx, f"{poll}&key=1", source, HX)
    assert key_only.status == 200 and article_ids(key_only.body) == []


def test_malformed_filters_reach_the_app_after_the_plain_answer_is_cached(behind_nginx):
    # Each parameter reaches the app, which refuses a bad value, instead of being
    # dropped and answered from the copy without it.
    source = "127.0.0.42"
    story = make_story()
    make_update(story)
    since = Story.objects.get(pk=story.pk).version
    page, poll = story.get_absolute_url(), f"/stories/{story.slug}/poll/?since={since}"
    sources = f"/stories/{story.slug}/sources/"
    for path, headers in ((page, None), (poll, HX), (sources, None)):
        twice(behind_nginx, path, source, headers)
    for path, headers, junk in (
        (page, None, "?order=sideways"),
        (page, None, "?key=yes"),
        (page, None, "?tag=a%20b"),
        (poll, HX, "&order=sideways"),
        (poll, HX, "&key=yes"),
        (poll, HX, "&tag=a%20b"),
        (sources, None, "?at=not-a-moment"),
    ):
        answer = behind_nginx.request(path + junk, source=source, headers=headers)
        assert answer.status == 400, (path + junk, answer.status, answer.cache_status)
