"""The desk's thread suggestions gather their candidates through one function (PostgreSQL).

``claim_thread_candidates(typed, words, most)`` returns the ids of at most ``most`` threads
whose wording is close to ``typed`` letter by letter (``<%``, GIN trigram index of 0015)
and at most ``most`` of those sharing a word with ``words`` (GIN text-search index of
0015): the best by ``ts_rank`` among the first ``5 * most`` the index finds. Each list
stops early, so a text sharing words with every thread costs what any text costs.

The function carries ``enable_seqscan = off``: the planner prices ``word_similarity`` as
a cheap operator and would otherwise scan the whole table, computing it on every row
(tens of milliseconds on 10,000 threads) when the index answers in one or two. A
function with a SET clause is not inlined, so the setting covers only its own queries.
"""

from django.db import migrations

CREATE = (
    """
    CREATE OR REPLACE FUNCTION claim_thread_candidates(typed text, words tsquery, most integer)
    RETURNS SETOF bigint
    LANGUAGE sql STABLE ROWS 400
    SET enable_seqscan = off
    AS $$
        (SELECT id::bigint FROM stories_claimthread WHERE typed <% wording LIMIT most)
        UNION
        (SELECT id::bigint FROM (
            SELECT id, wording FROM stories_claimthread
            WHERE to_tsvector('simple'::regconfig, COALESCE(wording, '')) @@ words
            LIMIT most * 5
        ) AS sharing
        ORDER BY ts_rank(to_tsvector('simple'::regconfig, COALESCE(wording, '')), words) DESC,
            id DESC
        LIMIT most)
    $$
    """,
)
DROP = ("DROP FUNCTION IF EXISTS claim_thread_candidates(text, tsquery, integer)",)


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        # Straight to the cursor: the schema editor would read "<%" as a placeholder.
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0018_saved_copy_previews"),
    ]

    operations = [migrations.RunPython(run(CREATE), run(DROP), elidable=False)]
