"""Tell applicants about their dossiers (wired to ``motcua.core.events`` once it exists)."""
