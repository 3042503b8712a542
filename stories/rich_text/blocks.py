"""Block processors with bounded depth and reach: lists, quotes and raw HTML."""

import bisect
import re

from markdown.blockprocessors import BlockQuoteProcessor, ListIndentProcessor
from markdown.extensions.sane_lists import SaneOListProcessor, SaneUListProcessor
from markdown.htmlparser import HTMLExtractor, inner_blank_line_re
from markdown.preprocessors import HtmlBlockPreprocessor

from stories.rich_text.limits import MAX_NESTING, MAX_TAG_LENGTH

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


class OrderedList(_NestingLimit, SaneOListProcessor):
    pass


class UnorderedList(_NestingLimit, SaneUListProcessor):
    pass


class Quote(_NestingLimit, BlockQuoteProcessor):
    pass


class ListIndent(_NestingLimit, ListIndentProcessor):
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


class HtmlBlocks(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        parser = _HTMLExtractor(self.md)
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")
