"""``{% update_html update %}``: an update's HTML through the fragment cache."""

from django import template

from stories.reader.fragments import render_update
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
