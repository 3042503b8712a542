"""Update bodies: Markdown written by journalists, rendered to HTML and sanitised.

Sanitising happens on every save (``Update.save()``) with nh3, a maintained binding to
the ammonia sanitiser, so whatever an editor pastes, no script, event handler or
``javascript:`` URL reaches a reader. Pages show the stored ``body_html``.

Rendering costs time in proportion to the text, whatever the text. Python-Markdown
rescans the rest of a paragraph from every ``[``, ``](``, backtick run, ``<tag`` or
comment it cannot place, and recurses once per level of nested lists: 20,000 ``[`` took
over a minute, and ``- `` 10,000 times on one line raised RecursionError. Here
(``_BoundedMarkdown``) those processors give up within a bounded distance, what they
give up on showing as text, and lists and quotes nest at most ``MAX_NESTING`` levels
deep, deeper markers showing as text: ``markdown_rendering`` says so, and the desk
refuses such a body with a message rather than save what the journalist did not mean.
"""

import bisect
import functools
import html
import re
from typing import NamedTuple

import markdown
import nh3
from django.utils.html import strip_tags
from markdown.blockprocessors import BlockQuoteProcessor, ListIndentProcessor
from markdown.extensions.sane_lists import SaneOListProcessor, SaneUListProcessor
from markdown.htmlparser import HTMLExtractor, inner_blank_line_re
from markdown.inlinepatterns import (
    BACKTICK_RE,
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    BacktickInlineProcessor,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
    dequote,
)
from markdown.preprocessors import HtmlBlockPreprocessor

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote",
    "img", "h3", "h4", "code", "pre", "hr", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Lists and quotes inside one another.
MAX_NESTING = 10
# Brackets inside a link's (or image's) text, parentheses inside its address.
MAX_BRACKET_DEPTH = 4
# Characters of a link's title, and of an HTML tag written in a body.
MAX_TITLE_LENGTH = 500
MAX_TAG_LENGTH = 2_000

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
    md = markdown.Markdown(extensions=["sane_lists", _BoundedMarkdown()], output_format="html")
    html = sanitize_html(md.convert(text or ""))
    # Uploaded images get their size, so the page keeps their box while they load.
    html = _UPLOADED_IMAGE.sub(r'<img width="\1" height="\2" ', html)
    # Images load lazily and never push the text around while they arrive.
    html = html.replace("<img ", '<img loading="lazy" decoding="async" ')
    return MarkdownRendering(html, md.too_deeply_nested)


def render_markdown(text: str) -> str:
    return markdown_rendering(text).html


class _BoundedMarkdown(markdown.Extension):
    """Python-Markdown with the processors below in place of its own, under their names."""

    def extendMarkdown(self, md):
        md.too_deeply_nested = False
        inline = md.inlinePatterns
        inline.register(_CodeSpans(BACKTICK_RE), "backtick", 190)
        inline.register(_Reference(REFERENCE_RE, md), "reference", 170)
        inline.register(_Link(LINK_RE, md), "link", 160)
        inline.register(_Image(IMAGE_LINK_RE, md), "image_link", 150)
        inline.register(_ImageReference(IMAGE_REFERENCE_RE, md), "image_reference", 140)
        inline.register(_ShortReference(REFERENCE_RE, md), "short_reference", 130)
        inline.register(_ShortImageReference(IMAGE_REFERENCE_RE, md), "short_image_ref", 125)
        blocks = md.parser.blockprocessors
        blocks.register(_ListIndent(md.parser), "indent", 90)
        blocks.register(_OrderedList(md.parser), "olist", 40)
        blocks.register(_UnorderedList(md.parser), "ulist", 30)
        blocks.register(_Quote(md.parser), "quote", 20)
        md.preprocessors.register(_HtmlBlocks(md), "html_block", 20)


# --- links and images -------------------------------------------------------------------

_BRACKET = re.compile(r"[\[\]]")
_LINK_ADDRESS_STOP = re.compile(r"""[()"']""")
_TITLE_END = {quote: re.compile(quote + r" *\)") for quote in "\"'"}


class _BoundedLinkScans:
    """A link's or image's text and address, read within a bounded distance.

    Python-Markdown scans from every ``[`` to its matching ``]``, and from every ``](``
    to its matching ``)``, through the rest of the paragraph when there is none: a run
    of them cost the square of its length. These scans give up where brackets (or
    parentheses) nest deeper than ``MAX_BRACKET_DEPTH``, so no character is read by
    more than that many scans, and they step from bracket to bracket.
    """

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        depth = 1
        for bracket in _BRACKET.finditer(data, index):
            depth += 1 if bracket[0] == "[" else -1
            if depth == 0:
                return data[index : bracket.start()], bracket.end(), True
            if depth > MAX_BRACKET_DEPTH:
                break
        return "", index, False

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        match = self.RE_LINK.match(data, pos=index)
        if match is None or match[1]:
            # No "(", or an address in <…>, which Markdown reads with one expression.
            return super().getLink(data, index)
        start = match.end()
        depth = 1
        quotes_tried = set()
        for stop in _LINK_ADDRESS_STOP.finditer(data, start):
            char = stop[0]
            if char == "(":
                depth += 1
                if depth > MAX_BRACKET_DEPTH:
                    break
            elif char == ")":
                depth -= 1
                if depth == 0:
                    href = self.unescape(data[start : stop.start()]).strip()
                    return href, None, stop.end(), True
            elif char not in quotes_tried:
                # The first quote of each kind may open a title, closed by that quote and
                # ")"; if it is not, it belongs to the address.
                quotes_tried.add(char)
                title_start = stop.end()
                end = _TITLE_END[char].search(data, title_start, title_start + MAX_TITLE_LENGTH)
                if end:
                    href = self.unescape(data[start : stop.start()]).strip()
                    title = self.unescape(data[title_start : end.start()].strip())
                    return href, self.RE_TITLE_CLEAN.sub(" ", dequote(title)), end.end(), True
        return "", None, index, False


class _Link(_BoundedLinkScans, LinkInlineProcessor):
    pass


class _Image(_BoundedLinkScans, ImageInlineProcessor):
    pass


class _Reference(_BoundedLinkScans, ReferenceInlineProcessor):
    pass


class _ImageReference(_BoundedLinkScans, ImageReferenceInlineProcessor):
    pass


class _ShortReference(_BoundedLinkScans, ShortReferenceInlineProcessor):
    pass


class _ShortImageReference(_BoundedLinkScans, ShortImageReferenceInlineProcessor):
    pass


# --- code spans -------------------------------------------------------------------------

_BACKTICKS = re.compile("`+")


class _CodeSpans(BacktickInlineProcessor):
    """Code spans as Python-Markdown pairs them, without rescanning for every opening run.

    A span closes at the next run of as many backticks, else at the first of the longest
    shorter runs after it; Markdown scanned to the end of the text for every run it
    could not close (``` ``a` ``` repeated). Here what was not found is remembered, and
    the runs of a text are indexed once. Both hold while a text is read: it only ever
    changes before the position being read (spans become placeholders), so they are
    counted from the end of the text.
    """

    def __init__(self, pattern: str):
        super().__init__(pattern)
        self._forget()

    def _forget(self) -> None:
        # Length of run -> length of the text's end known to hold no run of that length.
        self._absent_within: dict[int, int] = {}
        # Runs' distances from the text's end, negated (ascending), and from each run on:
        # the longest run's length and distance (the first such run when several).
        self._run_index: tuple[list[int], list[tuple[int, int]]] | None = None

    def handleMatch(self, m, data):
        if m.pos == 0:  # Reading starts on a new text (a paragraph, a heading, an item).
            self._forget()
        return super().handleMatch(m, data)

    def find_code_spans(self, start: int, text: str) -> tuple[int, int | None]:
        after = _BACKTICKS.match(text, start).end()
        length = after - start
        remaining = len(text) - after
        if self._absent_within.get(length, -1) < remaining:
            closing = re.compile(rf"(?<!`)`{{{length}}}(?!`)").search(text, after)
            if closing:
                return after, closing.start()
            self._absent_within[length] = remaining
        longest, distance = self._longest_run_within(text, remaining)
        if 0 < longest < length:
            return after - length + longest, len(text) - distance
        # As Python-Markdown: the search goes on as many characters further.
        return after + length, None

    def _longest_run_within(self, text: str, remaining: int) -> tuple[int, int]:
        if self._run_index is None:
            runs = [(len(text) - run.start(), len(run[0])) for run in _BACKTICKS.finditer(text)]
            best, longest = [], (0, 0)
            for distance, length in reversed(runs):
                if length >= longest[0]:
                    longest = (length, distance)
                best.append(longest)
            self._run_index = ([-distance for distance, _ in runs], best[::-1])
        negated_distances, best = self._run_index
        first = bisect.bisect_left(negated_distances, -remaining)
        return best[first] if first < len(best) else (0, 0)


# --- lists and quotes -------------------------------------------------------------------

_LEVELS = frozenset({"list", "looselist", "blockquote"})


class _NestingLimit:
    """A block processor opening a level (a list, a quote), but not past ``MAX_NESTING``.

    Python-Markdown recurses once per level (``- - - …`` on one line nests a list per
    marker) until Python's stack runs out. Past the limit the block is left to the next
    processor (a paragraph, indented code), and the renderer notes it.
    """

    def test(self, parent, block) -> bool:
        if not super().test(parent, block):
            return False
        levels = sum(state in _LEVELS for state in self.parser.state)
        if levels + self.levels_below(parent, block) < MAX_NESTING:
            return True
        self.parser.md.too_deeply_nested = True
        return False

    def levels_below(self, parent, block) -> int:
        return 0


class _OrderedList(_NestingLimit, SaneOListProcessor):
    pass


class _UnorderedList(_NestingLimit, SaneUListProcessor):
    pass


class _Quote(_NestingLimit, BlockQuoteProcessor):
    pass


class _ListIndent(_NestingLimit, ListIndentProcessor):
    """Indented blocks under a list item, at the level of the item they go under."""

    def levels_below(self, parent, block) -> int:
        level = self.get_level(parent, block)[0]
        # In a tight list the parent item is level 1, and already counted in the state.
        return level - 1 if self.parser.state.isstate("list") else level


# --- raw HTML ---------------------------------------------------------------------------

# html.parser's start tag as Python-Markdown adjusts it (no backtick), and without "<" in a
# name or unquoted value: there, in "<a <a <a …", every "<a" read the rest of the body as
# its attributes before giving the tag up as text.
_START_TAG = re.compile(
    r"""
  <[a-zA-Z][^`\t\n\r\f />\x00<]*
  (?:[\s/]*
    (?:(?<=['"\s/])[^`\s/><][^\s/=><]*
      (?:\s*=+\s*
        (?:'[^']*'
          |"[^"]*"
          |(?!['"])[^`>\s<]*
         )
         (?:\s*,)*
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*
""",
    re.VERBOSE,
)


_CLOSING_TAG = re.compile(r"</\s*([^\s/>]+)\s*>")


class _HTMLExtractor(HTMLExtractor):
    """Markdown's raw-HTML reader, with work in proportion to the text.

    A tag is only a whole one within ``MAX_TAG_LENGTH`` characters; anything else that
    starts like one is text, as html.parser would end up showing it. Whether a comment
    is inside an inline tag closed later in its paragraph (then it stays inline), which
    Markdown answered by searching the rest of the paragraph once per open tag for every
    comment, is looked up in an index of the text's closing tags, for at most
    ``MAX_NESTING`` open tags.
    """

    def reset(self):
        super().reset()
        # The text indexed and its closing tags by name (starts and ends, in order); the
        # last search for a paragraph's end: in which text, from where, found where.
        self._indexed: str | None = None
        self._closing_tags: dict[str, tuple[list[int], list[int]]] = {}
        self._paragraph_end: tuple[str | None, int, int] = (None, 0, 0)

    def check_for_whole_start_tag(self, i: int) -> int:
        rawdata = self.rawdata
        end = _START_TAG.match(rawdata, i, i + MAX_TAG_LENGTH).end()
        if rawdata.startswith(">", end):
            return end + 1
        if rawdata.startswith("/>", end):
            return end + 2
        return -1

    def open_inline_tag(self, tag: str):
        if len(self.inline_stack) < MAX_NESTING:
            super().open_inline_tag(tag)

    def inline_close_follows(self, text: str) -> bool:
        if not self.inline_stack:
            return False
        start = self.line_offset + self.offset + len(text)
        end = self._end_of_paragraph(start)
        for tag in set(self.inline_stack):
            starts, ends = self._closing_tags_named(tag)
            first = bisect.bisect_left(starts, start)
            if first < len(starts) and ends[first] <= end:
                return True
        return False

    def _end_of_paragraph(self, start: int) -> int:
        # The next blank line from anywhere before it is that one.
        searched, searched_from, found = self._paragraph_end
        if not (searched is self.rawdata and searched_from <= start <= found):
            blank_line = inner_blank_line_re.search(self.rawdata, start)
            found = blank_line.start() if blank_line else len(self.rawdata)
            self._paragraph_end = (self.rawdata, start, found)
        return found

    def _closing_tags_named(self, tag: str) -> tuple[list[int], list[int]]:
        if self._indexed is not self.rawdata:
            self._indexed, self._closing_tags = self.rawdata, {}
            for closing in _CLOSING_TAG.finditer(self.rawdata):
                starts, ends = self._closing_tags.setdefault(closing[1].lower(), ([], []))
                starts.append(closing.start())
                ends.append(closing.end())
        return self._closing_tags.get(tag, ([], []))


class _HtmlBlocks(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        parser = _HTMLExtractor(self.md)
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")


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
