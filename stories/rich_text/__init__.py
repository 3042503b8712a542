"""Update bodies: Markdown written by journalists, rendered to HTML and sanitised.

Sanitising happens on every save (``Update.save()``) with nh3, a maintained binding to
the ammonia sanitiser, so whatever an editor pastes, no script, event handler or
``javascript:`` URL reaches a reader. Pages show the stored ``body_html``.

Rendering costs time in proportion to the text, whatever the text (``bounded.py``):
lists and quotes nested deeper than ``MAX_NESTING`` levels show as text,
``markdown_rendering`` says so, and the desk refuses such a body with a message rather
than save what the journalist did not mean.
"""

import functools
import html
import re
from typing import NamedTuple

import markdown
import nh3
from django.utils.html import strip_tags

from stories.rich_text.bounded import MAX_BRACKET_DEPTH, MAX_NESTING, BoundedMarkdown

__all__ = [
    "MAX_BRACKET_DEPTH",
    "MAX_NESTING",
    "images_without_alt",
    "markdown_rendering",
    "plain_text",
    "render_markdown",
    "sanitize_html",
    "strip_unsafe_characters",
    "xml_safe",
]

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote",
    "img", "h3", "h4", "code", "pre", "hr", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Possessive, and never across a bracket: one pass over the text, whatever it holds.
_MARKDOWN_IMAGE = re.compile(
    r"!\[(?P<alt>[^\[\]]*+)\]\((?P<src>(?:[^()\s]++|\([^()\s]*+\))++)[^()]*+\)"
)
_HTML_IMAGE = re.compile(r"<img\b[^<>]*+>", re.IGNORECASE)
_HTML_ALT = re.compile(r"""\balt\s*=\s*(["'])(?P<alt>.*?)\1""", re.IGNORECASE | re.DOTALL)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# An image uploaded from the desk: stories/images.py puts its size in its name.
_UPLOADED_IMAGE = re.compile(
    r"<img (?![^>]*\bwidth=)"
    r'(?=[^>]*\bsrc="[^"]*/updates/\d{4}/\d{2}/[0-9a-f]{32}-(\d{1,5})x(\d{1,5})\.\w+")'
)


class MarkdownRendering(NamedTuple):
    html: str
    # Lists and quotes nested deeper than MAX_NESTING somewhere: the deeper markers show
    # as text, which is not what the journalist meant.
    too_deeply_nested: bool


def markdown_rendering(text: str) -> MarkdownRendering:
    """The body as HTML readers may be shown, and whether it went past the limits."""
    md = markdown.Markdown(extensions=["sane_lists", BoundedMarkdown()], output_format="html")
    html = sanitize_html(md.convert(text or ""))
    # Uploaded images get their size, so the page keeps their box while they load.
    html = _UPLOADED_IMAGE.sub(r'<img width="\1" height="\2" ', html)
    # Images load lazily and never push the text around while they arrive.
    html = html.replace("<img ", '<img loading="lazy" decoding="async" ')
    return MarkdownRendering(html, md.too_deeply_nested)


def render_markdown(text: str) -> str:
    return markdown_rendering(text).html


# --- text ---------------------------------------------------------------------------------


# Pages show it for every update of the stream and every headline-less key event, and
# rendering Markdown costs about a millisecond: the same body is rendered once per process.
@functools.lru_cache(maxsize=2048)
def plain_text(text: str) -> str:
    """The body as plain text, for feeds' summaries, JSON-LD and search snippets.

    Characters, not HTML: "&" stays "&" (templates and feeds escape it once, themselves).
    """
    return " ".join(html.unescape(strip_tags(render_markdown(text))).split())


def images_without_alt(text: str) -> list[str]:
    """Image addresses in a Markdown body whose alternative text is missing."""
    missing = [m["src"] for m in _MARKDOWN_IMAGE.finditer(text or "") if not m["alt"].strip()]
    for tag in _HTML_IMAGE.findall(text or ""):
        alt = _HTML_ALT.search(tag)
        if not alt or not alt["alt"].strip():
            missing.append(tag)
    return missing


# Characters XML 1.0 cannot carry (C0 controls other than tab, line feed and carriage
# return; lone surrogates; U+FFFE and U+FFFF). Word pastes a vertical tab for a manual
# line break, so that one becomes a line break rather than vanishing.
_NOT_XML = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters no feed, sitemap or XML parser can carry."""
    if not text:
        return text
    return _NOT_XML.sub("", text.replace("\x0b", "\n"))


def strip_unsafe_characters(instance, *field_names: str) -> None:
    """Clean the named text fields of a model instance before it is saved."""
    for name in field_names:
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, xml_safe(value))
