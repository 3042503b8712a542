"""Threads that look like the statement a journalist is typing, best first.

While a claim is typed on the desk, the desk offers existing threads that may assert the
same thing: this story's first, then other stories'. On PostgreSQL a thread is a
candidate when its wording shares words with the text (full-text search, ``simple``
configuration, so any language, any of its words of four letters or more) or is close to
it letter by letter (``pg_trgm``'s ``<%`` word-similarity operator); both conditions use
the GIN indexes made by migration 0015. The score is the trigram word similarity plus
the full-text rank. On SQLite (the demo) candidates are
threads whose wording contains one of the text's longer words, scored by the share of
the text's words they contain.
"""

import re

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL

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


def _postgresql(text: str, words: list[str], story):
    # Each word is \w+ only, so the raw tsquery is well formed whatever was typed.
    query = SearchQuery(" | ".join(words), search_type="raw", config="simple")
    vector = SearchVector("wording", config="simple")
    close = RawSQL('%s <%% "stories_claimthread"."wording"', (text,), output_field=BooleanField())
    threads = ClaimThread.objects.annotate(
        document=vector,
        similarity=TrigramWordSimilarity(text, "wording"),
        rank=SearchRank(vector, query),
    ).filter(Q(close) | Q(document=query))
    return threads.annotate(score=F("similarity") + F("rank"), in_story=_in_story(story)).order_by(
        "-in_story", "-score", "-id"
    )[:SHOWN]


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
        return list(_postgresql(" ".join(text[:MAX_TEXT].split()), words, story))
    return _fallback(words, story)
