"""Python-Markdown with bounded work: every processor that could rescan the rest of a
paragraph, or recurse once per level, gives up within a bounded distance or depth.

Rendering then costs time in proportion to the text, whatever the text. Python-Markdown
rescans the rest of a paragraph from every ``[``, ``](``, backtick run, ``<tag`` or
comment it cannot place, and recurses once per level of nested lists: 20,000 ``[`` took
over a minute, and ``- `` 10,000 times on one line raised RecursionError. Here those
processors give up within a bounded distance, what they give up on showing as text, and
lists and quotes nest at most ``MAX_NESTING`` levels deep, deeper markers showing as text
(``md.too_deeply_nested`` records it). Each replacement is registered under the name and
priority of the processor it replaces (``BoundedMarkdown``).
"""

import markdown
from markdown.inlinepatterns import (
    BACKTICK_RE,
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
)

from stories.rich_text.blocks import HtmlBlocks, ListIndent, OrderedList, Quote, UnorderedList
from stories.rich_text.inline import (
    CodeSpans,
    Image,
    ImageReference,
    Link,
    Reference,
    ShortImageReference,
    ShortReference,
)
from stories.rich_text.limits import (
    MAX_BRACKET_DEPTH,
    MAX_NESTING,
    MAX_TAG_LENGTH,
    MAX_TITLE_LENGTH,
)

__all__ = [
    "MAX_BRACKET_DEPTH",
    "MAX_NESTING",
    "MAX_TAG_LENGTH",
    "MAX_TITLE_LENGTH",
    "BoundedMarkdown",
]


class BoundedMarkdown(markdown.Extension):
    """Python-Markdown with the processors below in place of its own, under their names."""

    def extendMarkdown(self, md):
        md.too_deeply_nested = False
        inline = md.inlinePatterns
        inline.register(CodeSpans(BACKTICK_RE), "backtick", 190)
        inline.register(Reference(REFERENCE_RE, md), "reference", 170)
        inline.register(Link(LINK_RE, md), "link", 160)
        inline.register(Image(IMAGE_LINK_RE, md), "image_link", 150)
        inline.register(ImageReference(IMAGE_REFERENCE_RE, md), "image_reference", 140)
        inline.register(ShortReference(REFERENCE_RE, md), "short_reference", 130)
        inline.register(ShortImageReference(IMAGE_REFERENCE_RE, md), "short_image_ref", 125)
        blocks = md.parser.blockprocessors
        blocks.register(ListIndent(md.parser), "indent", 90)
        blocks.register(OrderedList(md.parser), "olist", 40)
        blocks.register(UnorderedList(md.parser), "ulist", 30)
        blocks.register(Quote(md.parser), "quote", 20)
        md.preprocessors.register(HtmlBlocks(md), "html_block", 20)
