"""The cells every counted appeal adds up to, computed by PostgreSQL in one grouped query.

``expected_cells_sql()`` returns what ``cells.contributions(Appeal.objects.filter(stats_counted=True))``
returns, without bringing a single appeal into Python: each counted appeal (no parent) becomes one row
per scope (its region; each distinct unit it was ever linked to), a ``LATERAL VALUES`` turns that row into
one (dimension, value) row per dimension, and one ``GROUP BY`` sums them. The month is taken in the
current time zone, as the Python path takes it. (``GROUPING SETS`` over the five dimensions gives the
same cells but took 33–36 s at a million appeals against 18–20 s: it aggregates the rows five times.)
"""

from __future__ import annotations

from django.db import connection, models
from django.utils import timezone

from yingshang.appeals.models import Appeal, AppealUnit
from yingshang.appeals.statistics.cells import COUNTERS, DIMS, Cells


def _sql() -> tuple[str, list[str]]:
    qn = connection.ops.quote_name
    appeal = qn(Appeal._meta.db_table)
    link = qn(AppealUnit._meta.db_table)

    def col(model: type[Appeal] | type[AppealUnit], field: str) -> str:
        concrete = model._meta.get_field(field)
        assert isinstance(concrete, models.Field) and concrete.column
        return qn(concrete.column)

    a_id, a_region = col(Appeal, "id"), col(Appeal, "region")
    l_appeal, l_unit = col(AppealUnit, "appeal"), col(AppealUnit, "unit")
    acked = f"a.{col(Appeal, 'acknowledged_at')} IS NOT NULL"
    replied = f"a.{col(Appeal, 'replied_at')} IS NOT NULL"
    solved, rating = f"a.{col(Appeal, 'solved')}", f"a.{col(Appeal, 'satisfaction')}"
    open_statuses = ", ".join(["%s"] * len(Appeal.OPEN_STATUSES))
    conditions = {
        "total": "TRUE",
        "open": f"a.{col(Appeal, 'status')} IN ({open_statuses})",
        "late": f"a.{col(Appeal, 'is_late')}",
        "acked": acked,
        "acked_on_time": f"{acked} AND NOT a.{col(Appeal, 'acknowledged_late')}",
        "replied": replied,
        "replied_on_time": f"{replied} AND NOT a.{col(Appeal, 'replied_late')}",
        "called": f"{solved} IS NOT NULL",
        "solved": f"{solved} IS TRUE",
        "rated": f"{rating} IS NOT NULL",
        "satisfied": f"{rating} >= 3",
    }
    assert tuple(conditions) == COUNTERS
    flags = ", ".join(f"(({cond}) IS TRUE)::int AS {qn(name)}" for name, cond in conditions.items())
    sums = ", ".join(f"SUM(s.{qn(name)})::bigint" for name in COUNTERS)
    per_dim = ", ".join(f"('{dim}', s.{dim})" for dim in DIMS)
    sql = f"""
        WITH a AS (
            SELECT a.{a_id} AS id, a.{a_region} AS region_id,
                   to_char(a.{col(Appeal, "created_at")} AT TIME ZONE %s, 'YYYY-MM') AS month,
                   a.{col(Appeal, "service")}::text AS service,
                   a.{col(Appeal, "channel")}::text AS channel,
                   COALESCE(lead.{l_unit}::text, '') AS lead,
                   a.{col(Appeal, "suggested_indicator")}::text AS indicator,
                   {flags}
            FROM {appeal} a
            LEFT JOIN {link} lead ON lead.{l_appeal} = a.{a_id}
                 AND lead.{col(AppealUnit, "role")} = %s AND lead.{col(AppealUnit, "is_active")}
            WHERE a.{col(Appeal, "stats_counted")} AND a.{col(Appeal, "parent")} IS NULL
        ), s AS (
            SELECT 'r' AS scope, a.region_id AS scope_id, a.* FROM a
            UNION ALL
            SELECT 'u', u.unit_id, a.*
            FROM (SELECT DISTINCT {l_appeal} AS appeal_id, {l_unit} AS unit_id FROM {link}) u
            JOIN a ON a.id = u.appeal_id
        )
        SELECT s.scope, s.scope_id, d.dim, d.value, {sums}
        FROM s CROSS JOIN LATERAL (VALUES {per_dim}) d(dim, value)
        GROUP BY s.scope, s.scope_id, d.dim, d.value
    """
    return sql, [timezone.get_current_timezone_name(), *Appeal.OPEN_STATUSES, AppealUnit.Role.LEAD]


def expected_cells_sql() -> Cells:
    """Every cell the counted appeals add up to (PostgreSQL only), keyed as ``contributions`` keys them."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("expected_cells_sql needs PostgreSQL's time zones")
    sql, params = _sql()
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            # For this transaction only: sort the unit links in memory, not on disk (they spill at a
            # million appeals with the default 4 MB), and skip JIT, which the row estimates mislead.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return {
            (scope, scope_id, dim, value): list(counters)
            for scope, scope_id, dim, value, *counters in cursor.fetchall()
        }
