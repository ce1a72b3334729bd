"""一企一档 timings: the enterprise page with a long history.

usage: python bench/outreach.py [--items N] [--rounds R] [--keep]

Builds a throw-away database (SQLite in a temp dir unless DATABASE_URL is set), loads the demo regions
and units, gives one enterprise N appeals (each answered), N visits and N problems raised in them
(default 1,000 each), then requests its page in-process R times (default 30) as the office, the
enterprise's contact cadre and the enterprise itself, and prints p50 / p95 / max and the number of
queries per request. Goal: p95 < 300 ms with 1,000 items of history on PostgreSQL.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup_django


def build(items: int) -> tuple[Any, dict[str, Any]]:
    from django.utils import timezone

    from yingshang.appeals.catalogue import seed_services
    from yingshang.appeals.models import Appeal, AppealReply, AppealUnit, Service
    from yingshang.core.demo import load_core
    from yingshang.core.models import Enterprise, User
    from yingshang.outreach import services
    from yingshang.outreach.models import Problem, Visit

    seed_services(Service)
    cast = load_core()
    office, cadre, own = cast.users["office"], cast.users["unitstaff"], cast.users["enterprise"]
    enterprise = Enterprise.objects.get(pk=own.enterprise_id)
    services.assign_cadre(actor=office, enterprise=enterprise, cadre=cadre, frequency_days=30)
    service = Service.objects.get(code="complaint")
    appeals = Appeal.objects.bulk_create(
        [
            Appeal(
                tracking_code=f"B{i:09d}",
                service=service,
                region=enterprise.region,
                enterprise=enterprise,
                enterprise_name=enterprise.name,
                credit_code=enterprise.credit_code,
                contact_name="联系人",
                contact_phone="13900000000",
                title=f"第{i}件诉求",
                description="诉求内容",
                status=Appeal.Status.REPLIED,
                filed_by=own,
            )
            for i in range(items)
        ]
    )
    unit = cadre.unit
    AppealUnit.objects.bulk_create(
        [AppealUnit(appeal=a, unit=unit, role=AppealUnit.Role.LEAD) for a in appeals]
    )
    AppealReply.objects.bulk_create(
        [
            AppealReply(appeal=a, kind=kind, unit=unit, text=f"{kind}{a.pk}")
            for a in appeals
            for kind in ("note", "reply")
        ]
    )
    today = timezone.localdate()
    visits = Visit.objects.bulk_create(
        [
            Visit(
                enterprise=enterprise,
                cadre=cadre,
                unit=unit,
                visited_on=today - timedelta(days=i % 700),
                method=Visit.Method.ON_SITE,
                discussed=f"第{i}次走访",
            )
            for i in range(items)
        ]
    )
    Problem.objects.bulk_create(
        [
            Problem(
                channel=Problem.Channel.VISIT,
                region=enterprise.region,
                enterprise=enterprise,
                visit=v,
                raised_by=cadre,
                unit=unit,
                text=f"问题{v.pk}",
            )
            for v in visits
        ]
    )
    return enterprise, {"office": office, "cadre": cadre, "enterprise": own, "_user": User}


def time_page(user: Any, url: str, rounds: int) -> tuple[list[float], int, float, str]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200  # warm up
    timings = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    if not ctx.captured_queries:
        return timings, 0, 0.0, ""
    slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
    sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    return timings, len(ctx), sql_ms, f"{float(slowest['time']) * 1000:.1f} ms: {slowest['sql'][:160]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print each viewer's slowest query")
    args = parser.parse_args()
    setup_django(args.keep, prefix="outreach-bench-")
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = ["*"]
    t0 = time.perf_counter()
    enterprise, users = build(args.items)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum keeps them on a live database after bulk loads.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"database: {connection.vendor}; history: {args.items} appeals (answered), {args.items} visits, "
        f"{args.items} problems; built in {time.perf_counter() - t0:.1f} s"
    )
    # Controls on a shared machine: the stack with no page (the service worker file), and an existing
    # page of similar weight (the office's appeal list, 50 rows) timed at the same moment.
    for label, path in (("service worker file", "/outreach/sw.js"), ("office appeal list", "/appeals/")):
        base, _, _, _ = time_page(users["office"], path, args.rounds)
        print(f"control: {label:22s}: p50 {statistics.median(base):6.1f} ms")
    url = f"/outreach/enterprises/{enterprise.pk}/"
    for name in ("office", "cadre", "enterprise"):
        timings, queries, sql_ms, slowest = time_page(users[name], url, args.rounds)
        ordered = sorted(timings)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"enterprise page as {name:10s}: p50 {statistics.median(timings):6.1f} ms  "
            f"p95 {p95:6.1f} ms  max {max(timings):6.1f} ms  queries {queries} ({sql_ms:.1f} ms in SQL)"
        )
        if args.verbose:
            print(f"  slowest query {slowest}")


if __name__ == "__main__":
    main()
