"""Dashboard and bulletin timings over a generated data set.

usage: python bench/dashboard.py [--observations N] [--tasks N] [--appeals N] [--rounds R] [--keep]

Builds a throw-away database (SQLite in a temp dir unless DATABASE_URL is set), loads the demo
regions and units, generates N observations (default 50,000) across ~20 regions × all second-level
indicators × enough months, plus tasks and appeals when the ledger and appeals models exist, then
times every dashboard JSON endpoint in-process (R requests each; p50 / p95 / max) and one bulletin
generation (snapshot, .docx and its PDF by LibreOffice). Goals: endpoints p95 < 300 ms, bulletin < 10 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup_django


def months(n: int) -> list[str]:
    out = []
    y, m = 2023, 1
    for _ in range(n):
        out.append(f"{y}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def generate_observations(total: int) -> tuple[int, int, float]:
    from yingshang.core.demo import load_core
    from yingshang.core.models import Region
    from yingshang.core.services import create_region
    from yingshang.indicators import rules
    from yingshang.indicators.models import Indicator, IndicatorWarning, Observation
    from yingshang.indicators.periods import parse_period

    cast = load_core()
    county = cast.regions["county"]
    for i in range(14):
        if not Region.objects.filter(parent=county, name=f"测试镇{i}").exists():
            create_region(actor=None, name=f"测试镇{i}", level=Region.Level.TOWN, parent=county)
    regions = list(Region.objects.all())
    unit = cast.units["county:市场监督管理局"]
    Indicator.objects.filter(parent__isnull=False).update(
        target_value=Decimal(10), warning_value=Decimal(14), lead_unit=unit, max_jump_ratio=Decimal("0.5")
    )
    indicators = list(Indicator.objects.filter(parent__isnull=False))
    per_period = len(regions) * len(indicators)
    periods = months(max(1, -(-total // per_period)))
    t0 = time.perf_counter()
    batch: list[Observation] = []
    made = 0
    for key in periods:
        p = parse_period(key)
        for r in regions:
            for i in indicators:
                if made >= total:
                    break
                v = Decimal((made * 7919) % 160) / Decimal(10)  # 0 … 15.9: about a third miss
                verdict = rules.judge(v, direction="lower", target=Decimal(10), warning=Decimal(14))
                batch.append(
                    Observation(
                        indicator=i,
                        region=r,
                        period=key,
                        period_start=p.start,
                        period_end=p.end,
                        value=v,
                        result=verdict.result,
                        target_value=Decimal(10),
                        unit=unit,
                    )
                )
                made += 1
        Observation.objects.bulk_create(batch, batch_size=2000)
        batch = []
    missed = Observation.objects.filter(result__in=["missed", "warning"], period=periods[-1])
    IndicatorWarning.objects.bulk_create(
        [
            IndicatorWarning(
                observation=o,
                indicator_id=o.indicator_id,
                region_id=o.region_id,
                lead_unit=unit,
                level=o.result,
                due_date=date.today() + timedelta(days=5),
            )
            for o in missed
        ],
        batch_size=2000,
    )
    return made, IndicatorWarning.objects.count(), time.perf_counter() - t0


def generate_tasks(n: int) -> str:
    if n <= 0:
        return "skipped"
    try:
        from yingshang.core.models import Region, Unit
        from yingshang.ledger.models import Task
    except ImportError:
        return "skipped (ledger models missing)"
    units = list(Unit.objects.all()[:30])
    regions = list(Region.objects.all())
    try:
        Task.objects.bulk_create(
            [
                Task(
                    region=regions[i % len(regions)],
                    title=f"基准任务{i}",
                    lead_unit=units[i % len(units)],
                    due_date=date.today() + timedelta(days=i % 90 - 30),
                    colour=("green", "yellow", "red")[i % 3],
                )
                for i in range(n)
            ],
            batch_size=2000,
        )
    except Exception as exc:  # the ledger's model is still moving; report instead of failing the bench
        return f"skipped ({type(exc).__name__}: {exc})"
    return f"{n} tasks"


def generate_appeals(n: int) -> str:
    if n <= 0:
        return "skipped"
    from django.db.models import F
    from django.db.models.functions import Mod

    try:
        from yingshang.appeals.models import Appeal, AppealUnit, Service
        from yingshang.core.models import Region, Unit
    except ImportError:
        return "skipped (appeals models missing)"
    try:
        service = Service.objects.first() or Service.objects.create(code="bench", name="基准")
        units = list(Unit.objects.all()[:30])
        regions = list(Region.objects.all())
        appeals = Appeal.objects.bulk_create(
            [
                Appeal(
                    tracking_code=f"B{i:09d}",
                    service=service,
                    region=regions[i % len(regions)],
                    contact_name="测试",
                    contact_phone="13900000000",
                    title=f"基准诉求{i}",
                    description="基准",
                    is_late=i % 7 == 0,
                    satisfaction=(i % 5) + 1,
                )
                for i in range(n)
            ],
            batch_size=2000,
        )
        AppealUnit.objects.bulk_create(
            [AppealUnit(appeal=a, unit=units[k % len(units)], role="lead") for k, a in enumerate(appeals)],
            batch_size=2000,
        )
        # created_at is auto_now_add (bulk_create stamps "now"): spread the rows over the last 12 months
        # so a period's panel reads about a twelfth of them, as in real use.
        for months_back in range(1, 12):
            Appeal.objects.annotate(bucket=Mod("id", 12)).filter(bucket=months_back).update(
                created_at=F("created_at") - timedelta(days=30 * months_back)
            )
    except Exception as exc:  # the appeals model is still moving; report instead of failing the bench
        return f"skipped ({type(exc).__name__}: {exc})"
    return f"{n} appeals"


def time_endpoints(rounds: int) -> list[tuple[str, float, float, float]]:
    from django.test import Client

    from yingshang.core.models import Region, User
    from yingshang.dashboard.summary import refresh_appeal_summary, refresh_summary
    from yingshang.indicators.models import Indicator, Observation

    t0 = time.perf_counter()
    refresh_summary()
    print(f"summary refresh (all periods): {time.perf_counter() - t0:.2f} s")
    try:
        t0 = time.perf_counter()
        rows = refresh_appeal_summary()
        print(
            f"appeal day summary (all days, as the worker builds it): {rows} rows in {time.perf_counter() - t0:.2f} s"
        )
    except ImportError:
        pass
    office = User.objects.get(username="office")
    client = Client()
    client.force_login(office)
    period = Observation.objects.order_by("-period_start").values_list("period", flat=True).first()
    county = Region.objects.get(name="奈曼旗").pk
    ind = Indicator.objects.filter(parent__isnull=False).order_by("code").first().pk
    first = Indicator.objects.filter(parent__isnull=True).order_by("code").first().pk
    paths = [
        "/api/v1/dashboard/filters",
        f"/api/v1/dashboard/attainment?period={period}",
        f"/api/v1/dashboard/attainment?period={period}&region={county}",
        f"/api/v1/dashboard/trend?indicator={ind}&period={period}",
        f"/api/v1/dashboard/trend?indicator={ind}&period={period}&region={county}",
        f"/api/v1/dashboard/warnings?period={period}",
        "/api/v1/dashboard/panels/task_colours",
        "/api/v1/dashboard/panels/appeals",
        f"/api/v1/dashboard/drill?figure=attainment&period={period}&indicator={first}",
        f"/api/v1/dashboard/drill?figure=attainment&period={period}&result=missed&offset=500",
        f"/api/v1/dashboard/drill?figure=warnings&period={period}",
        "/api/v1/dashboard/drill?figure=panel:task_colours",
        "/api/v1/dashboard/drill?figure=panel:appeals",
        f"/dashboard/?period={period}",
        f"/dashboard/cards/?period={period}",
    ]
    out = []
    for path in paths:
        first_status = client.get(path).status_code  # warm-up
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        out.append((f"{path} [{first_status}]", statistics.median(times), p95, times[-1]))
    return out


def time_bulletin() -> float:
    from django.utils import timezone

    from yingshang.assessment import services
    from yingshang.assessment.models import Bulletin
    from yingshang.core.models import Region, User
    from yingshang.indicators.models import Observation

    office = User.objects.get(username="office")
    period = Observation.objects.order_by("-period_start").values_list("period", flat=True).first()
    t0 = time.perf_counter()
    b = services.request_bulletin(
        actor=office, region=Region.objects.get(name="示范市"), period=period, as_of=timezone.localdate()
    )
    services.build_bulletin(b.pk)  # a no-op when the task already ran inline (immediate backend)
    elapsed = time.perf_counter() - t0
    b = Bulletin.objects.get(pk=b.pk)
    print(
        f"bulletin: status={b.status} docx={len(bytes(b.docx or b''))} bytes "
        f"pdf={len(bytes(b.pdf or b''))} bytes {b.error}{b.pdf_error}"
    )
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--observations", type=int, default=50_000)
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--appeals", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--keep", action="store_true", help="keep the temporary SQLite database")
    args = ap.parse_args()
    setup_django(args.keep, prefix="bench-dashboard-")
    from django.db import connection

    print(f"database: {connection.vendor}")
    made, warnings, secs = generate_observations(args.observations)
    print(f"generated {made} observations, {warnings} warnings in {secs:.1f} s")
    print(f"tasks: {generate_tasks(args.tasks)}; appeals: {generate_appeals(args.appeals)}")
    rows = time_endpoints(args.rounds)
    width = max(len(r[0]) for r in rows)
    print(f"{'endpoint'.ljust(width)}  p50 ms  p95 ms  max ms")
    for path, p50, p95, worst in rows:
        flag = "" if p95 < 300 else "  > 300 ms goal"
        print(f"{path.ljust(width)}  {p50:6.1f}  {p95:6.1f}  {worst:6.1f}{flag}")
    secs = time_bulletin()
    print(f"bulletin generation: {secs:.2f} s ({'ok' if secs < 10 else '> 10 s goal'})")


if __name__ == "__main__":
    main()
