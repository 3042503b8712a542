"""The checks an export document passes before ``story_import`` writes anything.

Every field the document carries is checked against the rules of the model that stores
it (type, choices, length, nullability, dates); every problem is reported at once, one
line each, named by its path in the document (``updates[2].claims[0].status``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from stories.models import Claim, ClaimStatusChange, Source, Story, Update
from stories.tooling import story_export as export

# Dates outside these would not survive the conversions between time zones that pages
# make; no story's dates come near them.
EARLIEST, LATEST = datetime(1900, 1, 1, tzinfo=UTC), datetime(3000, 1, 1, tzinfo=UTC)
PEOPLE_FIELDS = ("first_name", "last_name")


def _kind(value) -> str:
    """What a JSON value is, for a message; never the value itself, however nested."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _shown(value) -> str:
    """A value as a message quotes it: short."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else f"{value[:40]}…")
    return _kind(value) if isinstance(value, list | dict) else repr(value)


def parsed_datetime(value: str) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError("expected ISO 8601, e.g. 2024-05-01T14:02:00+00:00")
    if timezone.is_naive(parsed):
        raise ValueError("it has no UTC offset")
    if not EARLIEST <= parsed < LATEST:
        raise ValueError("it is not between the years 1900 and 2999")
    return parsed


def _datetime_problem(value) -> str | None:
    if not isinstance(value, str):
        return f"must be a date and time written as text, not {_kind(value)}."
    try:
        parsed_datetime(value)
    except (ValueError, OverflowError) as error:
        return f"{_shown(value)} is not a date and time ({error})."
    return None


def _type_problem(field: models.Field, value) -> str | None:
    if isinstance(field, models.BooleanField):
        expected, fits = "true or false", isinstance(value, bool)
    elif isinstance(field, models.IntegerField):
        expected, fits = "a whole number", isinstance(value, int) and not isinstance(value, bool)
    else:
        expected, fits = "text", isinstance(value, str)
    return None if fits else f"must be {expected}, not {_kind(value)}."


def _text_problem(field: models.Field, value: str) -> str | None:
    if "\x00" in value:
        return "contains a NUL character, which the database cannot store."
    if value == "" and not field.blank:
        return "must not be empty."
    if field.max_length and len(value) > field.max_length:
        return f"has {len(value)} characters; at most {field.max_length} are allowed."
    return None


def _choice_problem(field: models.Field, value) -> str | None:
    allowed = [str(choice) for choice, _label in field.flatchoices]
    if value in allowed or (value == "" and field.blank):
        return None
    return f"{_shown(value)} is not one of: {', '.join(allowed)}."


def field_problem(field: models.Field, value) -> str | None:
    """What is wrong with ``value`` for the model field ``field``, or None."""
    if value is None:
        return None if field.null else "must not be null."
    if isinstance(field, models.DateTimeField):
        return _datetime_problem(value)
    problem = _type_problem(field, value)
    if problem is None and field.choices:
        problem = _choice_problem(field, value)
    if problem is None and isinstance(value, str):
        problem = _text_problem(field, value)
    if problem is None:
        try:
            field.run_validators(value)
        except ValidationError as error:
            problem = " ".join(error.messages)
    return problem


# --- the document, part by part ---------------------------------------------------------


def visible_claim(target: dict) -> Claim | None:
    """The claim of another story that an answer names, if readers can see it here."""
    return (
        Claim.objects.visible()
        .filter(
            update__story__slug=target["story"],
            source__slug=target["source"],
            text=target["text"],
        )
        .first()
    )


class _Checker:
    """Collects every problem of one document; ``problems`` is empty when it imports."""

    def __init__(self):
        self.problems: list[str] = []
        self.source_slugs: set[str] = set()
        # Each claim's ref: where it is and whether readers would see it.
        self.claims: dict[int, tuple[str, bool | None]] = {}
        self.answers: list[tuple[str, dict, bool | None]] = []
        self.story_slug = None
        self.story_is_public = False

    def report(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def record(self, where: str, value) -> dict | None:
        if isinstance(value, dict):
            return value
        self.report(where, f"must be an object, not {_kind(value)}.")
        return None

    def items(self, where: str, value) -> list[tuple[str, dict]]:
        """The objects of a list, each with its path; problems for anything else."""
        if not isinstance(value, list):
            self.report(where, f"must be a list, not {_kind(value)}.")
            return []
        records = []
        for n, item in enumerate(value):
            if (record := self.record(f"{where}[{n}]", item)) is not None:
                records.append((f"{where}[{n}]", record))
        return records

    def fields(self, where: str, item: dict, model, names) -> bool:
        """Check the named fields of ``item`` against ``model``; True when all are right."""
        found = len(self.problems)
        for name in names:
            if name not in item:
                self.report(f"{where}.{name}", "is missing.")
            elif problem := field_problem(model._meta.get_field(name), item[name]):
                self.report(f"{where}.{name}", problem)
        return len(self.problems) == found

    def person(self, where: str, item: dict, key: str) -> None:
        """A user name (a byline, who changed a status), or null."""
        if key not in item:
            self.report(f"{where}.{key}", "is missing.")
            return
        User = get_user_model()
        field = User._meta.get_field(User.USERNAME_FIELD)
        if item[key] is not None and (problem := field_problem(field, item[key])):
            self.report(f"{where}.{key}", problem)

    def document(self, data: dict) -> None:
        self.story(data.get("story"))
        for where, item in self.items("people", data.get("people", [])):
            self.person(where, item, "username")
            self.fields(where, item, get_user_model(), PEOPLE_FIELDS)
        for where, item in self.items("sources", data.get("sources")):
            self.source(where, item)
        for where, item in self.items("updates", data.get("updates")):
            self.update(where, item)
        self.check_answers()

    def story(self, value) -> None:
        story = self.record("story", value)
        if story is None:
            return
        # Documents exported before stories had a language are in the site's.
        story.setdefault("language", settings.LANGUAGE_CODE)
        # Answers within the document are told apart by the story's slug, even when
        # another of its fields is wrong.
        self.story_slug = story.get("slug")
        self.story_is_public = story.get("status") in (Story.Status.LIVE, Story.Status.ENDED)
        if self.fields("story", story, Story, export.STORY_FIELDS) and (
            Story.objects.filter(slug=story["slug"]).exists()
        ):
            self.report("story.slug", f"a story with the slug {story['slug']!r} exists already.")

    def source(self, where: str, item: dict) -> None:
        if not self.fields(where, item, Source, export.SOURCE_FIELDS):
            return
        self.source_slugs.add(item["slug"])
        same_name = Source.objects.filter(name=item["name"]).exclude(slug=item["slug"]).first()
        if same_name and not Source.objects.filter(slug=item["slug"]).exists():
            self.report(
                f"{where}.name",
                f"a source named {_shown(item['name'])} exists here as {same_name.slug!r}.",
            )

    def update(self, where: str, item: dict) -> None:
        # Whether readers would see its claims; None when its fields say nothing sure.
        seen = None
        if self.fields(where, item, Update, export.UPDATE_FIELDS):
            is_due = parsed_datetime(item["published_at"]) <= timezone.now()
            seen = self.story_is_public and is_due and item["state"] == Update.State.PUBLISHED
        self.person(where, item, "author")
        for claim_where, claim in self.items(f"{where}.claims", item.get("claims")):
            self.claim(claim_where, claim, seen=seen)

    def claim(self, where: str, item: dict, *, seen: bool | None) -> None:
        self.fields(where, item, Claim, export.CLAIM_FIELDS)
        self.ref(where, item, seen)
        source = item.get("source")
        if not isinstance(source, str) or source not in self.source_slugs:
            self.report(f"{where}.source", "must be the slug of one of the document's sources.")
        self.answer(where, item, seen)
        for change_where, change in self.items(
            f"{where}.status_changes", item.get("status_changes")
        ):
            self.fields(change_where, change, ClaimStatusChange, export.STATUS_CHANGE_FIELDS)
            self.person(change_where, change, "changed_by")

    def ref(self, where: str, item: dict, seen: bool | None) -> None:
        ref = item.get("ref")
        if not isinstance(ref, int) or isinstance(ref, bool):
            self.report(f"{where}.ref", f"must be a whole number, not {_kind(ref)}.")
        elif ref in self.claims:
            self.report(f"{where}.ref", f"{ref} is also the ref of {self.claims[ref][0]}.")
        else:
            self.claims[ref] = (where, seen)

    def answer(self, where: str, item: dict, seen: bool | None) -> None:
        where = f"{where}.responds_to"
        if item.get("responds_to") is None:
            return
        target = self.record(where, item["responds_to"])
        if target is None:
            return
        kinds = {"ref": int, "story": str, "source": str, "text": str}
        wrong = [key for key, kind in kinds.items() if not isinstance(target.get(key), kind)]
        if wrong:
            self.report(
                where,
                "must name the answered claim by its ref (a number) and its story, source "
                f"and text (text); missing or of another type: {', '.join(wrong)}.",
            )
        else:
            self.answers.append((where, target, seen))

    def check_answers(self) -> None:
        for where, target, seen in self.answers:
            if target["story"] != self.story_slug:
                if visible_claim(target) is None:
                    self.report(
                        where,
                        f"answers a claim readers cannot see here (story {_shown(target['story'])}"
                        "): it is missing, in a draft story or in a scheduled update. Import "
                        "that story first, or set responds_to to null.",
                    )
            elif target["ref"] not in self.claims:
                self.report(f"{where}.ref", f"the document has no claim with ref {target['ref']}.")
            elif seen and self.claims[target["ref"]][1] is False:
                self.report(
                    where,
                    f"answers {self.claims[target['ref']][0]}, which readers would not see yet "
                    "(a scheduled update).",
                )


def document_problems(data) -> list[str]:
    """Everything wrong with an export document, one line each; empty when it imports."""
    if not isinstance(data, dict) or data.get("format") != export.FORMAT:
        return ["This is not a story exported by export_story."]
    if data.get("version") != export.FORMAT_VERSION:
        return [f"version: {_shown(data.get('version'))} is not an export version read here."]
    checker = _Checker()
    checker.document(data)
    return checker.problems
