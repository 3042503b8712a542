"""Django's local-memory cache, bounded in bytes as well as in entries.

The ``fragments`` and ``pages`` caches keep rendered HTML in each worker's memory.
LocMemCache bounds them by entries only, so a worker's memory follows how big pages
happen to be: a richer update (more claims, cards, bylines) makes every entry bigger.
``OPTIONS["MAX_BYTES"]`` bounds the stored values' size too: setting a value
removes the least recently used entries until it fits, and a value bigger than the
whole bound is not kept at all (the caller still has it: the page is served, only not
reused). Either bound evicts the least recently used entries one by one, just enough
(``CULL_FREQUENCY`` is not used). Without ``MAX_BYTES`` only entries bound it.

Strings, bytes and tuples of them (rendered HTML, a page's language and bytes) are kept
as they are, not pickled: they cannot change, so every reader can share the one object,
and a hit makes no copy. LocMemCache unpickled a fresh page-sized string for each
reader, and encoded it again to send it: for a cached story page of 127 KB that was
most of its cost once page-sized blocks are mmapped (liveblog/allocator.py).
"""

import pickle
import sys

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

_AS_THEY_ARE = (str, bytes)


class _AsIs:
    """A value kept unpickled; its ``len`` is the memory it takes, for the bound."""

    __slots__ = ("value", "size")

    def __init__(self, value):
        self.value = value
        parts = value if type(value) is tuple else ()
        self.size = sys.getsizeof(value) + sum(sys.getsizeof(part) for part in parts)

    def __len__(self) -> int:
        return self.size

    @classmethod
    def fits(cls, value) -> bool:
        if type(value) is tuple:
            return all(type(part) in _AS_THEY_ARE for part in value)
        return type(value) in _AS_THEY_ARE


class _Ledger:
    """The size of each stored value and their total, for one named cache."""

    def __init__(self):
        self.sizes: dict[str, int] = {}
        self.total = 0

    def put(self, key: str, size: int) -> None:
        self.total += size - self.sizes.get(key, 0)
        self.sizes[key] = size

    def drop(self, key: str) -> None:
        self.total -= self.sizes.pop(key, 0)

    def clear(self) -> None:
        self.sizes.clear()
        self.total = 0


# Shared by every instance of one name, like LocMemCache's own dictionaries: Django
# makes a cache object per thread, all over the same entries.
_ledgers: dict[str, _Ledger] = {}


class BoundedLocMemCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES") or 0) or None
        self._ledger = _ledgers.setdefault(name, _Ledger())

    def _stored(self, value):
        return _AsIs(value) if _AsIs.fits(value) else pickle.dumps(value, self.pickle_protocol)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        stored = self._stored(value)
        with self._lock:
            if not self._has_expired(key):
                return False
            self._set(key, stored, timeout)
            return True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        stored = self._stored(value)
        with self._lock:
            self._set(key, stored, timeout)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            stored = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return stored.value if type(stored) is _AsIs else pickle.loads(stored)

    @property
    def stored_bytes(self) -> int:
        """How many bytes the stored values take now."""
        return self._ledger.total

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._delete(key)  # a value not kept must not leave an older one under its key
        size = len(value)
        if self.max_bytes is not None:
            if size > self.max_bytes:
                return
            while self._cache and self._ledger.total + size > self.max_bytes:
                self._evict_oldest()
        super()._set(key, value, timeout)
        self._ledger.put(key, size)

    def _evict_oldest(self) -> None:
        key, _ = self._cache.popitem()  # entries are kept most recently used first
        del self._expire_info[key]
        self._ledger.drop(key)

    def _cull(self):
        # At MAX_ENTRIES, only the least recently used entry makes room (LocMemCache drops
        # a third at once): the memory in use stays at the bound instead of swinging by a
        # third, which left holes in malloc's heaps that later values did not fit.
        self._evict_oldest()

    def _delete(self, key):
        deleted = super()._delete(key)
        self._ledger.drop(key)
        return deleted

    def incr(self, key, delta=1, version=None):
        value = super().incr(key, delta, version)
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if key in self._cache:
                self._ledger.put(key, len(self._cache[key]))
        return value

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._ledger.clear()
