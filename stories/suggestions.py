"""Threads that look like the statement a journalist is typing, best first.

While a claim is typed on the desk, the desk offers existing threads that may assert the
same thing: this story's first, then other stories'. On PostgreSQL a thread is a
candidate when its wording shares words with the text (full-text search, ``simple``
configuration, so any language, any of its words of four letters or more) or is close to
it letter by letter (``pg_trgm``'s ``<%`` word-similarity operator); both conditions use
the GIN indexes made by migration 0015, read by ``claim_thread_candidates`` (migration
0019), which stops each way at ``CANDIDATES`` threads. Only those get the score, the
trigram word similarity plus the full-text rank, so a text sharing words with every
thread of a 10,000-claim story is bounded like any other. On SQLite (the demo) candidates are
threads whose wording contains one of the text's longer words, scored by the share of
the text's words they contain.
"""

import re

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from stories.models import Claim, ClaimThread

SHOWN = 6
# Typing a claim is short text; longer input is cut, not refused.
MAX_TEXT = 300
MAX_WORDS = 24
# Four letters or more: "the", "and", "was" would make every thread a candidate.
WORD = re.compile(r"\w{4,}")


def words_of(text: str) -> list[str]:
    """The text's words of four letters or more, lower-cased, once each, in order."""
    seen = dict.fromkeys(word.casefold() for word in WORD.findall(text[:MAX_TEXT]))
    return list(seen)[:MAX_WORDS]


def _in_story(story):
    return Exists(Claim.objects.filter(thread=OuterRef("pk"), update__story=story))


# Each way of matching hands at most this many candidates to the scoring, so a text that
# shares words with every thread of a large story costs the same as any other text.
CANDIDATES = 200
# One statement (the one-query bound). claim_thread_candidates (migration 0019) reads
# the two GIN indexes of 0015 and stops each list at CANDIDATES; only those threads get
# the expensive score, word_similarity + ts_rank.
SUGGEST = """
SELECT thread.*,
    EXISTS (
        SELECT 1 FROM stories_claim claim JOIN stories_update "update"
            ON "update".id = claim.update_id
        WHERE claim.thread_id = thread.id AND "update".story_id = %(story)s
    ) AS in_story,
    word_similarity(%(text)s, thread.wording)
        + ts_rank(to_tsvector('simple'::regconfig, COALESCE(thread.wording, '')),
            to_tsquery('simple', %(words)s))
        AS score
FROM claim_thread_candidates(%(text)s, to_tsquery('simple', %(words)s), %(limit)s)
    AS candidate (id)
JOIN stories_claimthread thread ON thread.id = candidate.id
ORDER BY in_story DESC, score DESC, thread.id DESC
LIMIT %(shown)s
"""


def postgresql_query(text: str, *, story) -> tuple[str, dict] | None:
    """The one statement suggesting threads for ``text`` on PostgreSQL, with its parameters.

    ``None`` when the text has no word to match. Also used by the tests to EXPLAIN it.
    """
    words = words_of(text)
    if not words:
        return None
    # Each word is \w+ only, so the raw tsquery is well formed whatever was typed.
    params = {
        "words": " | ".join(words),
        "text": " ".join(text[:MAX_TEXT].split()),
        "limit": CANDIDATES,
        "story": story.pk,
        "shown": SHOWN,
    }
    return SUGGEST, params


def _fallback(words: list[str], story):
    longest = sorted(words, key=len, reverse=True)[:4]
    condition = Q()
    for word in longest:
        condition |= Q(wording__icontains=word)
    candidates = list(
        ClaimThread.objects.filter(condition).annotate(in_story=_in_story(story))[:200]
    )
    for thread in candidates:
        wording = thread.wording.casefold()
        thread.score = sum(word in wording for word in words) / len(words)
    candidates.sort(key=lambda thread: (-thread.in_story, -thread.score, -thread.pk))
    return candidates[:SHOWN]


def suggest_threads(text: str, *, story) -> list[ClaimThread]:
    """Up to ``SHOWN`` threads like ``text``: ``story``'s first (``in_story``), best first."""
    words = words_of(text)
    if not words:
        return []
    if connection.vendor == "postgresql":
        return list(ClaimThread.objects.raw(*postgresql_query(text, story=story)))
    return _fallback(words, story)
