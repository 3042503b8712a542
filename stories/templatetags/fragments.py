"""``{% update_html update %}``: an update's HTML through the fragment cache; and the
key-events box's list, ``{% key_events_html key_events story %}``."""

from django import template

from stories.reader.fragments import render_update
from stories.reader.markup.key_events import key_events_html as key_events_markup
from stories.syndication.public_url import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def update_html(context, update, **options):
    """The HTML of ``update`` (``stories.reader.markup``), cached per version.

    Options are ``markup.Setting``'s: ``element_id``, ``not_public``, ``show_history``,
    ``headline_level``, ``hide_source``.
    """
    # The share links need the site's origin; keyed with the rest (reader/fragments.py).
    options.setdefault("share_base", absolute_url("/", context.get("request")).rstrip("/"))
    return render_update(update, context["story"], **options)


@register.simple_tag
def key_events_html(events, story):
    return key_events_markup(events, story)
