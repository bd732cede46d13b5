"""SMS gateway backends: ``console`` (default: logs), ``locmem`` (tests), ``http`` (JSON API)."""
