"""Emitting JSON-LD: ``{{ data|json_ld }}`` and tags for claim reviews and the live blog."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from stories.syndication import structured_data

register = template.Library()

# The escaping of Django's json_script: the JSON cannot end the <script> element or
# open a comment in it, whatever the text of a claim or a source's name holds.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` element, safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def claim_reviews_json_ld(context, update) -> str:
    reviews = structured_data.claim_reviews(update, request=context["request"])
    return json_ld(reviews) if reviews else ""


@register.simple_tag(takes_context=True)
def live_blog_json_ld(context, story, updates) -> str:
    return json_ld(structured_data.live_blog_posting(story, updates, context.get("request")))


@register.simple_tag(takes_context=True)
def update_json_ld(context, update) -> str:
    return json_ld(structured_data.update_article(update, context.get("request")))
