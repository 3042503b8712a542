"""The addresses an update's markup links to, reversed once per URL configuration.

A story page links each update, claim, source, thread and saved copy, about 150 links;
``reverse()`` for each cost more than the rest of an update's markup. The patterns are
reversed once (with marker values put back as ``str.format`` fields) and filled per link.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

# Values no real slug or id takes, replaced by format fields in the reversed address.
_SLUG, _PK = "slug-marker-7f3a", 918273645


def _pattern(name: str, urlconf, **kwargs) -> str:
    address = reverse(name, kwargs=kwargs, urlconf=urlconf)
    address = address.replace("{", "{{").replace("}", "}}")
    return address.replace(_SLUG, "{slug}").replace(str(_PK), "{pk}")


class Links:
    def __init__(self, urlconf):
        self._story = _pattern("stories:story_detail", urlconf, slug=_SLUG)
        self._update = _pattern("stories:update_detail", urlconf, slug=_SLUG, pk=_PK)
        self._source = _pattern("stories:source_detail", urlconf, slug=_SLUG)
        self._thread = _pattern("stories:claim_thread", urlconf, pk=_PK)
        self._saved_copy = _pattern("stories:saved_copy", urlconf, pk=_PK)

    def story(self, slug: str) -> str:
        return self._story.format(slug=slug)

    def update(self, update) -> str:
        """``update.get_absolute_url()`` (reads ``update.story``, loaded with it)."""
        return self._update.format(slug=update.story.slug, pk=update.pk)

    def source(self, source) -> str:
        return self._source.format(slug=source.slug)

    def thread(self, thread_id: int) -> str:
        return self._thread.format(pk=thread_id)

    def saved_copy(self, copy_id: int) -> str:
        return self._saved_copy.format(pk=copy_id)


def links() -> Links:
    """The links of the current request's URL configuration and script prefix."""
    return _links(get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=16)
def _links(script_prefix: str, urlconf) -> Links:
    return Links(urlconf)
