"""Gap-free counters (dossier codes per desk and day, archive numbers per agency and year).

Hand-written because the ORM has no single-statement "increment or create, and return": an
``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (PostgreSQL, SQLite ≥ 3.35) keeps the row locked
until the caller's transaction ends, so concurrent callers queue on it and get consecutive
numbers, and a rolled-back caller gives its number back.
"""

from django.db import connection, models, transaction


def increment(model: type[models.Model], **key) -> int:
    """Add one to ``model``'s ``last_value`` for the row identified by ``key`` (the fields of its
    unique constraint, e.g. ``agency_id=…, day=…``), creating it at 1, and return the new value.
    Call inside the transaction that uses the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{model.__name__}: increment() must run inside a transaction.")
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(model._meta.get_field(name).column) for name in key]
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}, last_value) "  # noqa: S608 (names from the model)
            f"VALUES ({', '.join(['%s'] * len(columns))}, 1) "
            f"ON CONFLICT ({names}) DO UPDATE SET last_value = {table}.last_value + 1 "
            "RETURNING last_value",
            list(key.values()),
        )
        return cursor.fetchone()[0]
