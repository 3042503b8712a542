"""Signed webhooks for partners: every new version of a story they follow, told to them.

- ``triggers``: after each committed version, queue a delivery per partner endpoint.
- ``deliveries``: coalescing, the background job that posts, retries and back-off.
- ``signing``: the HMAC-SHA256 signature header with its timestamp (docs/webhooks.md).
- ``notices``: switching off an endpoint that keeps failing, and telling the editors.

Editors register endpoints in the admin (``stories/admin/partners.py``), where the
delivery log is too.
"""
