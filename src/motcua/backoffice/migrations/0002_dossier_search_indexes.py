"""Indexes on the lifecycle's tables for the back office's lists and search at a million
dossiers (bench/backoffice.py). They live here, like the portal's catalogue indexes, because
only these screens need them.

- ``applicant_phone``: search by mobile number (exact);
- ``submitted_at, id``: the search list's order (newest first), read backwards;
- ``finished_at``: this month's on-time rate on the dashboard;
- PostgreSQL only: trigram GIN indexes so ``LIKE '%term%'`` on the folded applicant name and
  ``UPPER(code) LIKE '%…%'`` (any part of a dossier code) are index scans.
"""

from django.db import migrations

BOTH = [
    (
        "CREATE INDEX IF NOT EXISTS backoffice_dossier_phone "
        "ON dossiers_dossier (applicant_phone)",
        "DROP INDEX IF EXISTS backoffice_dossier_phone",
    ),
    (
        "CREATE INDEX IF NOT EXISTS backoffice_dossier_submitted "
        "ON dossiers_dossier (submitted_at, id)",
        "DROP INDEX IF EXISTS backoffice_dossier_submitted",
    ),
    (
        "CREATE INDEX IF NOT EXISTS backoffice_dossier_finished "
        "ON dossiers_dossier (finished_at)",
        "DROP INDEX IF EXISTS backoffice_dossier_finished",
    ),
]
POSTGRES = [
    ("CREATE EXTENSION IF NOT EXISTS pg_trgm", None),
    (
        "CREATE INDEX IF NOT EXISTS backoffice_dossier_name_trgm "
        "ON dossiers_dossier USING gin (applicant_name_search gin_trgm_ops)",
        "DROP INDEX IF EXISTS backoffice_dossier_name_trgm",
    ),
    (
        "CREATE INDEX IF NOT EXISTS backoffice_dossier_code_trgm "
        "ON dossiers_dossier USING gin ((UPPER(code::text)) gin_trgm_ops)",
        "DROP INDEX IF EXISTS backoffice_dossier_code_trgm",
    ),
]


def create(apps, schema_editor):
    statements = BOTH + (POSTGRES if schema_editor.connection.vendor == "postgresql" else [])
    for forward, _backward in statements:
        schema_editor.execute(forward)


def drop(apps, schema_editor):
    statements = BOTH + (POSTGRES if schema_editor.connection.vendor == "postgresql" else [])
    for _forward, backward in reversed(statements):
        if backward:
            schema_editor.execute(backward)


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0001_initial"),
        ("dossiers", "0002_seed_rule_versions"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
