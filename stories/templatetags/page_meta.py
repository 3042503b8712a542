"""Tags for the page head: absolute URLs, the newsroom's name, and texts for meta tags."""

from django import template
from django.conf import settings

from stories import rich_text
from stories.syndication import structured_data, timestamps
from stories.syndication.public_url import absolute_url as build_absolute_url
from stories.syndication.public_url import with_absolute_links

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return build_absolute_url(path, context.get("request"))


@register.simple_tag(takes_context=True)
def absolute_body(context, update) -> str:
    """``{% absolute_body update %}``: its sanitised HTML, with absolute links and images."""
    return with_absolute_links(update.body_html, context.get("request"))


@register.simple_tag
def publisher_name() -> str:
    return settings.LIVEBLOG["NEWSROOM_NAME"]


@register.filter
def update_headline(update) -> str:
    return structured_data.update_headline(update)


@register.filter
def body_text(update) -> str:
    return rich_text.plain_text(update.body)


@register.simple_tag
def last_changed_at(story, updates=(), update=None):
    """When the page's content last changed: the story with its updates, or one update."""
    if update is not None:
        return timestamps.update_changed_at(update)
    return timestamps.story_changed_at(story, updates)
