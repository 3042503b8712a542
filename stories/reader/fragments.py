"""Each update's HTML, rendered once per version and reused wherever it is shown.

The story page, older pages, filtered streams, poll answers, the permalink, the embed
and the desk's list all show an update through ``stories.reader.markup.update_html``.
Rendering it (its claims, their sources and verdicts) is most of a page's cost, so the
HTML is kept in the ``fragments`` cache under a key made of everything it shows that
can change:

- the update's version, which the live cursor advances on every change of the update
  or of its claims (``stories/live/versions.py``): edits, claim statuses and notes;
- what the update shows of rows outside it, read from the rows already loaded with it
  (``for_display()``): the byline's names (author and co-authors), each claim's
  source (name, slug, kind), the answered claim when readers may see it, and its
  tags (slug and name: each is a link to the stream filtered to it);
- the variant (page, pinned box, permalink with history, desk row), the story's time
  zone and the language.

A change to any of these is a new key, so nothing is ever served stale; old entries
simply age out. The ``fragments`` cache is local to each process and bounded in entries
(``CACHES["fragments"]`` in the settings), so a worker's memory stays bounded however
many updates it has shown.
"""

import hashlib

from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from stories.models import display
from stories.reader.markup import update_html

# The options that change an update's HTML (``markup.Setting``); the rest is the update's.
# share_base: the site's origin, which the share links carry (LIVEBLOG_PUBLIC_URL or the
# request's host), so a fragment made for one host is never served with another's links.
OPTIONS = (
    "element_id",
    "not_public",
    "show_history",
    "headline_level",
    "hide_source",
    "share_base",
)


def _claim_part(claim) -> tuple:
    source = claim.source
    answered = claim.answered_claim
    answered_part = None
    if answered is not None:
        answered_part = (answered.pk, answered.text, answered.source.name, answered.update_id)
    # The thread's status is copied onto the claim with a version bump; keyed as well, so
    # a verdict never depends on the bump alone. A denial shows the thread's wording.
    denied = claim.thread.wording if claim.stance == claim.Stance.CONTRADICTS else None
    return (
        claim.pk,
        claim.thread_id,
        claim.status,
        denied,
        source.name,
        source.slug,
        source.kind,
        answered_part,
    )


def update_key(update, story, options: dict) -> str:
    # Everyone in the byline by name: the author and the co-authors (prefetched).
    byline = tuple(update.byline_names)
    parts = (
        update.version,
        update.story_id,
        story.time_zone,
        get_language(),
        tuple(sorted((name, repr(value)) for name, value in options.items())),
        byline,
        tuple((tag.slug, tag.name) for tag in display.shown(update, "tags")),
        tuple(_claim_part(claim) for claim in display.shown(update, "claims")),
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"update:{update.pk}:{digest}"


def render_update(update, story, **options) -> SafeString:
    """The update's HTML, from the fragment cache when this version was rendered before."""
    options = {name: value for name, value in options.items() if name in OPTIONS and value}
    fragments = caches["fragments"]
    key = update_key(update, story, options)
    html = fragments.get(key)
    if html is None:
        html = update_html(update, story, **options)
        fragments.set(key, str(html))
    # Made by update_html, which escapes everything it did not make itself.
    return mark_safe(html)  # noqa: S308
