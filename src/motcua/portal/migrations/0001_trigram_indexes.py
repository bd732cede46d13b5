"""Trigram GIN indexes for catalogue search on PostgreSQL (no-op on SQLite).

``motcua.catalog.search`` filters with ``LIKE '%term%'`` on the folded name and on the lower-cased
English name; a B-tree cannot serve a leading wildcard, a ``gin_trgm_ops`` index can. The indexes
live in the portal app so the catalog app's own migrations stay database-neutral. pg_trgm is a
trusted extension (PostgreSQL ≥ 13), so a database owner may create it without superuser rights.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalog_procedure_name_search_trgm "
    "ON catalog_procedure USING gin (name_search gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_procedure_name_en_trgm "
    "ON catalog_procedure USING gin (lower(name_en) gin_trgm_ops)",
]
# The extension stays on reversal: other indexes or queries may use it.
DROP = [
    "DROP INDEX IF EXISTS catalog_procedure_name_en_trgm",
    "DROP INDEX IF EXISTS catalog_procedure_name_search_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
