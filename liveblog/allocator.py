"""The C allocator's mmap threshold for a gunicorn worker (glibc; a no-op elsewhere).

A worker makes and frees strings of a whole page's size all the time: a story page or
an "older updates" part is 50-200 KB of HTML, then its bytes, then its pickled copy in
the ``pages`` cache. glibc's malloc serves blocks this big with their own mmap, given
back to the system when freed, but only until the first one is freed: it then raises its
threshold to that size (the "dynamic mmap threshold") and carves every later page out of
its heaps, one per thread, between the small long-lived cache entries. The freed holes
are rarely the right size again, so the heaps keep growing: make bench's random-depth
soak saw a worker's heaps go from 93 to 98-104 MiB in the soak's second half, while the
memory in use stayed flat (docs/deploy.md). A fixed threshold keeps page-sized blocks
out of the heaps for good (setting it turns the dynamic one off).
"""

import ctypes
import time

M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's <malloc.h>


def fix_mmap_threshold(size: int) -> bool:
    """Serve blocks of ``size`` bytes or more by mmap, for the rest of the process.

    Returns whether the C library took it: False without glibc's ``mallopt``, or for
    a size of 0 (leave glibc's dynamic threshold alone).
    """
    if size <= 0:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process already uses
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, size) == 1


class Trimmer:
    """Hands the free memory inside malloc's heaps back to the system, at most every
    ``seconds`` (glibc's ``malloc_trim``; nothing elsewhere or for 0).

    Called after each request: a page leaves holes of its own size between the cache's
    long-lived entries, and the holes stay resident until trimmed. Once a second costs
    a worker a few milliseconds a second, not a system call per large block.
    """

    def __init__(self, seconds: float):
        self.seconds, self.last = seconds, time.monotonic()
        try:
            self.trim = ctypes.CDLL(None).malloc_trim if seconds > 0 else None
        except (OSError, AttributeError):
            self.trim = None

    def __call__(self) -> bool:
        now = time.monotonic()
        if self.trim is None or now - self.last < self.seconds:
            return False
        self.last = now
        self.trim(0)
        return True
