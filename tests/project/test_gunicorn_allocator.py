"""The shipped gunicorn config tunes each worker (post_fork): glibc's mmap threshold and
Python's garbage collector."""

import subprocess
import sys
from pathlib import Path

import pytest

from liveblog import allocator

ROOT = Path(__file__).resolve().parents[2]

# In a fresh process: raise glibc's dynamic threshold as a freed page would, show that a
# page-sized block then comes from the heap, run the config's post_fork, and show that
# the same block now gets its own mapping (mallinfo2's hblkhd: bytes in mmapped blocks).
PROBE = """
import ctypes, runpy, sys
libc = ctypes.CDLL(None)
if not hasattr(libc, "mallinfo2"):
    sys.exit(3)
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split())]
libc.mallinfo2.restype = Info
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = (ctypes.c_size_t,)
libc.free.argtypes = (ctypes.c_void_p,)

def mapped_for(size):
    before = libc.mallinfo2().hblkhd
    block = libc.malloc(size)
    mapped = libc.mallinfo2().hblkhd - before
    libc.free(block)
    return mapped

libc.free(libc.malloc(4 << 20))  # an mmapped block freed: the threshold rises to 4 MiB
print(mapped_for(100_000))
config = runpy.run_path("deploy/gunicorn.conf.py")  # kept, as gunicorn keeps it
config["post_fork"](None, None)
print(mapped_for(100_000))
"""


def run_fresh(code: str, **env) -> str:
    """``code`` run by a fresh Python in the project; what it printed."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode == 3:
        pytest.skip("not glibc 2.33 or later (no mallinfo2)")
    assert result.returncode == 0, result.stderr
    return result.stdout


def probe(**env) -> list[int]:
    return [int(line) for line in run_fresh(PROBE, **env).split()]


def test_a_threshold_set_keeps_page_sized_blocks_out_of_the_heaps():
    heap_before, mapped_after = probe(GUNICORN_MALLOC_MMAP_THRESHOLD="65536")
    assert heap_before == 0  # glibc's adaptive threshold had put it in a heap
    assert mapped_after >= 100_000


def test_by_default_glibcs_own_threshold_stays():
    assert probe() == [0, 0]
    assert probe(GUNICORN_MALLOC_MMAP_THRESHOLD="0") == [0, 0]


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_worker_gives_free_heap_memory_back_at_most_once_a_period(monkeypatch):
    clock, trims = Clock(), []
    monkeypatch.setattr(allocator.time, "monotonic", clock)
    trimmer = allocator.Trimmer(1.0)
    monkeypatch.setattr(trimmer, "trim", trims.append)
    for step in (0.2, 0.5, 0.4, 0.3, 0.9, 0.05):  # after requests, seconds apart
        clock.now += step
        trimmer()
    assert trims == [0, 0]  # at 1.1 s and at 2.3 s; never twice within a second
    assert allocator.Trimmer(0).trim is None  # 0: never


def test_trimming_hands_freed_heap_memory_back_to_the_system():
    resident_before, resident_after = map(int, run_fresh(TRIM_PROBE).split())
    assert resident_before - resident_after > 24 << 20  # most of the ~45 MB freed


# Fill a heap with 50-100 KB blocks, free most of them (holes the next blocks keep from
# the top), and count the resident kilobytes of the process before and after one trim.
TRIM_PROBE = """
import ctypes, re, sys, time
from liveblog import allocator
libc = ctypes.CDLL(None)
if not hasattr(libc, "mallinfo2"):
    sys.exit(3)
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = (ctypes.c_size_t,)
libc.free.argtypes = (ctypes.c_void_p,)
libc.mallopt(-3, 1 << 20)  # a fixed 1 MiB threshold: these blocks come from the heap
blocks = [libc.malloc(50_000 + n % 50_000) for n in range(600)]
for block in blocks:
    ctypes.memset(block, 1, 50_000)
for block in blocks[:-1]:
    libc.free(block)  # the last one stays: the heap's top cannot simply shrink
def resident():
    return int(re.search(r"VmRSS:\\s+(\\d+)", open("/proc/self/status").read())[1]) << 10
before = resident()
trimmer = allocator.Trimmer(1.0)
trimmer.last -= 2
trimmer()
print(before, resident())
"""


COLLECTOR_PROBE = """
import gc, runpy
objects = [[n] for n in range(1000)]  # the worker's start-up objects
runpy.run_path("deploy/gunicorn.conf.py")["post_fork"](None, None)
print(gc.get_threshold()[0], gc.get_freeze_count() >= len(objects))
"""


@pytest.mark.parametrize(
    ("setting", "expected"), [(None, "10000 True"), ("0", "700 True"), ("2500", "2500 True")]
)
def test_a_worker_freezes_its_start_up_objects_and_collects_young_ones_less_often(
    setting, expected
):
    env = {} if setting is None else {"GUNICORN_GC_FIRST_GENERATION": setting}
    assert run_fresh(COLLECTOR_PROBE, **env).strip() == expected
