"""The key-events box's list: each key event's time and headline, linking into the stream
at that update (a page of the stream that starts with it)."""

import functools

from django.utils.safestring import SafeString
from django.utils.text import Truncator

from stories.links import links
from stories.reader.markup.html import html, joined
from stories.reader.markup.times import StoryClock, machine
from stories.syndication.structured_data import update_headline


def key_events_html(events, story) -> SafeString:
    """``<li>`` items for ``events`` (headline, body and time loaded: ``key_events_box``)."""
    clock, story_url = StoryClock(story.time_zone), links().story(story.slug)
    return joined(
        html(
            '<li>\n<a href="{}?before={}#update-{}"\n data-update-link="{}">'
            '<time datetime="{}">{}</time> {}</a>\n</li>\n',
            story_url,
            event.stream_position,
            event.pk,
            event.pk,
            machine(event.published_at),
            clock.shown(event.published_at, "SHORT_DATETIME_FORMAT"),
            _first_words(update_headline(event)),
        )
        for event in events
    )


# The box shows the same headlines on every page and poll answer of the story.
@functools.lru_cache(maxsize=2048)
def _first_words(headline: str) -> str:
    return Truncator(headline).words(14, truncate=" …")
