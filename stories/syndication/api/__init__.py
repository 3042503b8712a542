"""The read-only JSON API for apps and partners, under ``/api/`` (django-ninja).

Its schema is served at ``/api/openapi.json`` and browsable at ``/api/docs``. It keeps
the page poll's cursor semantics (``stories/live/``): a client lists a story's updates,
keeps the ``version`` that came with them, and asks for
``/api/stories/<slug>/changes?since=<version>``, which returns every update changed
after that cursor, the ids of those removed and the new cursor, so nothing is missed
or sent twice. Answers are public and short-lived in HTTP caches, with ETags; a
"nothing new" answer comes from the cached story state without touching the database.

``schemas`` describes the answers, ``data`` builds them, ``views`` routes them.
"""

from stories.syndication.api.views import api

__all__ = ["api"]
