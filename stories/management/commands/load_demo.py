"""Load the demo story, its sources and claims, and the demo newsroom accounts.

Idempotent: run twice, it leaves one story and one set of accounts. ``--reset``
deletes the demo story first and loads it again. Times are laid out so that the latest
demo update is about half an hour old, which makes the story look live.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from stories import roles
from stories.models import Claim, ClaimStatusChange, Source, Story, Update
from stories.tooling import demo_content

ACCOUNTS = {
    # role key in demo_content -> (username, password, first name, last name, group)
    "editor": ("editor", "liveblog-editor", "Alex", "Morgan", roles.EDITOR),
    "journalist": ("journalist", "liveblog-journalist", "Sam", "Okafor", roles.JOURNALIST),
}


class Command(BaseCommand):
    help = "Load the demo story with sources and claims, and the demo editor accounts."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete and reload the story.")

    def handle(self, *args, reset=False, **options):
        users = self.ensure_accounts()
        slug = demo_content.STORY["slug"]
        with transaction.atomic():
            if reset:
                Story.objects.filter(slug=slug).delete()
            if Story.objects.filter(slug=slug).exists():
                self.stdout.write(f"Demo story already loaded: /stories/{slug}/")
            else:
                story = self.load_story(users)
                self.stdout.write(
                    f"Loaded demo story /stories/{slug}/ with {story.updates.count()} updates "
                    f"and {Claim.objects.filter(update__story=story).count()} claims."
                )
        for username, password, *_ in ACCOUNTS.values():
            self.stdout.write(f"Demo login: http://127.0.0.1:8000/admin/  {username} / {password}")

    def ensure_accounts(self) -> dict:
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

    def load_story(self, users: dict) -> Story:
        sources = {}
        for data in demo_content.SOURCES:
            source, _ = Source.objects.update_or_create(name=data["name"], defaults=data)
            sources[source.name] = source
        last_minute = max(update["minutes"] for update in demo_content.UPDATES)
        start = timezone.now() - timedelta(minutes=last_minute + 30)

        def at(minutes):
            return start + timedelta(minutes=minutes)

        story = Story.objects.create(
            **demo_content.STORY, status=Story.Status.LIVE, started_at=start
        )
        claims_by_key = {}
        for data in demo_content.UPDATES:
            update = Update.objects.create(
                story=story,
                author=users[data["author"]],
                headline=data["headline"],
                body=data["body"],
                published_at=at(data["minutes"]),
                is_key_event=data["is_key_event"],
                is_pinned=data["is_pinned"],
                correction_note=data["correction_note"],
            )
            for position, claim_data in enumerate(data["claims"]):
                claims_by_key[claim_data["key"]] = self.load_claim(
                    update, position, claim_data, sources, claims_by_key, users["editor"], at
                )
        return story

    def load_claim(self, update, position, data, sources, claims_by_key, editor, at) -> Claim:
        history = data.get("history") or []
        claim = Claim.objects.create(
            update=update,
            source=sources[data["source"]],
            text=data["text"],
            status=history[0]["from"] if history else data["status"],
            note="" if history else data["note"],
            attribution=data["attribution"],
            is_verbatim=data["is_verbatim"],
            source_url=data["source_url"],
            stated_at=at(data["stated_minutes"])
            if data.get("stated_minutes") is not None
            else None,
            responds_to=claims_by_key.get(data.get("responds_to")),
            position=position,
        )
        for step in history:
            claim.status = step["to"]
            claim.note = step["note"]
            claim.save(changed_by=editor)
            # The demo's history happened in the past: date it back. Readers are not
            # watching a story that is being loaded, so the cursor need not move.
            change = claim.status_changes.latest("changed_at", "id")
            ClaimStatusChange.objects.filter(pk=change.pk).update(changed_at=at(step["minutes"]))
        if history:
            changes = list(claim.status_changes.order_by("changed_at", "id"))
            last = changes[-1]
            Claim.objects.filter(pk=claim.pk).update(
                note=data["note"],
                status_changed_at=last.changed_at,
                previous_status_since=changes[-2].changed_at
                if len(changes) > 1
                else update.published_at,
            )
        return claim
