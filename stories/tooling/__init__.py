"""Tooling around the app: the demo story, large seeded stories, story export and import."""
