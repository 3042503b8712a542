"""Indexes for the desk's thread suggestions (stories/suggestions.py), on PostgreSQL only.

pg_trgm (created here; it ships with PostgreSQL) with a GIN trigram index on the
threads' wording, for the ``<%`` word-similarity operator, and a GIN index on the
wording's ``simple`` text-search vector, written as Django's ``SearchVector`` writes it
so the planner uses it. SQLite has neither; the suggestions fall back to a simpler match.
Creating the extension needs a role allowed to (the database owner on PostgreSQL 13+,
since pg_trgm is a trusted extension).
"""

from django.db import migrations

CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS claim_thread_wording_trigram"
    " ON stories_claimthread USING gin (wording gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS claim_thread_wording_words"
    " ON stories_claimthread USING gin (to_tsvector('simple'::regconfig, COALESCE(wording, '')))",
)
DROP = (
    "DROP INDEX IF EXISTS claim_thread_wording_words",
    "DROP INDEX IF EXISTS claim_thread_wording_trigram",
)


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0014_api_tokens"),
    ]

    operations = [migrations.RunPython(run(CREATE), run(DROP), elidable=False)]
