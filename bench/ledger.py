"""Ledger timings: import + publish of the largest seed document, and the office overview at scale.

usage: python bench/ledger.py [--tasks N] [--rounds R] [--keep]

Builds a throw-away database (SQLite in a temp dir unless DATABASE_URL is set), loads the demo
regions and units, then
  1. imports and publishes the largest document in ../shared/corpus/docs (goal < 1 s), R times;
  2. bulk-loads N tasks (default 100,000) with lead and cooperating units, and times the office
     overview page in-process with several filters (goal p95 < 150 ms), printing the query count
     at 1,000 tasks and at N tasks (it must not grow).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import ROOT, setup_django


def largest_seed() -> Path | None:
    docs = ROOT.parent / "shared" / "corpus" / "docs"
    files = sorted(docs.glob("*.txt"), key=lambda p: p.stat().st_size) if docs.is_dir() else []
    return files[-1] if files else None


def bench_publish(cast: object, rounds: int) -> None:
    from django.db import transaction

    from yingshang.ledger import services
    from yingshang.ledger.review import IGNORE, included, units_of

    seed = largest_seed()
    if seed is None:
        print("import+publish: skipped (no seed corpus)")
        return
    text = seed.read_text(encoding="utf-8")
    office = cast.users["office"]  # type: ignore[attr-defined]
    county = cast.regions["county"]  # type: ignore[attr-defined]
    fallback = cast.units["county:市场监督管理局"]  # type: ignore[attr-defined]
    timings = []
    for _ in range(rounds):
        with transaction.atomic():
            start = time.perf_counter()
            doc = services.import_document(actor=office, region=county, text=text)
            t_import = time.perf_counter() - start
            # The office's review work is not timed: settle names and lone measures, then publish.
            names = {k: IGNORE for k, v in doc.review["names"].items() if v["unit_id"] is None}
            doc = services.update_review(actor=office, document=doc, names=names)
            lone = {
                m["path"]: {"lead_override": fallback.pk}
                for m in included(doc.review)
                if not units_of(doc.review, m)[0]
            }
            doc = services.update_review(actor=office, document=doc, measures=lone)
            start = time.perf_counter()
            tasks = services.publish_document(actor=office, document=doc)
            t_publish = time.perf_counter() - start
            timings.append((t_import, t_publish, len(tasks)))
            transaction.set_rollback(True)
    best = min(timings, key=lambda t: t[0] + t[1])
    print(
        f"import+publish {seed.name} ({len(text):,} chars, {best[2]} tasks): "
        f"import {best[0] * 1000:.0f} ms + publish {best[1] * 1000:.0f} ms = {(best[0] + best[1]) * 1000:.0f} ms "
        f"(best of {rounds}; median total {statistics.median(a + b for a, b, _ in timings) * 1000:.0f} ms; goal < 1000 ms)"
    )


def load_tasks(cast: object, n: int) -> None:
    from django.utils import timezone

    from yingshang.core.models import Unit
    from yingshang.ledger.models import Task, TaskIndicator, TaskUnit

    county = cast.regions["county"]  # type: ignore[attr-defined]
    units = list(Unit.objects.filter(region=county).values_list("pk", flat=True))
    rng = random.Random(7)
    now = timezone.now()
    today = date.today()
    statuses = ["dispatched", "in_progress", "in_progress", "closure_requested", "closed"]
    batch = 5000
    existing = Task.objects.count()
    for start in range(0, n, batch):
        rows = []
        for i in range(start, min(n, start + batch)):
            rows.append(
                Task(
                    region=county,
                    path=f"{i}",
                    title=f"压测任务{i}：推进政务服务事项网上办理",
                    lead_unit_id=rng.choice(units),
                    due_date=today + timedelta(days=rng.randint(-60, 400)),
                    status=rng.choice(statuses),
                    progress_percent=rng.randint(0, 100),
                    colour=rng.choice(["green", "green", "green", "yellow", "red"]),
                    indicators=["政务服务"] if i % 3 == 0 else [],
                    dispatched_at=now,
                )
            )
        created = Task.objects.bulk_create(rows)
        TaskIndicator.objects.bulk_create(
            [TaskIndicator(task=t, name="政务服务") for t in created if t.indicators]
        )
        TaskUnit.objects.bulk_create(
            [TaskUnit(task=t, unit_id=t.lead_unit_id, role="lead") for t in created]
            + [
                TaskUnit(task=t, unit_id=u, role="cooperating")
                for t in created
                if (u := rng.choice(units)) != t.lead_unit_id
            ]
        )
    from django.db import connection

    # Planner statistics, as a deployment has after a bulk load (PostgreSQL's autovacuum does this).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loaded {Task.objects.count() - existing:,} tasks")


def time_overview(cast: object, rounds: int, label: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from yingshang.core.models import Unit

    client = Client()
    client.force_login(cast.users["office"])  # type: ignore[attr-defined]
    unit = Unit.objects.filter(region=cast.regions["county"]).order_by("pk").first()  # type: ignore[attr-defined]
    urls = [
        "/ledger/",
        "/ledger/?colour=red",
        f"/ledger/?unit={unit.pk}",  # type: ignore[union-attr]
        "/ledger/?status=in_progress&colour=yellow",
        "/ledger/?indicator=政务服务",
        f"/ledger/?due_from={date.today()}&due_to={date.today() + timedelta(days=90)}",
        "/ledger/?page=50",
    ]
    client.get(urls[0])
    with CaptureQueriesContext(connection) as ctx:
        client.get(urls[0])
    queries = len(ctx.captured_queries)
    samples: dict[str, list[float]] = {u: [] for u in urls}
    for _ in range(rounds):
        for url in urls:
            start = time.perf_counter()
            resp = client.get(url)
            samples[url].append((time.perf_counter() - start) * 1000)
            assert resp.status_code == 200, (url, resp.status_code)
    every = sorted(x for v in samples.values() for x in v)
    p95 = every[int(len(every) * 0.95) - 1]
    print(
        f"overview at {label}: {queries} queries per page; p50 {statistics.median(every):.0f} ms, p95 {p95:.0f} ms, max {every[-1]:.0f} ms (goal p95 < 150 ms)"
    )
    for url, xs in samples.items():
        xs.sort()
        print(f"  {url:60s} p50 {statistics.median(xs):6.0f} ms  p95 {xs[int(len(xs) * 0.95) - 1]:6.0f} ms")
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    setup_django(args.keep, prefix="bench-ledger-")
    from django.db import connection

    from yingshang.core.demo import load_core

    print(f"database: {connection.vendor}")
    cast = load_core()
    bench_publish(cast, max(3, args.rounds // 2))
    load_tasks(cast, min(1000, args.tasks))
    small = time_overview(cast, 3, "1,000 tasks")
    if args.tasks > 1000:
        load_tasks(cast, args.tasks - 1000)
        big = time_overview(cast, args.rounds, f"{args.tasks:,} tasks")
        print(
            f"query count: {small} at 1,000 tasks, {big} at {args.tasks:,} tasks ({'constant' if small == big else 'GROWS'})"
        )


if __name__ == "__main__":
    main()
