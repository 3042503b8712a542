"""The script-injection corpus (tests/support/data/xss_vectors.txt) and the fields it goes through.

Every vector goes into every field an editor can type. A vector's ``XSSID`` becomes a code
naming the vector and the field (``vector * 100 + field``), so an execution seen in the
browser says exactly which vector got in through which field.
"""

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from stories.models import Claim, Source, Story, Update, http_url_validator

VECTORS_FILE = Path(__file__).parent / "data" / "xss_vectors.txt"

FIELDS = (
    "story.title",
    "story.summary",
    "update.headline",
    "update.body",
    "update.correction_note",
    "claim.text",
    "claim.note",
    "claim.source_url",
    "source.name",
    "source.description",
    "source.url",
)
URL_FIELDS = {"claim.source_url", "source.url"}


def load_vectors() -> list[str]:
    lines = VECTORS_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


VECTORS = load_vectors()


def payload(vector: int, field: str) -> str:
    code = (vector + 1) * 100 + FIELDS.index(field)
    return VECTORS[vector].replace("XSSID", str(code))


def describe(code: str) -> str:
    vector, field = divmod(int(code), 100)
    return f"vector {vector} ({VECTORS[vector - 1][:40]!r}) through {FIELDS[field]}"


def accepted_url(value: str) -> str:
    """The value if an editor's form would accept it in a URL field, else blank."""
    try:
        http_url_validator(value)
    except ValidationError:
        return ""
    return value


@dataclass
class Seeded:
    story: Story
    update: Update
    claim: Claim
    source: Source


def seed_vector(vector: int, *, story: Story | None = None, author=None) -> Seeded:
    """Put one vector into every editor field: a story, an update, a claim, a source."""

    def p(field):
        return payload(vector, field)

    if story is None:
        story = Story.objects.create(
            title=p("story.title")[:300],
            summary=p("story.summary"),
            slug=f"xss-{vector}",
            status=Story.Status.LIVE,
        )
    source = Source.objects.create(
        name=f"{p('source.name')[:180]} [{vector}]",
        description=p("source.description"),
        url=accepted_url(p("source.url")),
        kind=Source.Kind.OTHER,
    )
    update = Update.objects.create(
        story=story,
        author=author,
        headline=p("update.headline")[:300],
        body=p("update.body"),
        correction_note=p("update.correction_note")[:500],
    )
    claim = Claim.objects.create(
        update=update,
        source=source,
        text=p("claim.text"),
        note=p("claim.note"),
        source_url=accepted_url(p("claim.source_url")),
    )
    return Seeded(story, update, claim, source)
