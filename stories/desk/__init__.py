"""The newsroom desk: one admin page per story to post, edit and delete updates with claims.

``StoryAdmin.get_urls`` registers the desk's views (``urls.py``) under
``/admin/stories/story/<id>/desk/`` through ``admin_site.admin_view``, which gives them
the admin's login, staff check, CSRF protection and ``never_cache``. Each view checks
``stories.permissions`` itself: a client can ask for any endpoint or fragment directly,
whatever the page showed it.

- ``views.py``: the page and its self-refreshing list of updates;
- ``writes.py``: posting, editing and deleting updates, and the story's status;
- ``helpers.py``: what the forms ask for while one types (preview, images, sources);
- ``answers.py``: the one way a view answers, htmx or not;
- ``context.py``: what the page and its forms are built from;
- ``history.py``: how each write is recorded in the admin's history (``LogEntry``);
- ``forms/``: the desk's forms (times, updates, claims, images, status).

htmx requests get named partials of ``admin/stories/story/desk.html``; the same URLs
answer plain form posts with full pages and redirects, so the desk works without
JavaScript. Invalid input is answered 422 with the form as it was sent, so nothing typed
is lost.
"""
