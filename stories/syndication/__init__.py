"""Outputs for machines: Atom/RSS feeds, the sitemap, JSON-LD, the JSON API, absolute links."""
