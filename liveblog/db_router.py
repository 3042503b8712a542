"""Public reads from streaming replicas; the admin, the desk and every write on the primary.

``DATABASE_REPLICA_URLS`` adds the aliases ``replica1``, ``replica2``, … (listed in the
``DATABASE_REPLICAS`` setting) beside ``default``, the primary. The rules:

1. :class:`ReadRoutingMiddleware` decides once per request whether it is public: a safe
   method (GET, HEAD, OPTIONS), outside the admin (which holds the desk), and without a
   session cookie, so a journalist who opens the story page after posting sees the post.
   A public request gets its replica then, at random, once: all its reads come from one
   database, so a poll reads the story row and then the rows of ``(since, S]`` from the
   same one (rule 3 of ``stories/live``).
2. Every write goes to the primary, and so does every read of the request after its
   first write: a poll that released a due update reads what it wrote.
3. A read inside an atomic block on the primary stays on the primary: a transaction
   reads its own writes and the rows it locked.
4. Everything else reads from the primary: requests that are not public, anything
   outside a request (management commands, cron, the shell, tests), and every request
   when no replica is configured.
5. Migrations run on the primary only; the replicas receive them by streaming.

A replica applies the primary's commits in their order, a moment later: a public page
may be that moment behind, never half of one commit. The shared story state that every
poll starts from is read from the primary (``stories/live/cache.py``), so a lagging
replica cannot set it back.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Where liveblog/urls.py mounts the admin, and the desk inside it.
ADMIN_PREFIX = "/admin/"


@dataclass
class PublicReads:
    """A public request's replica, which it reads from until it writes."""

    replica: str
    wrote: bool = False


# Set by the middleware for the length of one request; None outside public requests.
_public_reads: ContextVar[PublicReads | None] = ContextVar("public_reads", default=None)


def is_public(request: HttpRequest) -> bool:
    return (
        request.method in SAFE_METHODS
        and not request.path_info.startswith(ADMIN_PREFIX)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class ReadRoutingMiddleware:
    """Marks a public request, with the replica it reads from (rule 1)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        replicas = settings.DATABASE_REPLICAS
        reads = PublicReads(random.choice(replicas)) if replicas and is_public(request) else None
        token = _public_reads.set(reads)
        try:
            return self.get_response(request)
        finally:
            _public_reads.reset(token)


class PrimaryReplicaRouter:
    """Rules 2 to 5; Django asks it which database each query uses."""

    def db_for_read(self, model, **hints) -> str:
        reads = _public_reads.get()
        if reads is None or reads.wrote or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        # Related rows (a prefetch, a foreign key) from the database their row came from.
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        return reads.replica

    def db_for_write(self, model, **hints) -> str:
        reads = _public_reads.get()
        if reads is not None:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
