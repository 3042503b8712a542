"""The live cursor: how an open reader page learns, exactly once, what changed.

Rules:

1. Each story has a version counter, ``Story.version``. Every transaction that changes
   what readers see of the story (an update or a claim saved or deleted, the story
   itself saved, a scheduled update becoming due) calls ``versions.bump``, which increments
   the counter with an ``UPDATE`` on the story row. The row lock that ``UPDATE`` takes is
   held until commit, so writers to one story run one after another and versions commit
   in the order they were handed out: once version ``S`` is committed, so is every
   version below it.
2. The changed row records the version of its change (``Update.version``); a deletion
   leaves a ``DeletedUpdate`` tombstone with its version; a claim change stamps its
   update's version, so the update is sent again with its claims.
3. A reader at cursor ``c`` asks for changes. We read the story row first, giving ``S``,
   then the rows whose version is in ``(c, S]``. Under read-committed isolation the
   second statement may see later commits, but a row changed again after ``S`` has moved
   above ``S`` and comes at the next poll, so nothing is missed and nothing is sent twice
   for one version. The new cursor is ``S``. On a read replica both reads go to the same
   database (``changes.py``), so ``S`` and the rows are of one replica's moment.
   Whether a changed update is shown or withdrawn is read from ``Update.is_released``,
   committed with its version, never from comparing its ``published_at`` with the
   poll's clock: a writer's clock may be a little ahead of the reader's, and an update
   the cursor includes must not be taken for one scheduled later and skipped.
4. A scheduled update is invisible when saved (its ``published_at`` is in the future)
   and no write happens when it becomes due. The server, never the reader's clock,
   notices: the cached story state carries ``next_due_at``, and the first request after
   that moment calls ``state.release_due``, which bumps the version and stamps the due
   updates with it (``Update.is_released``). ``manage.py release_scheduled`` does the
   same from cron for stories nobody is reading.
5. The cached state (version, status, next due time) lets a poll that finds nothing new
   answer without touching the database. It is refreshed after each commit that bumps
   the version (``transaction.on_commit``) and expires after
   ``LIVEBLOG["STATE_CACHE_SECONDS"]``, which bounds how stale another process's local
   cache can be. Each process also keeps the states it read in a plain dict for
   ``LIVEBLOG["LOCAL_STATE_SECONDS"]`` (1 s): a nothing-changed poll then costs no
   network round trip to Redis, nor local memory's lock and unpickling. A stale state
   only delays a change by that long, since the cursor, not the state, decides what a
   reader is sent; this process's own commits update the dict at once. The state is
   always read from the primary, never from a lagging replica.

The package, one module a job:

- ``versions``: the writes (rules 1 and 2). The models' ``save()`` and ``delete()`` call
  it, passing themselves in, so every way of writing goes through it.
- ``cache``: the cached story state (rule 5).
- ``state``: a public story's state by slug, with due updates released (rule 4).
- ``changes``: the read (rule 3).
- ``poll``: the one decision every poller gets (page, embed, JSON API, desk): nothing
  new, ended, not modified, too far behind, or these changes.
"""
