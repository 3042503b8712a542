"""Reader-facing pages: story list, story pages and their poll, permalinks, sources, embed."""
