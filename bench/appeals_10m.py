"""Ten million appeals on PostgreSQL: a set-based generator, the statistics folds, and the reads timed.

usage: DATABASE_URL=postgres://yingshang:yingshang@127.0.0.1:5432/yingshang_10m \\
       python bench/appeals_10m.py load    [--appeals 10000000] [--chunk 1000000]
       python bench/appeals_10m.py fold
       python bench/appeals_10m.py measure [--rounds 30]
       python bench/appeals_10m.py events  [--rounds 200]

``load`` migrates, loads the demo regions and units, and tops the appeal table up to --appeals rows with
``INSERT … SELECT`` over ``generate_series`` — the rows are made by PostgreSQL, one chunk per
transaction, with no Python loop per row — spread over 24 months, every category, channel, region and
status, with lead (and some cooperating) units and every appeal's events (受理, 分办, 签收, 答复, 回访,
办结 or 并单 as its status implies). Secondary indexes of the three tables are dropped for the load and
rebuilt after it. Also: 100,000 ledger tasks and 50,000 indicator observations for the dashboard panels.
All but the newest 2,000 appeals are marked counted.

``fold`` times what the worker does over the whole table: the statistics cells rebuilt from every counted
appeal (``rebuild_cells``), and the dashboard's appeal day summary (``refresh_appeal_summary``).

``measure`` times, in-process through the whole middleware stack (the office of the city, and a unit):
the appeals list, deep pages, search by company, phone, tracking code and words, the statistics API and
page, every dashboard endpoint, an appeal's own page and timeline, and one monthly bulletin (snapshot,
Word and PDF). Goals (issue 21): p95 < 300 ms each, bulletin < 30 s.

``events`` measures the event table's growth options on the loaded data (docs/decisions/0012): the
subject lookup every item page makes, and a month's events read by time, on the plain table with its
btree, with a BRIN index on ``created_at``, and on a copy partitioned by month.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup_django
from appeals_scale import PLACES, TOPICS, _secondary_indexes, pct

STATUS_WEIGHTS = [
    ("closed", 60),
    ("visited", 10),
    ("replied", 10),
    ("acknowledged", 8),
    ("dispatched", 5),
    ("submitted", 5),
    ("merged", 2),
]


def _status_sql(r: str) -> str:
    """A CASE picking a status from the weights by the uniform number ``r`` (0 ≤ r < 1)."""
    total = sum(w for _, w in STATUS_WEIGHTS)
    parts, acc = [], 0
    for status, weight in STATUS_WEIGHTS:
        acc += weight
        parts.append(f"WHEN {r} < {acc / total} THEN '{status}'")
    return "CASE " + " ".join(parts) + " END"


def _tables() -> dict[str, str]:
    from yingshang.appeals.models import Appeal, AppealUnit
    from yingshang.core.models import Event

    return {
        "appeal": Appeal._meta.db_table,
        "link": AppealUnit._meta.db_table,
        "event": Event._meta.db_table,
    }


def _appeal_insert(t: dict[str, str]) -> str:
    """One chunk of appeals, ids %(lo)s … %(hi)s, created evenly from %(first)s over %(span)s seconds."""
    return f"""
    INSERT INTO {t["appeal"]} (
        id, tracking_code, channel, service_id, region_id, enterprise_name, credit_code, contact_name,
        contact_phone, contact_email, title, description, location_text, status, created_at,
        suggested_indicator, dispatched_at, acknowledge_due_at, acknowledged_at, first_contact_due_at,
        reply_due_at, replied_at, extension_workdays, closed_at, colour, is_late, acknowledged_late,
        replied_late, reopen_count, repeat_count, stats_counted, parent_id, solved, satisfaction, callback_at
    )
    SELECT id, 'S' || lpad(id::text, 11, '0'), channel, service_id, region_id, company, '', contact,
        phone, '', topic || '问题', company || '反映：' || place || text || '编号' || id || '。', '',
        status, created,
        indicator,
        CASE WHEN status <> 'submitted' THEN created + interval '1 hour' END,
        CASE WHEN status <> 'submitted' THEN created + interval '3 hours' END,
        CASE WHEN status NOT IN ('submitted', 'dispatched') THEN created + interval '2 hours' END,
        CASE WHEN status <> 'submitted' THEN created + interval '1 day' END,
        CASE WHEN status <> 'submitted' THEN created + interval '7 days' END,
        CASE WHEN status IN ('replied', 'visited', 'closed') THEN created + interval '3 days' END,
        0,
        CASE WHEN status = 'closed' THEN created + interval '6 days' END,
        CASE WHEN late THEN 'red' ELSE 'green' END, late,
        late AND status NOT IN ('submitted', 'dispatched') AND r7 < 0.5,
        late AND status IN ('replied', 'visited', 'closed'),
        0, 0, id <= %(counted_upto)s,
        CASE WHEN status = 'merged' THEN id - 1 END,
        CASE WHEN rated THEN r7 < 0.85 END,
        CASE WHEN rated THEN 1 + floor(r8 * 5)::int END,
        CASE WHEN rated THEN created + interval '5 days' END
    FROM (
        SELECT g AS id,
            %(first)s::timestamptz + (g - %(lo)s) * (%(span)s::float8 / (%(hi)s - %(lo)s + 1))
                * interval '1 second' AS created,
            CASE WHEN g = 1 AND s = 'merged' THEN 'submitted' ELSE s END AS status,
            (%(channels)s::text[])[1 + floor(r1 * cardinality(%(channels)s::text[]))::int] AS channel,
            (%(services)s::bigint[])[1 + floor(r2 * cardinality(%(services)s::bigint[]))::int] AS service_id,
            (%(regions)s::bigint[])[1 + floor(r3 * cardinality(%(regions)s::bigint[]))::int] AS region_id,
            (%(indicators)s::text[])[1 + floor(r4 * cardinality(%(indicators)s::text[]))::int] AS indicator,
            (%(places)s::text[])[1 + k %% cardinality(%(places)s::text[])]
                || substr('鑫华泰恒瑞丰盛达', 1 + k %% 8, 1)
                || (ARRAY['科技', '商贸', '建材', '食品', '物流'])[1 + k %% 5] || '有限公司' || k AS company,
            (%(topics)s::text[])[1 + floor(r9 * cardinality(%(topics)s::text[]))::int] AS topic,
            (%(texts)s::text[])[1 + floor(r9 * cardinality(%(texts)s::text[]))::int] AS text,
            (%(places)s::text[])[1 + floor(r1 * cardinality(%(places)s::text[]))::int] AS place,
            substr('王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗', 1 + floor(r5 * 20)::int, 1)
                || substr('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂', 1 + floor(r6 * 22)::int, 1)
                || substr('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂', 1 + floor(r7 * 22)::int, 1) AS contact,
            '13' || lpad(floor(r8 * 1e9)::bigint::text, 9, '0') AS phone,
            r0 < 0.08 AS late,
            s IN ('visited', 'closed') AND r10 < 0.8 AS rated,
            r7, r8
        FROM (
            SELECT *, {_status_sql("rs")} AS s
            FROM (
                SELECT g, random() AS r0, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                    random() AS r5, random() AS r6, random() AS r7, random() AS r8, random() AS r9,
                    random() AS r10, random() AS rs, floor(random() * %(companies)s)::int AS k
                FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS g
            ) AS uniform
        ) AS draws
    ) AS a
    """


def _link_insert(t: dict[str, str]) -> str:
    """Lead units (one of the appeal's region when it has any) and, for a fifth, a cooperating unit."""
    return f"""
    INSERT INTO {t["link"]} (appeal_id, unit_id, role, is_active, assigned_at)
    SELECT a.id, u.unit_id, 'lead', a.status <> 'merged', a.created_at
    FROM {t["appeal"]} a
    JOIN bench_units_per_region c ON c.region_id = a.region_id
    JOIN bench_region_units u ON u.region_id = a.region_id AND u.idx = (a.id * 7919) %% c.n
    WHERE a.id BETWEEN %(lo)s AND %(hi)s AND a.status <> 'submitted'
    UNION ALL
    SELECT a.id, u.unit_id, 'cooperating', true, a.created_at
    FROM {t["appeal"]} a
    JOIN bench_units_per_region c ON c.region_id = a.region_id
    JOIN bench_region_units lead ON lead.region_id = a.region_id AND lead.idx = (a.id * 7919) %% c.n
    JOIN bench_all_units u ON u.idx = (a.id * 104729) %% %(units)s AND u.unit_id <> lead.unit_id
    WHERE a.id BETWEEN %(lo)s AND %(hi)s AND a.status NOT IN ('submitted', 'merged') AND a.id %% 5 = 0
    """


def _event_insert(t: dict[str, str]) -> str:
    """Each appeal's events, as its status implies, timed as its dates say."""
    return f"""
    INSERT INTO {t["event"]} (content_type_id, object_id, actor_id, action, from_status, to_status, note,
                              created_at)
    SELECT %(ct)s, a.id, NULL, e.action, e.from_status, e.to_status, '{{}}'::jsonb, e.at
    FROM {t["appeal"]} a
    CROSS JOIN LATERAL (VALUES
        ('file', '', 'submitted', a.created_at, true),
        ('dispatch', 'submitted', 'dispatched', a.dispatched_at, a.status NOT IN ('submitted', 'merged')),
        ('acknowledge', 'dispatched', 'acknowledged', a.acknowledged_at,
            a.acknowledged_at IS NOT NULL AND a.status <> 'merged'),
        ('reply', 'acknowledged', 'replied', a.replied_at, a.replied_at IS NOT NULL),
        ('callback', 'replied', 'visited', a.callback_at, a.callback_at IS NOT NULL),
        ('close', CASE WHEN a.callback_at IS NULL THEN 'replied' ELSE 'visited' END, 'closed', a.closed_at,
            a.closed_at IS NOT NULL),
        ('merge', 'submitted', 'merged', a.created_at + interval '30 minutes', a.status = 'merged')
    ) AS e(action, from_status, to_status, at, happened)
    WHERE a.id BETWEEN %(lo)s AND %(hi)s AND e.happened
    """


def load(total: int, chunk: int, pending: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from yingshang.appeals.models import Appeal, Service
    from yingshang.appeals.suggest import indicator_lexicon
    from yingshang.core.demo import load_core
    from yingshang.core.models import Region, Unit

    load_core()
    t = _tables()
    have = Appeal.objects.count()
    if have >= total:
        print(f"appeals already loaded: {have}")
        return
    start = (Appeal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = timezone.now()
    span = 730 * 86400
    params = {
        "channels": [c for c, _ in Appeal.Channel.choices],
        "services": list(Service.objects.values_list("pk", flat=True)),
        "regions": list(Region.objects.values_list("pk", flat=True)),
        "indicators": list(indicator_lexicon()),
        "places": PLACES,
        "topics": [topic for topic, _ in TOPICS],
        "texts": [text for _, text in TOPICS],
        "companies": max(3000, total // 330),
        "ct": ContentType.objects.get_for_model(Appeal).pk,
        "units": Unit.objects.count(),
        "counted_upto": total - pending,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '2GB'")
        cursor.execute("SELECT setseed(0.21)")
        cursor.execute(
            "CREATE TEMP TABLE bench_region_units AS SELECT region_id, id AS unit_id, "
            "(row_number() OVER (PARTITION BY region_id ORDER BY id) - 1)::int AS idx FROM core_unit"
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_units_per_region AS SELECT r.id AS region_id, "
            "count(u.unit_id)::int AS n FROM core_region r "
            "LEFT JOIN bench_region_units u ON u.region_id = r.id GROUP BY r.id"
        )
        # Regions without units of their own take their lead from the whole list.
        cursor.execute(
            "INSERT INTO bench_region_units (region_id, unit_id, idx) SELECT c.region_id, u.id, "
            "(row_number() OVER (PARTITION BY c.region_id ORDER BY u.id) - 1)::int "
            "FROM bench_units_per_region c CROSS JOIN core_unit u WHERE c.n = 0"
        )
        cursor.execute("UPDATE bench_units_per_region SET n = (SELECT count(*) FROM core_unit) WHERE n = 0")
        cursor.execute(
            "CREATE TEMP TABLE bench_all_units AS SELECT id AS unit_id, "
            "(row_number() OVER (ORDER BY id) - 1)::int AS idx FROM core_unit"
        )
        dropped = [
            *_secondary_indexes(cursor, t["appeal"]),
            *_secondary_indexes(cursor, t["link"]),
            *_secondary_indexes(cursor, t["event"]),
        ]
        for name, _ in dropped:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        print(f"dropped {len(dropped)} secondary indexes for the load")
        t0 = time.perf_counter()
        lo = start
        while lo <= total:
            hi = min(total, lo + chunk - 1)
            # The chunk's share of the 24 months, so ids and times rise together across chunks.
            chunk_first = now - timedelta(seconds=span * (1 - (lo - 1) / total))
            chunk_span = span * (hi - lo + 1) / total
            step = {**params, "lo": lo, "hi": hi, "first": chunk_first, "span": chunk_span}
            c0 = time.perf_counter()
            with transaction.atomic():
                cursor.execute(_appeal_insert(t), step)
                appeals = cursor.rowcount
                cursor.execute(_link_insert(t), step)
                links = cursor.rowcount
                cursor.execute(_event_insert(t), step)
                events = cursor.rowcount
            print(
                f"  ids {lo:>9}–{hi:>9}: {appeals} appeals, {links} unit links, {events} events "
                f"in {time.perf_counter() - c0:.0f} s",
                flush=True,
            )
            lo = hi + 1
        print(f"loaded in {time.perf_counter() - t0:.0f} s")
        t1 = time.perf_counter()
        for name, definition in dropped:
            i0 = time.perf_counter()
            cursor.execute(definition)
            print(f"  index {name}: {time.perf_counter() - i0:.0f} s", flush=True)
        print(f"rebuilt {len(dropped)} secondary indexes in {time.perf_counter() - t1:.0f} s")
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{t['appeal']}', 'id'), (SELECT max(id) FROM {t['appeal']}))"
        )
        for table in t.values():
            a0 = time.perf_counter()
            cursor.execute(f"VACUUM ANALYZE {table}")
            print(f"  vacuum analyze {table}: {time.perf_counter() - a0:.0f} s", flush=True)
        cursor.execute("ANALYZE")  # the small tables too (regions, units), as a restore's runbook does
    _dashboard_data()


def _dashboard_data() -> None:
    """The other panels' data, as bench/dashboard.py makes it (tasks and indicator observations)."""
    from dashboard import generate_observations, generate_tasks

    from yingshang.indicators.models import Observation
    from yingshang.ledger.models import Task

    if not Observation.objects.exists():
        made, warnings, secs = generate_observations(50_000)
        print(f"observations: {made}, warnings {warnings}, in {secs:.0f} s")
    if Task.objects.count() < 100_000:
        t0 = time.perf_counter()
        print(f"tasks: {generate_tasks(100_000 - Task.objects.count())} in {time.perf_counter() - t0:.0f} s")


def fold() -> None:
    from appeals_scale import rebuild

    from yingshang.dashboard.summary import refresh_appeal_summary

    rebuild()  # the statistics cells, from every counted appeal
    t0 = time.perf_counter()
    rows = refresh_appeal_summary()
    print(f"appeal day summary, all days: {rows} rows in {time.perf_counter() - t0:.0f} s")


def _timed(client: object, path: str, rounds: int) -> tuple[int, list[float]]:
    status = client.get(path).status_code  # type: ignore[attr-defined]  # warm
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        client.get(path)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - t0)
    return status, times


def measure(rounds: int) -> None:
    from appeals_scale import time_requests
    from dashboard import time_bulletin, time_endpoints
    from django.test import Client

    from yingshang.appeals.models import Appeal
    from yingshang.core.models import User

    n = Appeal.objects.count()
    print(f"appeals: {n}, not folded yet: {Appeal.objects.filter(stats_counted=False).count()}")
    ok = time_requests(rounds, goal_ms=300)
    office = User.objects.get(username="bench_scale_office")
    client = Client()
    client.force_login(office)
    sample = Appeal.objects.order_by("-pk").values_list("pk", flat=True)[n // 3]
    print(f"{'request':58} {'p50':>7} {'p95':>7} {'max':>7}  (ms, {rounds} rounds)")
    for label, path in (
        ("an appeal's page (office)", f"/appeals/{sample}/"),
        ("an appeal's API detail with timeline", f"/api/v1/appeals/{sample}"),
    ):
        status, times = _timed(client, path, rounds)
        p95 = pct(times, 95)
        ok &= p95 < 300 and status == 200
        print(f"{label + f' [{status}]':58} {pct(times, 50):7.1f} {p95:7.1f} {max(times) * 1000:7.1f}")
    rows = time_endpoints(rounds)
    width = max(len(r[0]) for r in rows)
    print(f"{'endpoint'.ljust(width)}  p50 ms  p95 ms  max ms")
    for path, p50, p95, worst in rows:
        ok &= p95 < 300
        print(f"{path.ljust(width)}  {p50:6.1f}  {p95:6.1f}  {worst:6.1f}{'' if p95 < 300 else '  > 300 ms'}")
    secs = time_bulletin()
    ok &= secs < 30
    print(f"bulletin generation: {secs:.1f} s ({'ok' if secs < 30 else '> 30 s goal'})")
    print("goal (p95 < 300 ms each, bulletin < 30 s): " + ("met" if ok else "NOT met"))


def events(rounds: int) -> None:
    """The event table's growth options, measured on the loaded events (read-only for the real table)."""
    import random

    from django.db import connection

    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '2GB'")
        cursor.execute(f"SELECT count(*), min(object_id), max(object_id) FROM {t['event']}")
        count, lo, hi = cursor.fetchone()
        cursor.execute("SELECT pg_total_relation_size(%s), pg_relation_size(%s)", [t["event"], t["event"]])
        total_size, heap = cursor.fetchone()
        cursor.execute("SELECT pg_relation_size('event_subject_time')")
        (btree,) = cursor.fetchone()
        print(
            f"events: {count:,}; heap {heap / 2**20:,.0f} MB, subject btree {btree / 2**20:,.0f} MB, "
            f"table with indexes {total_size / 2**20:,.0f} MB"
        )
        cursor.execute(f"SELECT content_type_id FROM {t['event']} LIMIT 1")
        (ct,) = cursor.fetchone()
        rnd = random.Random(5)
        subjects = [rnd.randint(lo, hi) for _ in range(rounds)]
        cursor.execute(
            f"SELECT max(created_at) - interval '40 days', max(created_at) - interval '10 days' FROM {t['event']}"
        )
        month_lo, month_hi = cursor.fetchone()

        def time_sql(sql: str, params: list[list[object]]) -> list[float]:
            out = []
            for values in params:
                t0 = time.perf_counter()
                cursor.execute(sql, values)
                cursor.fetchall()
                out.append(time.perf_counter() - t0)
            return out

        def time_subject(table: str) -> list[float]:
            sql = (
                f"SELECT id, action, created_at FROM {table} WHERE content_type_id = %s AND object_id = %s "
                "ORDER BY created_at, id"
            )
            return time_sql(sql, [[ct, oid] for oid in subjects])

        def time_month(table: str, runs: int = 5) -> list[float]:
            sql = f"SELECT action, count(*) FROM {table} WHERE created_at >= %s AND created_at < %s GROUP BY action"
            return time_sql(sql, [[month_lo, month_hi]] * runs)

        def report(label: str, subject: list[float], month: list[float]) -> None:
            print(
                f"{label:44} subject lookup p50 {pct(subject, 50):6.2f} p95 {pct(subject, 95):6.2f} ms; "
                f"a month by time median {pct(month, 50):8.0f} ms"
            )

        report("plain table, subject btree only", time_subject(t["event"]), time_month(t["event"]))
        b0 = time.perf_counter()
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS bench_event_created_brin ON {t['event']} USING brin (created_at)"
        )
        built = time.perf_counter() - b0
        cursor.execute("SELECT pg_relation_size('bench_event_created_brin')")
        (brin,) = cursor.fetchone()
        cursor.execute(f"ANALYZE {t['event']}")
        report(
            f"+ BRIN on created_at ({brin / 1024:,.0f} kB, {built:.0f} s)",
            time_subject(t["event"]),
            time_month(t["event"]),
        )
        cursor.execute("DROP INDEX bench_event_created_brin")
        # The same rows in a table partitioned by month (what pg_partman would keep), with the same index.
        cursor.execute("DROP TABLE IF EXISTS bench_event_part")
        cursor.execute(
            f"CREATE TABLE bench_event_part (LIKE {t['event']} INCLUDING DEFAULTS) PARTITION BY RANGE (created_at)"
        )
        cursor.execute(
            f"SELECT date_trunc('month', min(created_at)), date_trunc('month', max(created_at)) FROM {t['event']}"
        )
        first, last = cursor.fetchone()
        cursor.execute(
            "SELECT m, m + interval '1 month' FROM generate_series(%s::timestamptz, %s::timestamptz, "
            "interval '1 month') m",
            [first, last],
        )
        months = cursor.fetchall()
        for k, (m_lo, m_hi) in enumerate(months):
            cursor.execute(
                f"CREATE TABLE bench_event_part_{k} PARTITION OF bench_event_part FOR VALUES FROM (%s) TO (%s)",
                [m_lo, m_hi],
            )
        p0 = time.perf_counter()
        cursor.execute(f"INSERT INTO bench_event_part SELECT * FROM {t['event']}")
        copied = time.perf_counter() - p0
        i0 = time.perf_counter()
        cursor.execute(
            "CREATE INDEX bench_event_part_subject ON bench_event_part (content_type_id, object_id, created_at)"
        )
        indexed = time.perf_counter() - i0
        cursor.execute("ANALYZE bench_event_part")
        report(
            f"partitioned by month ({len(months)} partitions)",
            time_subject("bench_event_part"),
            time_month("bench_event_part"),
        )
        print(f"  (copy into the partitions {copied:.0f} s, their subject index {indexed:.0f} s)")
        cursor.execute("DROP TABLE bench_event_part")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["load", "fold", "measure", "events"])
    parser.add_argument("--appeals", type=int, default=10_000_000)
    parser.add_argument("--chunk", type=int, default=1_000_000)
    parser.add_argument("--pending", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL=postgres://… is required (the figures are for PostgreSQL)")
    setup_django(False, prefix="appeals-10m-")
    if args.phase == "load":
        load(args.appeals, args.chunk, args.pending)
    elif args.phase == "fold":
        fold()
    elif args.phase == "measure":
        measure(args.rounds)
    else:
        events(args.rounds)


if __name__ == "__main__":
    main()
