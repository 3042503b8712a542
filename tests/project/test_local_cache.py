"""The render caches' byte bound (liveblog/local_cache.py)."""

import pickle
import sys

import pytest
from django.core.cache import caches
from hypothesis import given, settings
from hypothesis import strategies as st

from liveblog.local_cache import BoundedLocMemCache
from tests.support.factories import make_claim, make_story, make_update
from tests.support.settings_probe import settings_value

BOUND = 4000


def bounded(name: str, max_bytes: int = BOUND, max_entries: int = 1000) -> BoundedLocMemCache:
    cache = BoundedLocMemCache(
        name, {"OPTIONS": {"MAX_BYTES": max_bytes, "MAX_ENTRIES": max_entries}}
    )
    cache.clear()
    return cache


def stored(cache: BoundedLocMemCache) -> int:
    """The bytes really held, counted from the entries themselves."""
    return sum(len(value) for value in cache._cache.values())


operations = st.lists(
    st.tuples(
        st.sampled_from(["set", "add", "delete", "get", "incr", "clear"]),
        st.integers(0, 9),  # key
        st.integers(0, 2 * BOUND),  # size of the value set
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(operations)
def test_the_cache_never_holds_more_than_its_bound(steps):
    cache = bounded("test-bound", max_entries=6)
    for operation, key, size in steps:
        if operation in {"set", "add"}:
            getattr(cache, operation)(f"k{key}", "x" * size)
        elif operation == "incr":
            cache.set(f"k{key}", size)
            cache.incr(f"k{key}", 10**30)  # a longer pickle than the number set
        elif operation == "clear":
            cache.clear()
        else:
            getattr(cache, operation)(f"k{key}")
        assert cache.stored_bytes == stored(cache) <= BOUND
        assert len(cache._cache) <= 6


def test_setting_a_value_evicts_the_least_recently_used_until_it_fits():
    cache = bounded("test-lru")
    for key in "abc":
        cache.set(key, "x" * 1200)
    cache.get("a")  # now the most recently used; b is the oldest
    cache.set("d", "y" * 1200)
    assert cache.get("b") is None
    assert [cache.get(key) for key in "acd"] == ["x" * 1200, "x" * 1200, "y" * 1200]
    assert cache.stored_bytes == stored(cache) <= BOUND


def test_at_max_entries_only_the_least_recently_used_entry_makes_room():
    cache = bounded("test-entries", max_entries=3)
    for key in "abc":
        cache.set(key, key)
    cache.get("a")
    cache.set("d", "d")
    assert [cache.get(key) for key in "abcd"] == ["a", None, "c", "d"]


def test_a_value_bigger_than_the_bound_is_not_kept_nor_its_older_value():
    cache = bounded("test-too-big")
    cache.set("page", "small")
    cache.set("other", "kept")
    cache.set("page", "x" * (BOUND + 1))
    assert cache.get("page") is None
    assert cache.get("other") == "kept"
    assert cache.stored_bytes == sys.getsizeof("kept")


def test_html_is_shared_as_it_is_and_anything_else_is_copied():
    cache = bounded("test-as-is")
    page = ("en-gb", "<p>Café</p>".encode())
    cache.set("page", page)
    assert cache.get("page") is page  # no copy made per reader
    cache.set("list", ["a"])
    cache.get("list").append("b")
    assert cache.get("list") == ["a"]
    assert cache.stored_bytes == stored(cache) == (
        sys.getsizeof(page) + sum(map(sys.getsizeof, page))
        + len(pickle.dumps(["a"], pickle.HIGHEST_PROTOCOL))
    )  # fmt: skip


def test_without_max_bytes_only_entries_bound_it():
    cache = BoundedLocMemCache("test-unbounded", {"OPTIONS": {"MAX_ENTRIES": 10}})
    cache.clear()
    cache.set("big", "x" * 100_000)
    assert cache.get("big") == "x" * 100_000
    assert cache.stored_bytes == stored(cache) > 100_000


@pytest.fixture
def tiny_render_caches(settings):
    """Both render caches far too small for any page or update."""
    backend = "liveblog.local_cache.BoundedLocMemCache"
    settings.CACHES = {
        **settings.CACHES,
        "fragments": {"BACKEND": backend, "LOCATION": "tiny-fragments",
                      "OPTIONS": {"MAX_BYTES": 100}},
        "pages": {"BACKEND": backend, "LOCATION": "tiny-pages", "OPTIONS": {"MAX_BYTES": 100}},
    }  # fmt: skip
    yield
    caches["fragments"].clear()
    caches["pages"].clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("tiny_render_caches")
def test_a_page_too_big_for_the_caches_is_still_served_whole(client):
    story = make_story()
    update = make_update(story, body="Evacuation buses left the depot at dawn.")
    make_claim(update, text="Officials say 300 people were moved.")
    for _ in range(2):  # the second visit finds nothing cached either
        response = client.get(f"/stories/{story.slug}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Evacuation buses left the depot at dawn." in html
        assert "Officials say 300 people were moved." in html
        assert caches["pages"].stored_bytes == 0
        assert caches["fragments"].stored_bytes == 0


def test_the_shipped_render_caches_are_bounded_in_bytes_from_the_environment():
    expression = (
        "[(c['BACKEND'], c['OPTIONS']['MAX_BYTES']) for c in "
        "(s.CACHES['fragments'], s.CACHES['pages'])]"
    )
    result = settings_value(expression, SECRET_KEY="x" * 50)
    backend = "liveblog.local_cache.BoundedLocMemCache"
    assert result.stdout.strip() == str([(backend, 32 << 20), (backend, 16 << 20)])
    result = settings_value(
        expression, SECRET_KEY="x" * 50, LIVEBLOG_FRAGMENT_CACHE_MB="8", LIVEBLOG_PAGE_CACHE_MB="2"
    )
    assert result.stdout.strip() == str([(backend, 8 << 20), (backend, 2 << 20)])
