"""Figures the security and reliability tests measure, printed at the end of the run.

Tests add to :data:`FIGURES` (requests tried, server errors seen, script-injection vectors
tried and executed, writers and updates in the concurrency test); ``tests/conftest.py``
prints them in pytest's summary so every run reports them.
"""

from collections import Counter

FIGURES: Counter = Counter()


def count(name: str, n: int = 1) -> None:
    FIGURES[name] += n
