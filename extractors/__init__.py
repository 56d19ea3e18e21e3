"""Per-source fetch + pure parse. `python -m extractors list|parse` is the command-line entry."""
