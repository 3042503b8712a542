"""Evidence: saved copies of what sources said, and the cards of embedded posts.

- ``addresses``: which addresses an update embeds (a web address on a line of its own).
- ``services``: asking for saved copies when updates and claims are saved, and again
  from the desk or the admin (idempotent: an address already asked for is not again).
- ``jobs``: the background jobs (django-tasks) that capture and re-check, with retries.
- ``capture``: fetching a page (through ``stories/safe_fetch.py``) and what is kept.
- ``metadata``: the card's fields from oEmbed (micawber's provider tables, and discovery
  links), Open Graph (extruct) and the main text (trafilatura).
- ``previews``: the desk preview's cards, a never-seen address asked for in the background.
- ``stuck``: captures left pending by a worker killed mid-job, asked for again (cron).
- ``storage``: the compressed body and the thumbnail under ``MEDIA_ROOT``.
"""
