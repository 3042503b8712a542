"""Reader-facing pages: the story list, story pages and their poll, permalinks, sources, the embed."""
