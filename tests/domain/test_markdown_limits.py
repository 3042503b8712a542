"""Rendering a body costs about what any body of its length costs, whatever it holds.

Python-Markdown's own processors were super-linear on crafted text (runs of ``[``, ``![``,
``](``, backtick runs, ``<a `` tags, comments inside inline tags) and recursed once per
level of nested lists until RecursionError. Generated pathological bodies, up to the
desk's limit, are rendered (with the missing-alt check the preview also runs) and their
cost compared with an ordinary body of the same length: as a ratio of function calls,
which machine load does not change, and for the work regular expressions do inside one
call, as a ratio of CPU time with a generous factor. The worst ratios are reported in
the test figures.
"""

import inspect
import random
import sys
import time
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from stories import rich_text
from stories.desk.forms import MAX_BODY_LENGTH
from stories.rich_text import (
    MAX_BRACKET_DEPTH,
    MAX_NESTING,
    images_without_alt,
    markdown_rendering,
    render_markdown,
)
from tests.support.figures import FIGURES

# Dense but ordinary Markdown (thousands of one-word paragraphs or list items) already
# costs about 15 times a page of prose: Python-Markdown's work per block, not per character.
MAX_CALLS_RATIO = 25
MAX_TIME_RATIO = 30
# Frames a rendering may stack on its caller's (a request's) whatever the nesting.
MAX_FRAMES = 100

PROSE = [
    "Officials said **at least 40 people** were evacuated from the riverside district "
    "overnight, as the water rose faster than *forecast*.",
    "The mayor's office [published a map](https://example.org/maps/flood-zones?area=north) "
    "of the affected streets; residents can call `0800 123 456`.",
    "> We have never seen the river this high. The whole street is under water.\n>\n"
    "> — a resident of Podil",
    "- Schools in the north are closed\n- Trains to the coast are cancelled\n"
    "- Two bridges are shut to traffic",
    "1. Stay away from the embankment\n2. Boil tap water before drinking\n"
    "3. Follow the emergency channels",
    "![Rescuers carry a woman through a flooded street](https://example.org/media/rescue.jpg)",
    "### What we know so far",
    'The regional governor, *speaking on television*, said the dam "is holding" but that '
    "engineers would inspect it again at dawn (local time).",
    "Updated figures from the [emergency service](https://example.org/sources/dsns) put the "
    "number of homes without power at **12,400**, down from 15,000.",
    "Readers can send photos to <news@example.org>; see our "
    '[guidelines](https://example.org/g "How we verify").',
]

# What the attacks were made of, and what else Markdown treats specially.
TOKENS = [
    "[", "]", "![", "](", "[a](", "[a][", "(", ")", "*", "**", "_", "`", "``", "a`", "<",
    ">", "> ", "<a ", "<b>", "<!---->", "<![CDATA[", "- ", "* ", "1. ", "    ", "\n", "\n\n",
    '"', "'", "\\", "&", "#", " ", "a",
]  # fmt: skip


def ordinary_body(length: int) -> str:
    """News prose of ``length`` characters: paragraphs, links, lists, quotes, an image."""
    rng = random.Random(length)
    paragraphs = []
    while sum(len(p) + 2 for p in paragraphs) < length:
        paragraphs.append(rng.choice(PROSE))
    return "\n\n".join(paragraphs)[:length]


def preview_work(body: str) -> None:
    """What the desk's preview does with a body while the journalist types."""
    markdown_rendering(body)
    images_without_alt(body)


def calls_and_frames(body: str) -> tuple[int, int]:
    """Function calls (Python and C) made by ``preview_work``, and its deepest stack."""
    calls = depth = deepest = 0

    def count(frame, event, arg):
        nonlocal calls, depth, deepest
        if event in ("call", "c_call"):
            calls += 1
            depth += 1
            deepest = max(deepest, depth)
        elif event in ("return", "c_return", "c_exception"):
            depth -= 1

    sys.setprofile(count)
    try:
        preview_work(body)
    finally:
        sys.setprofile(None)
    return calls, deepest


def cpu_time(body: str) -> float:
    """The least CPU time of three runs of ``preview_work``: the machine's other work adds."""
    times = []
    for _ in range(3):
        start = time.process_time()
        preview_work(body)
        times.append(time.process_time() - start)
    return max(min(times), 1e-4)


@pytest.fixture(autouse=True, scope="module")
def _warm():
    # The first rendering in a process imports and compiles what every later one reuses.
    preview_work(ordinary_body(2_000))


def record_worst(name: str, ratio: float) -> None:
    FIGURES[name] = max(FIGURES[name], round(ratio, 1))


@st.composite
def pathological_bodies(draw) -> str:
    """Runs of troublesome tokens, taken alone or in turn, up to the desk's limit."""
    runs = draw(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(TOKENS), min_size=1, max_size=3).map("".join),
                st.integers(min_value=1, max_value=MAX_BODY_LENGTH),
            ),
            min_size=1,
            max_size=3,
        )
    )
    body = "".join(unit * (count // len(unit) + 1) for unit, count in runs)
    ending = draw(st.sampled_from(["", "a", "]", ")", ">", "`", "\n\nEnd."]))
    return body[: MAX_BODY_LENGTH - len(ending)] + ending


# The attacks seen, and one of each kind, at the desk's limit.
ATTACKS = [
    "[" * 20_000,
    "![" * 10_000,
    "- " * 9_999 + "a",
    "1. " * 6_666 + "a",
    "> " * 9_999 + "a",
    "> - 1. " * 2_857,
    "[a](" * 5_000,
    "[a](<" * 4_000,
    "![a](" * 4_000,
    "![a](x " * 2_857,
    "[x][" * 5_000,
    "[" * 10_000 + "]" * 10_000,
    "``a`" * 5_000,
    "*" * 10_000 + "a" + "*" * 10_000,
    "_a" * 10_000,
    "`" * 20_000,
    "<" * 20_000,
    "<a " * 6_666,
    "<a b='" * 3_333,
    "<http://" * 2_500,
    "<![CDATA[" * 2_222,
    "<b>" * 2_000 + "<!---->" * 2_000,
    "".join("    " * level + "- a\n\n" for level in range(99)),
]


@pytest.mark.parametrize("body", ATTACKS, ids=[f"{a[:12]!r}x{len(a)}" for a in ATTACKS])
def test_attacks_cost_about_what_an_ordinary_body_of_their_length_costs(body):
    calls, frames = calls_and_frames(body)
    ordinary_calls, _ = calls_and_frames(ordinary_body(len(body)))
    time_ratio = cpu_time(body) / cpu_time(ordinary_body(len(body)))
    record_worst("markdown worst render cost ratio (function calls)", calls / ordinary_calls)
    record_worst("markdown worst render cost ratio (CPU time)", time_ratio)
    assert calls / ordinary_calls <= MAX_CALLS_RATIO
    assert time_ratio <= MAX_TIME_RATIO
    assert frames <= MAX_FRAMES


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=pathological_bodies())
@example(body="[" * 20_000)
@example(body="- " * 9_999 + "a")
def test_generated_pathological_bodies_cost_about_what_ordinary_ones_cost(body):
    calls, frames = calls_and_frames(body)
    ordinary_calls, _ = calls_and_frames(ordinary_body(len(body)))
    record_worst("markdown worst render cost ratio (function calls)", calls / ordinary_calls)
    assert calls / ordinary_calls <= MAX_CALLS_RATIO
    assert frames <= MAX_FRAMES


class _Nesting(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol", "blockquote"):
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        if tag in ("ul", "ol", "blockquote"):
            self.depth -= 1


def nesting(html: str) -> int:
    parser = _Nesting()
    parser.feed(html)
    return parser.deepest


NESTED = {
    "dashes": lambda levels: "- " * levels + "deep",
    "numbers": lambda levels: "1. " * levels + "deep",
    "quotes": lambda levels: "> " * levels + "deep",
    "indented": lambda levels: "".join("    " * i + "- deep\n" for i in range(levels)),
    "indented-loose": lambda levels: "".join("    " * i + "- deep\n\n" for i in range(levels)),
    "quoted-lines": lambda levels: "".join("> " * i + "deep\n\n" for i in range(1, levels + 1)),
}


@pytest.mark.parametrize("make", NESTED.values(), ids=NESTED.keys())
def test_lists_and_quotes_nest_up_to_the_limit(make):
    rendering = markdown_rendering(make(MAX_NESTING))
    assert nesting(rendering.html) == MAX_NESTING
    assert not rendering.too_deeply_nested


@pytest.mark.parametrize("make", NESTED.values(), ids=NESTED.keys())
@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 6_000])
def test_deeper_nesting_shows_as_text_and_is_reported(make, levels):
    body = make(levels)[:MAX_BODY_LENGTH]
    rendering = markdown_rendering(body)
    assert rendering.too_deeply_nested
    assert nesting(rendering.html) == MAX_NESTING
    assert "deep" in rendering.html


def test_rendering_deep_in_a_stack_needs_no_more_than_its_few_frames():
    # The admin, imports and the API render through Update.save(), deep in a request.
    def render_with(frames_left: int) -> str:
        if frames_left > MAX_FRAMES:
            return render_with(frames_left - 1)
        return render_markdown("- " * 9_999 + "a")

    assert "a" in render_with(sys.getrecursionlimit() - len(inspect.stack(0)) - 10)


def stock_rendering(body: str) -> str:
    """The body as Python-Markdown itself renders it, sanitised and finished as ours is."""
    html = markdown.markdown(body, extensions=["sane_lists"], output_format="html")
    html = rich_text.sanitize_html(html)
    return html.replace("<img ", '<img loading="lazy" decoding="async" ')


ORDINARY = [
    "Flood ", "water ", "it's ", "(local time) ", "[the map](https://example.org/map)",
    '[a guide](https://example.org/g "How we verify")', "[a](https://x.org/a_(b))",
    "![a photo](/media/p.jpg)", "[x][id]", "\n\n[id]: https://example.org/id\n\n",
    "**", "*", "_", "`", "``", "[", "]", "(", ")", "- ", "1. ", "> ", "\n", "\n\n", "    ",
    "<b>", "</b>", "<!-- note -->", "<div>", "</div>", "<br>", "&amp;", "\\", "# ",
    "<https://example.org>", "---",
]  # fmt: skip


def bracket_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth = max(depth + (char == "[") - (char == "]"), 0)
        deepest = max(deepest, depth)
    return deepest


@settings(max_examples=300, deadline=None)
@given(body=st.lists(st.sampled_from(ORDINARY), max_size=40).map("".join))
def test_ordinary_markdown_renders_as_python_markdown_renders_it(body):
    # Link text nested past the limit is the one thing meant to differ.
    assume(bracket_depth(body) <= MAX_BRACKET_DEPTH)
    assert render_markdown(body) == stock_rendering(body)


@pytest.mark.parametrize(
    "body",
    [
        "[a](https://x.org \"Title\") and [b](https://y.org 'It's') and [c](<https://z.org> 'T')",
        '[a](https://x.org "Title with (parens)") [b](https://x.org "a)b") [c](x "say "hi"")',
        "[a](https://x.org/a_(b)) and [b](x y) and ![i](/p.jpg 'T') [d](x \"unclosed)",
        "`code`, ``co`de``, ``unclosed` and ```` ` ```` and ``a` twice ``a`",
        "[[1]](https://x.org) [a [b [c]]](https://y.org) [ref][id]\n\n[id]: https://z.org",
        "<b>bold <!-- note --> still</b> <!-- block --> <img src=x alt='y'> <a href='z'>q</a>",
    ],
)
def test_links_code_and_html_render_as_python_markdown_renders_them(body):
    assert render_markdown(body) == stock_rendering(body)


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        ("Look: ![](/media/a.jpg) and ![Smoke](/media/b.jpg)", ["/media/a.jpg"]),
        ("![ ](https://x.org/wiki/X_(1).jpg 'T')", ["https://x.org/wiki/X_(1).jpg"]),
        ('<img src="/media/c.jpg"> <img alt="S" src="/media/d.jpg">', ['<img src="/media/c.jpg">']),
    ],
)
def test_images_without_alt_text_are_still_found(body, missing):
    assert images_without_alt(body) == missing
