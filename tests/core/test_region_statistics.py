"""The region table is analyzed after any change (core.0010): with the default threshold of 50 changed
rows a county's few regions were never analyzed, and the planner's guess for a region subtree made scoped
searches run once per region."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="autovacuum settings are PostgreSQL's")
def test_the_region_table_is_analyzed_after_any_change() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'core_region'")
        (options,) = cursor.fetchone()
    assert "autovacuum_analyze_threshold=1" in (options or [])
