"""The JSON API for apps, partners and field tools, under ``/api/`` (django-ninja).

Its schema is served at ``/api/openapi.json`` and browsable at ``/api/docs``.

Reading is public and needs no token. It keeps the page poll's cursor semantics
(``stories/live/``): a client lists a story's updates, keeps the ``version`` that came
with them, and asks for ``/api/stories/<slug>/changes?since=<version>``, which returns
every update changed after that cursor, the ids of those removed and the new cursor, so
nothing is missed or sent twice. Answers are public and short-lived in HTTP caches, with
ETags; a "nothing new" answer comes from the cached story state without touching the
database.

Writing (``writes``) takes a per-user token from the admin (``auth``) and does what the
desk does, under the desk's rules: post, edit and delete updates with claims, upload
images, set a claim's status.

``schemas`` and ``write_schemas`` describe the requests and answers, ``data`` builds the
answers, ``views`` routes the reads and ``writes`` the writes.
"""

from stories.syndication.api import writes
from stories.syndication.api.views import api

__all__ = ["api", "writes"]
