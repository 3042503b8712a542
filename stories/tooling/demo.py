"""The demo story, its sources and claims, and the demo newsroom accounts (``load_demo``).

The words live in ``data/bakhmut.json``; its ``about`` note says what they are (demo
material modelled on public reporting, not an archive). The file is JSON rather than TOML
because the data has empty values (a claim that answers no other, a statement with no time
of its own), which JSON writes as ``null`` and TOML cannot write at all, and because the
standard library writes JSON as well as reads it: the file was converted from the former
Python module by a script, and can be rewritten by one, where ``tomllib`` only reads.

Times in the file are minutes after the story's start. Loading is idempotent: run twice,
it leaves one story and one set of accounts; ``reset=True`` deletes the demo story first
and loads it again. The start is chosen so that the latest demo update is half an hour
old, which makes the story look live.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from stories import roles, services
from stories.models import (
    Claim,
    ClaimStatusChange,
    ClaimThread,
    Source,
    Story,
    SummaryVersion,
    Tag,
    Update,
)
from stories.tooling import demo_evidence

CONTENT = Path(__file__).resolve().parent / "data" / "bakhmut.json"
# Every demo story, one document each: the Bakhmut story in English, and a short one in
# Ukrainian whose pages are in Ukrainian (Story.language).
DEMO_STORIES = (CONTENT, CONTENT.with_name("kharkiv_uk.json"))

ACCOUNTS = {
    # author in the content -> (username, password, first name, last name, group)
    "editor": ("editor", "liveblog-editor", "Alex", "Morgan", roles.EDITOR),
    "journalist": ("journalist", "liveblog-journalist", "Sam", "Okafor", roles.JOURNALIST),
    "contributor": ("contributor", "liveblog-contributor", "Dana", "Reyes", roles.CONTRIBUTOR),
}


def read_content(path: Path = CONTENT) -> dict:
    """The demo document: ``story``, ``sources`` and ``updates`` with their claims."""
    with path.open(encoding="utf-8") as file:
        return json.load(file)


def load_demo(*, reset: bool = False, path: Path = CONTENT) -> tuple[Story, bool]:
    """Make the accounts and load the story of the document at ``path`` unless it is there.

    Return the story and whether it was loaded by this call.
    """
    content = read_content(path)
    users = ensure_accounts()
    slug = content["story"]["slug"]
    with transaction.atomic():
        if reset:
            Story.objects.filter(slug=slug).delete()
        story = Story.objects.filter(slug=slug).first()
        if story is not None:
            return story, False
        return _create_story(content, users), True


def ensure_accounts() -> dict:
    """The demo accounts by their key in ``ACCOUNTS``; a password is set only on creation."""
    User = get_user_model()
    users = {}
    for key, (username, password, first, last, group_name) in ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(password)
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group_name))
        users[key] = user
    return users


def _create_story(content: dict, users: dict) -> Story:
    sources = {}
    for data in content["sources"]:
        source, _ = Source.objects.update_or_create(name=data["name"], defaults=data)
        sources[source.name] = source
    last_minute = max(update["minutes"] for update in content["updates"])
    start = timezone.now() - timedelta(minutes=last_minute + 30)
    story = Story.objects.create(**content["story"], status=Story.Status.LIVE, started_at=start)
    loader = _StoryLoader(users=users, sources=sources, start=start)
    for data in content["updates"]:
        loader.add_update(story, data)
    loader.add_what_we_know(story, content.get("what_we_know", []))
    return story


@dataclass
class _StoryLoader:
    """What loading updates needs along the way: accounts, sources, the start, claims by key."""

    users: dict
    sources: dict[str, Source]
    start: datetime
    claims_by_key: dict[str, Claim] = field(default_factory=dict)

    def at(self, minutes: int) -> datetime:
        return self.start + timedelta(minutes=minutes)

    def add_update(self, story: Story, data: dict) -> Update:
        update = Update.objects.create(
            story=story,
            author=self.users[data["author"]],
            headline=data["headline"],
            body=data["body"],
            published_at=self.at(data["minutes"]),
            is_key_event=data["is_key_event"],
            is_pinned=data["is_pinned"],
            correction_note=data["correction_note"],
            # A submission waiting for the editor (the demo's contributor).
            state=data.get("state", Update.State.PUBLISHED),
        )
        update.co_authors.set([self.users[name] for name in data.get("co_authors", [])])
        # Topics readers filter by (?tag=): shared across stories, made on first use.
        update.tags.set([Tag.objects.get_or_create(name=name)[0] for name in data.get("tags", [])])
        demo_evidence.fill_update_copies(update, data.get("saved_copies", []), self.at)
        for position, claim_data in enumerate(data["claims"]):
            self.claims_by_key[claim_data["key"]] = self.add_claim(update, position, claim_data)
        demo_evidence.show(update)
        return update

    def add_what_we_know(self, story: Story, versions: list[dict]) -> None:
        """The box's versions in order, each dated back to its time in the story."""
        for data in versions:
            version = services.revise_what_we_know(
                story=story, points="\n".join(data["points"]), editor=self.users["editor"]
            )
            written_at = self.at(data["minutes"])
            SummaryVersion.objects.filter(pk=version.pk).update(written_at=written_at)
            Story.objects.filter(pk=story.pk).update(known_at=written_at)

    def add_claim(self, update: Update, position: int, data: dict) -> Claim:
        """Create the claim in its first status, then replay its history, if any."""
        history = data.get("history") or []
        stated_minutes = data.get("stated_minutes")
        # A claim repeating an earlier one joins its thread (and takes its status).
        joined = self.claims_by_key.get(data.get("thread"))
        claim = Claim.objects.create(
            thread=joined.thread if joined else None,
            stance=data.get("stance", Claim.Stance.SUPPORTS),
            update=update,
            source=self.sources[data["source"]],
            text=data["text"],
            status=history[0]["from"] if history else data["status"],
            note="" if history else data["note"],
            attribution=data["attribution"],
            is_verbatim=data["is_verbatim"],
            source_url=data["source_url"],
            stated_at=self.at(stated_minutes) if stated_minutes is not None else None,
            responds_to=self.claims_by_key.get(data.get("responds_to")),
            position=position,
        )
        if data.get("thread_wording"):
            ClaimThread.objects.filter(pk=claim.thread_id).update(wording=data["thread_wording"])
        demo_evidence.fill_claim_copy(claim, data.get("saved_copy"), self.at)
        if history:
            self._replay_history(claim, history, final_note=data["note"])
        return claim

    def _replay_history(self, claim: Claim, history: list[dict], *, final_note: str) -> None:
        for step in history:
            claim.status = step["to"]
            claim.note = step["note"]
            claim.save(changed_by=self.users["editor"])
            # The demo's history happened in the past: date it back. Readers are not
            # watching a story that is being loaded, so the cursor need not move.
            change = claim.thread.status_changes.latest("changed_at", "id")
            ClaimStatusChange.objects.filter(pk=change.pk).update(
                changed_at=self.at(step["minutes"])
            )
        changes = list(claim.thread.status_changes.order_by("changed_at", "id"))
        dated = {
            "note": final_note,
            "status_changed_at": changes[-1].changed_at,
            "previous_status_since": changes[-2].changed_at
            if len(changes) > 1
            else claim.update.published_at,
        }
        ClaimThread.objects.filter(pk=claim.thread_id).update(**dated)
        Claim.objects.filter(thread=claim.thread_id).update(**dated)
