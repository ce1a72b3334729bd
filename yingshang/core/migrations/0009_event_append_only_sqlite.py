"""SQLite (the demo's database and the suite's first pass) refuses UPDATE on the events table too, so code
that rewrites an event fails on the first pass and not only on PostgreSQL. DELETE stays allowed on SQLite:
Django's `flush`, which empties tables between transactional tests, deletes rows there."""

from django.db import migrations

CREATE = """
CREATE TRIGGER IF NOT EXISTS core_event_append_only BEFORE UPDATE ON core_event
BEGIN
    SELECT RAISE(ABORT, 'core_event is append-only: UPDATE refused');
END;
"""

DROP = "DROP TRIGGER IF EXISTS core_event_append_only;"


def _on_sqlite(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_rate_count"),
    ]

    operations = [
        migrations.RunPython(_on_sqlite(CREATE), _on_sqlite(DROP), elidable=False),
    ]
