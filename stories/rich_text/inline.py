"""Inline processors that give up within a bounded distance: links, images, code spans."""

import bisect
import re

from markdown.inlinepatterns import (
    BacktickInlineProcessor,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
    dequote,
)

from stories.rich_text.limits import MAX_BRACKET_DEPTH, MAX_TITLE_LENGTH

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


class Link(_BoundedLinkScans, LinkInlineProcessor):
    pass


class Image(_BoundedLinkScans, ImageInlineProcessor):
    pass


class Reference(_BoundedLinkScans, ReferenceInlineProcessor):
    pass


class ImageReference(_BoundedLinkScans, ImageReferenceInlineProcessor):
    pass


class ShortReference(_BoundedLinkScans, ShortReferenceInlineProcessor):
    pass


class ShortImageReference(_BoundedLinkScans, ShortImageReferenceInlineProcessor):
    pass


# --- code spans -------------------------------------------------------------------------

_BACKTICKS = re.compile("`+")


class CodeSpans(BacktickInlineProcessor):
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
