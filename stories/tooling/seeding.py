"""Large synthetic stories, for the performance tests and the benchmark (``make bench``).

A story of thousands of updates is written with ``bulk_create``, which skips the models'
``save()``; so this module does by hand what ``save()`` would. It renders each body to
``body_html`` and advances the live cursor once for the whole batch: one transaction,
one ``stories.live.versions.bump``, every row stamped with that version, which is what the
cursor's rule 1 asks of any transaction. The newest few updates are then posted one by
one through the models, as a newsroom would, so polls have a realistic tail of versions
to fetch. The cached story state is refreshed at the end.
"""

import functools
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from stories.live import cache, versions
from stories.live.threads import COPIED_FIELDS
from stories.models import Claim, ClaimThread, Source, Story, Update
from stories.rich_text import render_markdown

# Invented names: these stories are load, not news.
SOURCES = [
    ("Northern Command press office", Source.Kind.MILITARY),
    ("Ministry of the Interior", Source.Kind.GOVERNMENT),
    ("Coastal Rescue Service", Source.Kind.AGENCY),
    ("Harbour City Herald", Source.Kind.NEWS_ORGANISATION),
    ("Centre for Conflict Monitoring", Source.Kind.THINK_TANK),
    ("Open Hands relief network", Source.Kind.NGO),
    ("Governor Ilse Varga", Source.Kind.PERSON),
    ("Regional hospital board", Source.Kind.OTHER),
]
AUTHORS = [("Nadia", "Brandt"), ("Tomás", "Quiroga"), ("Lena", "Ekström"), ("Kwame", "Asante")]
PLACES = ["the port", "the northern bridge", "the rail depot", "the old town", "the airfield"]
STATUSES = list(Claim.Status)
ATTRIBUTIONS = [Claim.Attribution.STATEMENT, Claim.Attribution.REPORT, Claim.Attribution.ESTIMATE]

# Published updates are this far apart in the bulk part of the story.
SPACING = timedelta(seconds=30)
# Rendering Markdown is the slowest part of seeding; bodies repeat after this many.
DISTINCT_BODIES = 300


@functools.cache
def _body(n: int) -> tuple[str, str]:
    """Body ``n`` (one of ``DISTINCT_BODIES``) in Markdown and rendered as save() would."""
    place = PLACES[n % len(PLACES)]
    body = (
        f"**Update {n}:** crews report activity near {place}. "
        f"Our correspondent counted {n % 17 + 2} vehicles and heard {n % 5} explosions.\n\n"
        f"- Roads around {place} are closed\n"
        f"- A shelter has opened at school no. {n % 40 + 1}\n\n"
        f"[Background on the area](https://example.org/areas/{n % 50})"
    )
    return body, render_markdown(body)


def _claim(
    update: Update, source: Source, n: int, position: int, responds_to: Claim | None = None
) -> Claim:
    status = STATUSES[n % len(STATUSES)]
    changed = status != Claim.Status.UNVERIFIED and n % 3 == 0
    return Claim(
        update=update,
        source=source,
        text=f"{source.name} says {n % 90 + 10} people were moved from {PLACES[n % 5]}.",
        status=status,
        attribution=Claim.Attribution.DENIAL if responds_to else ATTRIBUTIONS[n % 3],
        is_verbatim=n % 4 == 0,
        source_url=f"https://example.org/statements/{n}" if n % 2 else "",
        note="Two residents told us the same." if status == Claim.Status.CONFIRMED else "",
        position=position,
        # Some claims carry a status history so pages render "Confirmed 14:02 — was ...".
        status_changed_at=update.published_at + timedelta(minutes=5) if changed else None,
        previous_status=Claim.Status.UNVERIFIED if changed else "",
        previous_status_since=update.published_at if changed else None,
        responds_to=responds_to,
    )


def _sources() -> list[Source]:
    return [
        Source.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in SOURCES
    ]


def _authors() -> list:
    User = get_user_model()
    authors = []
    for first, last in AUTHORS:
        user, created = User.objects.get_or_create(
            username=f"seed-{first.lower()}", defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        authors.append(user)
    return authors


def _bulk_update(story, n: int, *, start: datetime, authors: list, version: int) -> Update:
    """Update ``n`` of the bulk part, stamped with the batch's version as save() would."""
    body, body_html = _body(n % DISTINCT_BODIES)
    return Update(
        story=story,
        author=authors[n % len(authors)],
        headline=f"Situation report {n}" if n % 3 == 0 else "",
        body=body,
        body_html=body_html,
        published_at=start + n * SPACING,
        is_key_event=n % 40 == 0,
        # An early explainer stays pinned above the stream.
        is_pinned=n == 0,
        correction_note="An earlier version named the wrong road." if n % 97 == 0 else "",
        version=version,
        is_released=True,
    )


def _threaded(claims: list[Claim]) -> list[Claim]:
    """The claims, each in a thread of its own, as ``Claim.save()`` would start."""
    threads = ClaimThread.objects.bulk_create(
        [
            ClaimThread(
                wording=claim.text, **{name: getattr(claim, name) for name in COPIED_FIELDS}
            )
            for claim in claims
        ],
        batch_size=1000,
    )
    for claim, thread in zip(claims, threads, strict=True):
        claim.thread = thread
    return claims


def _bulk_claims(updates: list[Update], *, claims_per_update: int, sources: list) -> None:
    # The first claim of each update is a plain statement; the others answer the
    # previous update's first claim, so pages also show "In answer to ...".
    first_claims = Claim.objects.bulk_create(
        _threaded(
            [
                _claim(update, sources[n % len(sources)], n, 0)
                for n, update in enumerate(updates)
                if claims_per_update
            ]
        ),
        batch_size=1000,
    )
    Claim.objects.bulk_create(
        _threaded(
            [
                _claim(
                    update,
                    sources[(n + position) % len(sources)],
                    n + position,
                    position,
                    responds_to=first_claims[n - 1],
                )
                for n, update in enumerate(updates)
                for position in range(1, claims_per_update)
                if n > 0
            ]
        ),
        batch_size=1000,
    )


def _bulk_updates(story, *, count, claims_per_update, start, sources, authors) -> None:
    """``count`` published updates with their claims, in one transaction and one version."""
    with transaction.atomic():
        version = versions.bump(Story, story.pk, layout=True)
        updates = [
            _bulk_update(story, n, start=start, authors=authors, version=version)
            for n in range(count)
        ]
        Update.objects.bulk_create(updates, batch_size=1000)
        _bulk_claims(updates, claims_per_update=claims_per_update, sources=sources)


def _live_updates(story, *, first, count, claims_per_update, now, sources, authors) -> None:
    """Updates ``first`` to ``first + count - 1``, posted one by one through the models."""
    for k in range(count):
        n = first + k
        update = Update.objects.create(
            story=story,
            author=authors[n % len(authors)],
            headline=f"Breaking: {n}",
            body=_body(n % DISTINCT_BODIES)[0],
            published_at=now - timedelta(seconds=count - k),
            is_key_event=k == count - 1,
        )
        for position in range(claims_per_update):
            _claim(update, sources[(n + position) % len(sources)], n + position, position).save()


def _after_bulk_load(story: Story) -> None:
    """Fresh planner statistics and cached story state, then ``story`` read again."""
    if connection.vendor == "postgresql":
        # As after any bulk load: fresh planner statistics, or PostgreSQL may pick a plan
        # that walks the whole stream (it did, for the pinned update) until autovacuum runs.
        with connection.cursor() as sql:
            sql.execute(
                "ANALYZE stories_update, stories_claim, stories_claimthread, stories_source,"
                " auth_user"
            )
    # Inside an outer transaction (tests) the on-commit refresh has not run yet.
    cache.refresh(Story, story.pk)
    story.refresh_from_db()


def _live_story(slug: str, *, updates: int, start: datetime) -> Story:
    return Story.objects.create(
        title=f"Seeded story: {updates} updates",
        slug=slug,
        status=Story.Status.LIVE,
        summary="A large story made for load tests.",
        started_at=start,
    )


def seed_story(
    *,
    slug: str,
    updates: int,
    claims_per_update: int = 2,
    live_updates: int = 5,
    now: datetime | None = None,
) -> Story:
    """Create a live story of ``updates`` published updates, each with its claims.

    All but the newest ``live_updates`` are written in bulk; those are saved one by one
    through the models (one version each), as an editor posting them would.
    """
    now = now or timezone.now()
    live_updates = min(live_updates, updates)
    bulk = updates - live_updates
    sources, authors = _sources(), _authors()
    start = now - SPACING * (updates + 1)
    story = _live_story(slug, updates=updates, start=start)
    _bulk_updates(
        story,
        count=bulk,
        claims_per_update=claims_per_update,
        start=start,
        sources=sources,
        authors=authors,
    )
    _live_updates(
        story,
        first=bulk,
        count=live_updates,
        claims_per_update=claims_per_update,
        now=now,
        sources=sources,
        authors=authors,
    )
    _after_bulk_load(story)
    return story
