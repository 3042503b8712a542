"""Web Push alerts of a live story's key events.

- ``views``: the service worker at ``/sw.js`` and the subscribe and unsubscribe
  endpoints the story page's button (``static/js/alerts.js``) posts to.
- ``requests`` and ``subscriptions``: what a request must be before anything is stored.
- ``vapid``: the server's key pair, from ``VAPID_PRIVATE_KEY``.
- ``triggers``: after each committed story version, an alert for a new key event.
- ``sending``: the background jobs that push it, in batches, with retries.
"""
