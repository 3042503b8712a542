"""The backup drill of docs/operations.md on the throwaway cluster: dump, restore, compare."""

import psycopg
import pytest
from django.db import connection

from stories.models import Claim, Story, Update
from tests.support.factories import make_claim, make_story, make_update

RESTORED = "liveblog_restore_drill"
TABLES = {
    Story: ("id", "slug", "title", "summary", "status", "version"),
    Update: ("id", "story_id", "headline", "body", "body_html", "published_at", "version"),
    Claim: ("id", "update_id", "source_id", "text", "status", "note", "source_url"),
}


def rows(cursor, model, columns) -> list[tuple]:
    cursor.execute(f"SELECT {', '.join(columns)} FROM {model._meta.db_table} ORDER BY id")
    return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_a_new_database_has_every_story_update_and_claim(
    stoppable_cluster,
):
    for n in range(3):
        story = make_story(title=f"Story {n} «quoted» — ünïcode")
        for m in range(4):
            make_claim(make_update(story, body=f"Update {m} with **bold** text"))
    database = connection.settings_dict["NAME"]
    dump = f"{stoppable_cluster.host}/drill.dump"
    postgres = ["-h", stoppable_cluster.host, "-U", "postgres"]

    stoppable_cluster.run("pg_dump", *postgres, "-Fc", "-f", dump, database)
    stoppable_cluster.run("dropdb", *postgres, "--if-exists", RESTORED)
    stoppable_cluster.run("createdb", *postgres, RESTORED)
    try:
        stoppable_cluster.run("pg_restore", *postgres, "--no-owner", "-d", RESTORED, dump)
        with (
            connection.cursor() as original,
            psycopg.connect(host=stoppable_cluster.host, user="postgres", dbname=RESTORED) as copy,
        ):
            restored = copy.cursor()
            for model, columns in TABLES.items():
                expected = rows(original, model, columns)
                assert expected, model.__name__
                assert rows(restored, model, columns) == expected, model.__name__
    finally:
        stoppable_cluster.run("dropdb", *postgres, "--if-exists", RESTORED)
