"""import_story refuses a broken document with one clear message per problem, writing nothing.

The corpus is a real export (tests/tooling/test_story_export.py's ``rich_story``), each
case broken in one field; every refusal names the field by its path in the document.
"""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from stories.models import Claim, ClaimStatusChange, ClaimThread, Source, Story, Update
from tests.support.factories import make_claim, make_source, make_story, make_update
from tests.tooling.test_story_export import export, rich_story, wipe_everything

# In the export of rich_story: updates[0] has a confirmed claim with one status change,
# updates[1]'s claim answers it, updates[2] is scheduled; people[0] is the author.
FIRST_CLAIM = ("updates", 0, "claims", 0)


def at(document: dict, *path):
    for key in path:
        document = document[key]
    return document


def setting(*path, value):
    """A tamper that sets the field at ``path`` to ``value``."""

    def tamper(document):
        at(document, *path[:-1])[path[-1]] = value

    return tamper


def deleting(*path):
    def tamper(document):
        del at(document, *path[:-1])[path[-1]]

    return tamper


def nested(depth: int):
    value = "deep"
    for _ in range(depth):
        value = [value]
    return value


# (tamper, the field's path as the message names it, what the message says)
CORPUS = {
    "impossible date": (
        setting("updates", 0, "published_at", value="2024-02-30T10:00:00+00:00"),
        "updates[0].published_at",
        "is not a date and time (day is out of range",
    ),
    "null story creation time": (
        setting("story", "created_at", value=None),
        "story.created_at",
        "must not be null",
    ),
    "null claim creation time": (
        setting(*FIRST_CLAIM, "created_at", value=None),
        "updates[0].claims[0].created_at",
        "must not be null",
    ),
    "date without offset": (
        setting("updates", 1, "published_at", value="2024-05-01T10:00:00"),
        "updates[1].published_at",
        "no UTC offset",
    ),
    "date as a number": (
        setting("story", "started_at", value=1714557600),
        "story.started_at",
        "must be a date and time written as text, not a number",
    ),
    "date out of range": (
        setting(*FIRST_CLAIM, "stated_at", value="0001-01-01T00:00:00+05:00"),
        "updates[0].claims[0].stated_at",
        "not between the years 1900 and 2999",
    ),
    "over-long byline": (
        setting("updates", 0, "author", value="o" * 151),
        "updates[0].author",
        "has 151 characters; at most 150 are allowed",
    ),
    "over-long user name": (
        setting("people", 0, "username", value="o" * 400),
        "people[0].username",
        "at most 150",
    ),
    "user name with markup": (
        setting(*FIRST_CLAIM, "status_changes", 0, "changed_by", value="<b>olena</b>"),
        "updates[0].claims[0].status_changes[0].changed_by",
        "Enter a valid username",
    ),
    "unknown status in the history": (
        setting(*FIRST_CLAIM, "status_changes", 0, "to_status", value="<script>"),
        "updates[0].claims[0].status_changes[0].to_status",
        "'<script>' is not one of: unverified, confirmed, disputed, false",
    ),
    "unknown previous status": (
        setting(*FIRST_CLAIM, "previous_status", value="maybe"),
        "updates[0].claims[0].previous_status",
        "is not one of",
    ),
    "unknown claim status": (
        setting(*FIRST_CLAIM, "status", value="true"),
        "updates[0].claims[0].status",
        "'true' is not one of",
    ),
    "unknown attribution": (
        setting(*FIRST_CLAIM, "attribution", value="rumour"),
        "updates[0].claims[0].attribution",
        "is not one of: statement, report, estimate, denial",
    ),
    "unknown story status": (
        setting("story", "status", value="published"),
        "story.status",
        "is not one of: draft, live, ended",
    ),
    "unknown source kind": (
        setting("sources", 0, "kind", value="alien"),
        "sources[0].kind",
        "is not one of",
    ),
    "over-long title": (
        setting("story", "title", value="T" * 301),
        "story.title",
        "at most 300",
    ),
    "empty body": (
        setting("updates", 0, "body", value=""),
        "updates[0].body",
        "must not be empty",
    ),
    "missing body": (deleting("updates", 0, "body"), "updates[0].body", "is missing"),
    "text as a list": (
        setting("updates", 0, "headline", value=["Crossing"]),
        "updates[0].headline",
        "must be text, not a list",
    ),
    "deep nesting in a field": (
        setting("story", "summary", value=nested(200)),
        "story.summary",
        "must be text, not a list",
    ),
    "flag as text": (
        setting("updates", 0, "is_key_event", value="yes"),
        "updates[0].is_key_event",
        "must be true or false, not text",
    ),
    "poll interval out of range": (
        setting("story", "poll_interval", value=1),
        "story.poll_interval",
        "greater than or equal to 2",
    ),
    "negative position": (
        setting(*FIRST_CLAIM, "position", value=-1),
        "updates[0].claims[0].position",
        "greater than or equal to 0",
    ),
    "NUL in a slug": (
        setting("story", "slug", value="a\x00b"),
        "story.slug",
        "NUL character",
    ),
    "bad slug": (
        setting("sources", 0, "slug", value="two words"),
        "sources[0].slug",
        "slug",
    ),
    "claims not a list": (
        setting("updates", 0, "claims", value={"0": {}}),
        "updates[0].claims",
        "must be a list, not an object",
    ),
    "update not an object": (
        lambda d: d["updates"].append("Briefing"),
        "updates[3]",
        "must be an object, not text",
    ),
    "claim of an unlisted source": (
        setting(*FIRST_CLAIM, "source", value="nobody"),
        "updates[0].claims[0].source",
        "must be the slug of one of the document's sources",
    ),
    "answer to a claim the document lacks": (
        setting("updates", 1, "claims", 0, "responds_to", "ref", value=987654),
        "updates[1].claims[0].responds_to.ref",
        "the document has no claim with ref 987654",
    ),
    "answer without its claim's words": (
        deleting("updates", 1, "claims", 0, "responds_to", "text"),
        "updates[1].claims[0].responds_to",
        "missing or of another type: text",
    ),
    "two claims with one ref": (
        lambda d: at(d, "updates", 1, "claims", 0).update(ref=at(d, *FIRST_CLAIM, "ref")),
        "updates[1].claims[0].ref",
        "is also the ref of updates[0].claims[0]",
    ),
    "unknown time zone": (
        setting("story", "time_zone", value="Mars/Olympus"),
        "story.time_zone",
        "is not a known time zone",
    ),
    "script address": (
        setting(*FIRST_CLAIM, "source_url", value="javascript:alert(1)"),
        "updates[0].claims[0].source_url",
        "Enter a valid URL",
    ),
}


def nothing_written() -> bool:
    return not any(
        model.objects.exists()
        for model in (
            Story,
            Update,
            Claim,
            ClaimThread,
            ClaimStatusChange,
            Source,
            get_user_model(),
        )
    )


def refusal(document: dict, tmp_path) -> str:
    path = tmp_path / "story.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError) as refused:
        call_command("import_story", str(path), stdout=StringIO())
    return str(refused.value)


@pytest.fixture
def document(db) -> dict:
    """A real export of a story with every part, its database emptied afterwards."""
    story = rich_story()
    exported = export(story.slug)
    wipe_everything()
    return exported


@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
@pytest.mark.django_db
def test_a_broken_document_is_refused_naming_the_field_and_writes_nothing(document, tmp_path, case):
    tamper, field, says = case
    tamper(document)
    message = refusal(document, tmp_path)
    assert message.startswith("Not imported, nothing was written:\n")
    assert f"- {field}: " in message and says in message, message
    assert "Traceback" not in message
    assert nothing_written()


@pytest.mark.django_db
def test_every_problem_of_a_document_is_listed_one_line_each(document, tmp_path):
    document["story"]["created_at"] = None
    document["updates"][0]["published_at"] = "2024-13-01T10:00:00+00:00"
    at(document, *FIRST_CLAIM, "status_changes", 0)["from_status"] = "<img>"
    document["people"][0]["username"] = "o" * 200
    lines = refusal(document, tmp_path).splitlines()[1:]
    assert [line.split(":")[0] for line in lines] == [
        "- story.created_at",
        "- people[0].username",
        "- updates[0].published_at",
        "- updates[0].claims[0].status_changes[0].from_status",
    ]
    assert nothing_written()


@pytest.mark.django_db
def test_a_document_nested_too_deeply_to_parse_is_refused_with_a_message(document, tmp_path):
    document["story"]["summary"] = "HERE"
    text = json.dumps(document).replace('"HERE"', "[" * 100_000 + "]" * 100_000)
    path = tmp_path / "story.json"
    path.write_text(text)
    with pytest.raises(CommandError, match="nested too deeply"):
        call_command("import_story", str(path), stdout=StringIO())
    assert nothing_written()


@pytest.mark.django_db
def test_the_unbroken_document_of_the_corpus_imports(document, tmp_path):
    path = tmp_path / "story.json"
    path.write_text(json.dumps(document))
    call_command("import_story", str(path), stdout=StringIO())
    answer = Claim.objects.get(responds_to__isnull=False)
    assert answer.responds_to.text == "Two bridgeheads established"
    assert Update.objects.count() == 3


def answering_story(target: Claim) -> dict:
    """The export of a public story whose one claim answers ``target``, then deleted here."""
    story = make_story(slug="answers")
    make_claim(make_update(story), source=make_source(), text="Not true", responds_to=target)
    document = export(story.slug)
    story.delete()
    return document


@pytest.mark.parametrize(
    "hidden",
    [
        {"story": {"status": Story.Status.DRAFT}, "update": {}},
        {"story": {}, "update": {"published_at": timezone.now() + timedelta(hours=1)}},
    ],
    ids=["in a draft story", "in a scheduled update"],
)
@pytest.mark.django_db
def test_an_answer_to_a_claim_readers_may_not_see_is_refused(tmp_path, hidden):
    secret = make_claim(
        make_update(make_story(slug="secret", **hidden["story"]), **hidden["update"]),
        text="Troops are massing",
    )
    document = answering_story(secret)
    message = refusal(document, tmp_path)
    assert "- updates[0].claims[0].responds_to: answers a claim readers cannot see" in message
    assert not Story.objects.filter(slug="answers").exists()
    assert not secret.responses.exists()


@pytest.mark.django_db
def test_an_answer_to_a_missing_claim_reads_like_one_to_a_hidden_claim(tmp_path):
    # Refused alike, so an import cannot tell whether a hidden claim exists.
    gone = make_claim(make_update(make_story(slug="gone")), text="Troops are massing")
    document = answering_story(gone)
    Story.objects.filter(slug="gone").delete()
    message = refusal(document, tmp_path)
    assert "- updates[0].claims[0].responds_to: answers a claim readers cannot see" in message


@pytest.mark.django_db
def test_an_answer_to_a_claim_readers_see_in_another_story_is_linked(tmp_path):
    public = make_claim(make_update(make_story(slug="public")), text="Troops are massing")
    path = tmp_path / "story.json"
    path.write_text(json.dumps(answering_story(public)))
    call_command("import_story", str(path), stdout=StringIO())
    assert Claim.objects.get(text="Not true").responds_to == public


@pytest.mark.django_db
def test_a_shown_answer_to_a_scheduled_claim_of_the_same_story_is_refused(tmp_path):
    story = make_story(slug="early")
    later = make_claim(
        make_update(story, published_at=timezone.now() + timedelta(hours=1)), text="Ceasefire"
    )
    make_claim(make_update(story), text="No ceasefire", responds_to=later)
    document = export(story.slug)
    wipe_everything()
    message = refusal(document, tmp_path)
    assert "- updates[0].claims[0].responds_to: answers updates[1].claims[0]" in message
    assert "would not see yet" in message and nothing_written()


@pytest.mark.django_db
def test_a_draft_story_with_answers_between_its_claims_imports(tmp_path):
    story = make_story(slug="draft", status=Story.Status.DRAFT)
    first = make_claim(make_update(story), text="Ceasefire")
    make_claim(make_update(story), text="No ceasefire", responds_to=first)
    path = tmp_path / "story.json"
    path.write_text(json.dumps(export(story.slug)))
    wipe_everything()
    call_command("import_story", str(path), stdout=StringIO())
    assert Claim.objects.get(text="No ceasefire").responds_to.text == "Ceasefire"


@pytest.mark.django_db
def test_an_imported_status_history_never_breaks_the_permalink(client, document, tmp_path):
    # The attack's follow-up: an unknown status in the history made the permalink answer 500.
    at(document, *FIRST_CLAIM, "status_changes", 0)["to_status"] = "<script>"
    refusal(document, tmp_path)
    at(document, *FIRST_CLAIM, "status_changes", 0)["to_status"] = "confirmed"
    path = tmp_path / "story.json"
    path.write_text(json.dumps(document))
    call_command("import_story", str(path), stdout=StringIO())
    update = Update.objects.get(headline="Crossing reported")
    assert client.get(update.get_absolute_url()).status_code == 200
