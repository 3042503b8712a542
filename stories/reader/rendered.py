"""Whole story pages and poll answers, rendered once per story version and reused.

Between two changes to a story, every reader opening its page, or polling from the same
cursor, is sent the same HTML. So the HTML is kept in the ``pages`` cache (each
process's memory, few entries) under a key of:

- the story's version for the page, or the poll answer's ETag (story, cursor, version,
  status, source filter): the live cursor moves it on every change readers may see of
  the story, so a copy is never served after its story changed;
- the render generation (``stories.live.cache.render_generation``), moved after every
  commit that bumps any story and when a source or a user is saved: what a page shows
  from outside its story (sources' names, bylines, claims it answers) changes the key
  too;
- the variant: which page of the stream, the source filter, full page or htmx part,
  the origin its absolute links use, and the active language (a story's own language
  is a field of the story: changing it moves the version).

A copy is stored under the version of the rows it was rendered from (the story row read
with them), never under the cached state's, so it shows exactly that version. Copies
live no longer than the answer's own ``max-age`` (a few seconds): a shared cache in
front may keep the answer that long anyway, and with per-process local memory it bounds
how late a change made through another process's cache is seen.
"""

import hashlib

from django.core.cache import caches
from django.utils.translation import get_language

from stories.live.cache import render_generation


class Copy:
    """One variant of a rendered page or answer; ``get`` and ``keep`` it by version."""

    def __init__(self, *variant):
        # Read before rendering: a change committed meanwhile moves it for later readers.
        self.parts = (get_language(), render_generation(), *variant)

    def _key(self, version) -> str:
        digest = hashlib.blake2b(repr((*self.parts, version)).encode(), digest_size=16)
        return f"rendered:{digest.hexdigest()}"

    def get(self, version):
        return caches["pages"].get(self._key(version))

    def keep(self, version, rendered, seconds: int) -> None:
        """Keep ``rendered`` (what ``get`` will give back) for ``seconds``."""
        if seconds > 0:
            caches["pages"].set(self._key(version), rendered, seconds)
