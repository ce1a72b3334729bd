"""PostgreSQL analyzes a table on its own only after 50 rows have changed, and a county has fewer regions
than that: the region table was never analyzed, the planner guessed that a region subtree
(`tree_path LIKE '/1/%'`) holds one region, and joined every scoped search as a nested loop that ran
the whole trigram search once per region (8 s instead of 0.35 s at ten million appeals,
bench/appeals_10m.py). Any change to the table now brings an analyze. Taking the setting is a
SHARE UPDATE EXCLUSIVE lock: reads and writes go on."""

from django.db import migrations

SET = ("ALTER TABLE core_region SET (autovacuum_analyze_threshold = 1)", "ANALYZE core_region")
RESET = ("ALTER TABLE core_region RESET (autovacuum_analyze_threshold)",)


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_event_append_only_sqlite"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(SET), _on_postgresql(RESET), elidable=False),
    ]
