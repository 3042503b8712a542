"""Migration 0007: every existing claim becomes a one-claim thread, with its history.

Tested on the demo story and on a story of 10,000 claims: claims are written at the
current schema, the migrations are reversed to before threads (the reverse keeps every
claim and history row) and applied again, timed and with their queries counted.
"""

import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from stories.models import Claim, ClaimStatusChange, ClaimThread
from stories.roles import sync_roles
from stories.tooling.seeding import seed_story
from tests.support.figures import FIGURES

BEFORE_THREADS = ("stories", "0006_story_language")
THREADS = ("stories", "0008_claim_thread_required")
CLAIM_COLUMNS = (
    "id",
    "text",
    "status",
    "note",
    "created_at",
    "status_changed_at",
    "previous_status",
    "previous_status_since",
)
HISTORY_COLUMNS = (
    "id",
    "claim_id",
    "from_status",
    "to_status",
    "changed_at",
    "changed_by_id",
    "note",
)


def migrate_to(*targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))


def leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes("stories")


def claims() -> list[tuple]:
    # Only columns that exist before and after threads, so it reads both schemas.
    return list(Claim.objects.order_by("pk").values_list(*CLAIM_COLUMNS))


def history() -> list[tuple]:
    return list(ClaimStatusChange.objects.order_by("pk").values_list(*HISTORY_COLUMNS))


def assert_one_thread_per_claim(expected_claims, expected_history) -> None:
    threads = {thread.pk: thread for thread in ClaimThread.objects.all()}
    assert len(threads) == len(expected_claims)
    for row in expected_claims:
        claim_id, text, *copied = row
        thread = threads[claim_id]
        assert thread.wording == text
        assert [getattr(thread, name) for name in CLAIM_COLUMNS[2:]] == copied
    assert dict(Claim.objects.values_list("pk", "thread_id")) == {
        row[0]: row[0] for row in expected_claims
    }
    assert history() == expected_history
    assert all(change.thread_id == change.claim_id for change in ClaimStatusChange.objects.all())
    # New threads after the migration get new ids.
    assert (
        Claim.objects.create(
            update=Claim.objects.first().update,
            source=Claim.objects.first().source,
            text="A new claim",
        ).thread_id
        not in threads
    )


def back_and_forth() -> tuple[float, int]:
    """Reverse to before threads, then migrate again; the time and queries of 0007-0008."""
    expected_claims, expected_history = claims(), history()
    migrate_to(BEFORE_THREADS)
    try:
        assert claims() == expected_claims and history() == expected_history
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            migrate_to(THREADS)
        elapsed = time.perf_counter() - started
    finally:
        migrate_to(*leaf())
    assert_one_thread_per_claim(expected_claims, expected_history)
    return elapsed, len(queries)


@pytest.mark.django_db(transaction=True)
def test_the_demo_story_migrates_to_threads_and_back():
    # An earlier transactional test may have emptied the tables, roles included.
    sync_roles(Group, Permission)
    call_command("load_demo", verbosity=0)
    # Threads shared by several claims become one thread per claim on the way back.
    for thread in ClaimThread.objects.all():
        for claim in thread.claims.order_by("pk")[1:]:
            claim.thread = ClaimThread.objects.create(wording=claim.text)
            claim.save()
    assert ClaimStatusChange.objects.exists()
    back_and_forth()


@pytest.mark.django_db(transaction=True)
def test_ten_thousand_claims_migrate_in_bounded_time_and_queries():
    seed_story(slug="ten-thousand-claims", updates=5_001, claims_per_update=2, live_updates=1)
    count = Claim.objects.count()
    assert count >= 10_000
    elapsed, queries = back_and_forth()
    FIGURES["thread migration: claims migrated"] = count
    FIGURES["thread migration: seconds for 10,000 claims (x1000)"] = round(elapsed * 1000)
    FIGURES["thread migration: queries"] = queries
    # Three data statements whatever the number of claims, plus the schema changes and
    # the roles' permissions.
    assert queries <= 80
    assert elapsed < 20
