"""The shipped gunicorn config tunes each worker (post_fork): glibc's mmap threshold and
Python's garbage collector."""

import subprocess
import sys
from pathlib import Path

import pytest

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
runpy.run_path("deploy/gunicorn.conf.py")["post_fork"](None, None)
print(mapped_for(100_000))
"""


def probe(**env) -> list[int]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode == 3:
        pytest.skip("not glibc 2.33 or later (no mallinfo2)")
    assert result.returncode == 0, result.stderr
    return [int(line) for line in result.stdout.split()]


def test_a_worker_keeps_page_sized_blocks_out_of_the_heaps():
    heap_before, mapped_after = probe()
    assert heap_before == 0  # glibc's adaptive threshold had put it in a heap
    assert mapped_after >= 100_000


def test_a_threshold_of_zero_leaves_glibcs_own():
    assert probe(GUNICORN_MALLOC_MMAP_THRESHOLD="0") == [0, 0]


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
    env = {"PATH": "/usr/bin:/bin"}
    if setting is not None:
        env["GUNICORN_GC_FIRST_GENERATION"] = setting
    result = subprocess.run(
        [sys.executable, "-c", COLLECTOR_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
