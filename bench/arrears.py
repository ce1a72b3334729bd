"""Arrears timings: the ledger page (with its totals by debtor and by region) and the totals API at scale.

usage: python bench/arrears.py [--cases N] [--rounds R] [--keep]

Builds a throw-away database (SQLite in a temp dir unless DATABASE_URL is set), loads the demo regions
and units, bulk-loads N arrears cases (default 100,000) over the units of every region, a third of them
paid in part and a sixth settled, and times in-process as the city office: the ledger page with several
filters and /api/v1/arrears/totals (goal p95 < 200 ms on PostgreSQL). The query count of the page is
printed at 1,000 cases and at N cases (it must not grow).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup_django


def load_cases(n: int, offset: int) -> None:
    from django.db import connection

    from yingshang.arrears.models import ArrearsCase
    from yingshang.core.models import Enterprise, Unit, User

    units = list(Unit.objects.values_list("pk", "region_id"))
    enterprises = list(Enterprise.objects.values_list("pk", flat=True))
    office = User.objects.get(username="office")
    rng = random.Random(11)
    today = date.today()
    batch = 5000
    for start in range(0, n, batch):
        rows = []
        for i in range(start, min(n, start + batch)):
            unit_id, region_id = rng.choice(units)
            contract = today - timedelta(days=rng.randint(10, 900))
            delivered = contract + timedelta(days=rng.randint(0, 60))
            amount = Decimal(rng.randint(1_000_00, 5_000_000_00)) / 100
            state = rng.random()
            paid = (
                amount
                if state < 1 / 6
                else (amount / 3).quantize(Decimal("0.01"))
                if state < 0.5
                else Decimal(0)
            )
            rows.append(
                ArrearsCase(
                    region_id=region_id,
                    debtor_id=unit_id,
                    sector=rng.choice(["organ", "institution", "soe"]),
                    creditor_id=rng.choice(enterprises),
                    contract_no=f"B-{offset + i}",
                    contract_name="压测合同",
                    contract_date=contract,
                    amount=amount,
                    paid_amount=paid,
                    delivered_on=delivered,
                    due_date=delivered + timedelta(days=30),
                    status="settled" if paid == amount else "open",
                    settled_on=delivered + timedelta(days=40) if paid == amount else None,
                    created_by=office,
                )
            )
        ArrearsCase.objects.bulk_create(rows)
    with connection.cursor() as cursor:  # planner statistics, as autovacuum keeps them in a deployment
        cursor.execute("ANALYZE")
    print(f"loaded {ArrearsCase.objects.count():,} cases")


def time_pages(rounds: int, label: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from yingshang.core.models import User

    client = Client()
    client.force_login(User.objects.get(username="office"))
    urls = [
        "/arrears/",
        "/arrears/?overdue=1",
        "/arrears/?status=settled",
        "/arrears/?page=100",
        "/api/v1/arrears/totals",
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
    p95 = every[max(int(len(every) * 0.95) - 1, 0)]
    print(
        f"ledger at {label}: {queries} queries per page; p50 {statistics.median(every):.0f} ms, "
        f"p95 {p95:.0f} ms, max {every[-1]:.0f} ms (goal p95 < 200 ms)"
    )
    for url, xs in samples.items():
        xs.sort()
        print(
            f"  {url:40s} p50 {statistics.median(xs):6.0f} ms  p95 {xs[max(int(len(xs) * 0.95) - 1, 0)]:6.0f} ms"
        )
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    setup_django(args.keep, prefix="bench-arrears-")
    from django.db import connection

    from yingshang.core.demo import load_core

    print(f"database: {connection.vendor}")
    load_core()
    load_cases(min(1000, args.cases), 0)
    small = time_pages(3, "1,000 cases")
    if args.cases > 1000:
        load_cases(args.cases - 1000, 1000)
        big = time_pages(args.rounds, f"{args.cases:,} cases")
        print(
            f"query count: {small} at 1,000 cases, {big} at {args.cases:,} cases ({'constant' if small == big else 'GROWS'})"
        )


if __name__ == "__main__":
    main()
