"""Caller search (appeals.finder): GIN trigram indexes for substring search on PostgreSQL.

Each index is on ``UPPER(col::text)``, the expression Django's ``icontains`` compares, so the planner
uses it; the phone is matched
without its separators and indexed on that expression. SQLite gets nothing: it scans.
"""

from django.db import migrations

TABLE = "appeals_appeal"
UPPER_COLUMNS = ("title", "description", "enterprise_name", "contact_name")


def _indexes() -> list[tuple[str, str]]:
    out = [(f"appeal_{c}_trgm", f"UPPER(({c})::text) gin_trgm_ops") for c in UPPER_COLUMNS]
    # finder.phone_digits(): the phone without "-" and " ", as the search compares it.
    out.append(
        ("appeal_phone_digits_trgm", "(REPLACE(REPLACE(contact_phone, '-', ''), ' ', '')) gin_trgm_ops")
    )
    return out


def add_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expr in _indexes():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} USING gin ({expr})")


def drop_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in _indexes():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("appeals", "0006_knowledge_base_and_filer_notices")]

    operations = [migrations.RunPython(add_indexes, drop_indexes)]
