"""One journalist in the concurrency test: a separate process writing to one story.

Run as ``python -m tests.support.concurrent_writer <story id> <writer number> <operations> <seed>``
with ``DATABASE_URL`` naming the test database. It posts updates (some with a claim),
edits updates (its own and others'), deletes its own, all through the models' save()
and delete() as the admin and the desk do, and prints a JSON line of what it did.
"""

import json
import os
import random
import sys
import time

import django


def main(story_id: int, writer: int, operations: int, seed: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liveblog.settings")
    django.setup()
    from django.db import DatabaseError

    from stories.models import Claim, Source, Update

    rng = random.Random(seed)
    source, _ = Source.objects.get_or_create(name=f"Concurrency source {writer}")
    mine: list[int] = []
    done = {"posted": 0, "edited": 0, "deleted": 0, "edits_lost_to_a_delete": 0}
    for step in range(operations):
        action = rng.choices(["post", "edit", "delete"], weights=[5, 4, 2])[0]
        if action == "post" or not mine:
            update = Update.objects.create(
                story_id=story_id,
                headline=f"writer {writer} post {step}",
                body=f"w{writer} s{step} first text",
            )
            if rng.random() < 0.3:
                Claim.objects.create(update=update, source=source, text=f"claim w{writer} {step}")
            mine.append(update.pk)
            done["posted"] += 1
        elif action == "edit":
            candidates = list(Update.objects.filter(story_id=story_id).values_list("pk", flat=True))
            update = Update.objects.filter(pk=rng.choice(candidates)).first()
            if update is None:
                continue
            update.body = f"{update.body.split(' edited')[0]} edited by w{writer} at s{step}"
            try:
                # update_fields: an update deleted meanwhile fails instead of coming back.
                update.save(update_fields=["body", "headline"])
                done["edited"] += 1
            except DatabaseError:
                done["edits_lost_to_a_delete"] += 1
        else:
            pk = mine.pop(rng.randrange(len(mine)))
            Update.objects.filter(pk=pk).delete()
            done["deleted"] += 1
        time.sleep(rng.uniform(0, 0.05))
    return done


if __name__ == "__main__":
    story_id, writer, operations, seed = (int(arg) for arg in sys.argv[1:5])
    print(json.dumps(main(story_id, writer, operations, seed)))
