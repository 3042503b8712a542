"""Read a story written by ``story_export.export_story`` into this database.

A document is input like any other. Before anything is written, every field it carries
is checked against the rules of the model that stores it (type, choices, length,
nullability, dates) and every problem is reported at once, one line each, named by its
path in the document (``updates[2].claims[0].status``): ``ImportRefused.problems``.

``import_story`` then writes through the models' ``save()``, so the live cursor is right
and every body is rendered and sanitised again on the way in. Creation times are kept
(they order claims on source pages); the live cursor's columns and ``modified_at`` are
the importing database's own.

An answer (``responds_to``) to a claim of another story is linked only to a claim readers
can see here; one in a draft story or a scheduled update is refused like a missing one,
so an import neither links to nor tells apart what readers may not see. An answer within
the document may not be shown to readers before the claim it answers.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction

from stories.models import Claim, ClaimStatusChange, Source, Story, Update
from stories.tooling.import_checks import (
    document_problems,
    parsed_datetime,
    visible_claim,
)
from stories.tooling.story_export import (
    CLAIM_FIELDS,
    SOURCE_FIELDS,
    STATUS_CHANGE_FIELDS,
    STORY_FIELDS,
    UPDATE_FIELDS,
)


def _thread_of(data: dict) -> tuple:
    """The claim's thread as (ref, wording) in the document; a thread of its own if none.

    Documents from before threads, or with a thread that is not a ref and a wording,
    give each claim a thread of its own, worded as the claim.
    """
    thread = data.get("thread")
    if isinstance(thread, dict):
        ref, wording = thread.get("ref"), thread.get("wording")
        if isinstance(ref, int) and isinstance(wording, str) and wording.strip():
            return ref, wording
    return ("claim", data["ref"]), data["text"]


class ImportRefused(ValueError):
    """The document cannot be imported as it is; ``problems`` says why, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --- writing it -------------------------------------------------------------------------


def _values(item: dict, model, names) -> dict:
    """The fields of a checked part of the document, as the model stores them."""
    values = {}
    for name in names:
        value = item[name]
        if isinstance(model._meta.get_field(name), models.DateTimeField) and value is not None:
            value = parsed_datetime(value)
        values[name] = value
    return values


def _full_clean(instance, where: str, **kwargs) -> None:
    """The model's own checks (across fields, uniqueness), as problems of the document."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise ImportRefused(
            [
                f"{where if name == '__all__' else f'{where}.{name}'}: {message}"
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        ) from error


@contextmanager
def _keeping_creation_times():
    """Let saves write the document's ``created_at`` instead of the current time.

    ``auto_now_add`` is switched off on the models that have it for the duration (a
    claim's ``created_at`` is a default, kept as given); the import command runs alone in
    its process, so nothing else saves meanwhile.
    """
    fields = [model._meta.get_field("created_at") for model in (Story, Source, Update)]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


class _People:
    """Accounts by user name; a missing one is made, inactive, so its byline survives."""

    def __init__(self, listed: list[dict]):
        self.names = {p["username"]: (p["first_name"], p["last_name"]) for p in listed}
        self.created: list[str] = []

    def __call__(self, username: str | None):
        if not username:
            return None
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            first_name, last_name = self.names.get(username, ("", ""))
            user = User(
                **{User.USERNAME_FIELD: username},
                first_name=first_name,
                last_name=last_name,
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            self.created.append(username)
        return user


class _Importer:
    """One checked document's import: its accounts, its sources by slug, its claims by ref.

    Answers are linked once every claim of the story exists, in whatever order the
    document lists them; ``notes`` collects what was adapted to this database.
    """

    def __init__(self, data: dict):
        self.person = _People(data.get("people", []))
        self.notes: list[str] = []
        self.sources: dict[str, Source] = {}
        self.claims_by_ref: dict[int, Claim] = {}
        self.answers: list[tuple[Claim, dict]] = []
        self.threads_by_ref: dict = {}

    def add_story(self, data: dict) -> Story:
        story = Story(**_values(data, Story, STORY_FIELDS))
        _full_clean(story, "story", validate_unique=False)
        story.save()
        return story

    def add_source(self, where: str, item: dict) -> None:
        source = Source.objects.filter(slug=item["slug"]).first()
        if source is None:
            source = Source(**_values(item, Source, SOURCE_FIELDS))
            _full_clean(source, where)
            source.save()
        elif source.name != item["name"]:
            self.notes.append(f"Source {item['slug']!r} exists here as {source.name!r}; kept.")
        self.sources[item["slug"]] = source

    def add_update(self, where: str, story: Story, item: dict) -> None:
        update = Update(
            story=story, author=self.person(item["author"]), **_values(item, Update, UPDATE_FIELDS)
        )
        _full_clean(update, where, exclude=["story", "author"])
        update.save()
        for n, claim_data in enumerate(item["claims"]):
            self.add_claim(f"{where}.claims[{n}]", update, claim_data)

    def add_claim(self, where: str, update: Update, data: dict) -> None:
        claim = Claim(
            update=update,
            source=self.sources[data["source"]],
            **_values(data, Claim, CLAIM_FIELDS),
        )
        _full_clean(claim, where, exclude=["update", "source", "responds_to", "thread"])
        thread_ref, wording = _thread_of(data)
        claim.thread = self.threads_by_ref.get(thread_ref)
        claim.save()
        if claim.thread.wording != wording and thread_ref not in self.threads_by_ref:
            claim.thread.wording = wording
            claim.thread.save(update_fields=["wording"])
        self.threads_by_ref.setdefault(thread_ref, claim.thread)
        self.claims_by_ref[data["ref"]] = claim
        if data["responds_to"]:
            self.answers.append((claim, data["responds_to"]))
        for change in data["status_changes"]:
            ClaimStatusChange.objects.create(
                thread=claim.thread,
                claim=claim if change.get("through_this_claim", True) else None,
                changed_by=self.person(change["changed_by"]),
                **_values(change, ClaimStatusChange, STATUS_CHANGE_FIELDS),
            )

    def link_answers(self, story: Story) -> None:
        """Point each answer at its claim: in this story by ref, in another by its words."""
        for claim, target in self.answers:
            if target["story"] == story.slug:
                claim.responds_to = self.claims_by_ref[target["ref"]]
            else:
                claim.responds_to = visible_claim(target)
            claim.save()


def import_story(*, data) -> tuple[Story, list[str]]:
    """Create the story of an export document; return it and notes on what was adapted.

    Raises :class:`ImportRefused`, with every problem found, when the document breaks
    a rule of the models; nothing is written then.
    """
    if problems := document_problems(data):
        raise ImportRefused(problems)
    importer = _Importer(data)
    with transaction.atomic(), _keeping_creation_times():
        story = importer.add_story(data["story"])
        for n, item in enumerate(data["sources"]):
            importer.add_source(f"sources[{n}]", item)
        for n, item in enumerate(data["updates"]):
            importer.add_update(f"updates[{n}]", story, item)
        importer.link_answers(story)
    if importer.person.created:
        importer.notes.append(
            "Inactive accounts made for the bylines: " + ", ".join(importer.person.created)
        )
    return story, importer.notes
