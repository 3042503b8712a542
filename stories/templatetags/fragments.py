"""``{% update_html update %}``: an update's HTML through the fragment cache."""

from django import template
from django.utils.safestring import mark_safe

from stories.reader.fragments import render_update
from stories.syndication.public_url import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def update_html(context, update, **options):
    """Render ``stories/includes/update.html`` for ``update`` (cached per version).

    Options are the include's: ``element_id``, ``not_public``, ``show_history``,
    ``headline_level``, ``hide_source``.
    """
    # The share links need the site's origin; keyed with the rest (reader/fragments.py).
    options.setdefault("share_base", absolute_url("/", context.get("request")).rstrip("/"))
    # The HTML was rendered by our own template, with autoescaping on.
    return mark_safe(render_update(update, context["story"], **options))  # noqa: S308
