"""Appeal reads at scale: statistics, list pages and search over a million appeals on PostgreSQL.

usage: DATABASE_URL=postgres://yingshang:yingshang@127.0.0.1:5432/yingshang_bench \\
       python bench/appeals_scale.py [--appeals 1000000] [--rounds 30] [--pending 2000]

Migrates, loads the demo regions and units, then tops the appeal table up to --appeals rows with COPY
(secondary indexes dropped during the load and rebuilt after it), spread over 24 months, every category,
channel, region and status, with lead (and some cooperating) units. All but the newest --pending rows
are marked counted and the statistics cells are rebuilt from them (timed); the newest stay for the
read to count live, as filings do between two folds by the worker. Then times, in-process through the
whole middleware stack as the office of the city (all regions) and as a unit, --rounds requests each:
the statistics API and page, the list API's first page, a deep page (by cursor, and the refused offset),
and `q=` searches by company, phone, tracking code and words of the text. Prints p50 / p95 / max ms.
Goal: p95 < 200 ms for each.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup_django

TOPICS = [
    ("营业执照变更", "营业执照变更登记提交后迟迟没有结果，窗口说系统升级。"),
    ("用电报装", "新厂房用电报装申请三个月未接电，影响投产。"),
    ("供水水压", "园区供水水压不足，生产线经常停机，请求协调解决。"),
    ("工程款拖欠", "镇政府拖欠我公司工程款两年未付，多次催要无果。"),
    ("施工许可", "施工许可证办理材料反复被退回，要求补充的材料前后不一。"),
    ("纳税申报", "电子税务局申报时系统报错，无法完成增值税申报。"),
    ("社保缴纳", "新招工人社保无法增员，线上系统一直提示校验失败。"),
    ("噪音扰民", "附近工地夜间施工噪音很大，影响员工休息。"),
    ("排污许可", "排污许可证延续申请提交后一个月没有审批结果。"),
    ("政府采购", "政府采购项目评审结果有疑问，提出质疑后未收到答复。"),
    ("不动产登记", "不动产登记办理时间过长，影响企业贷款。"),
    ("招标投标", "招标文件设置不合理的资质条件，限制外地企业投标。"),
]
PLACES = ["开发区", "大沁他拉镇", "八仙筒镇", "东河区", "工业园", "物流园", "新区", "老城区"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def _secondary_indexes(cursor: object, table: str) -> list[tuple[str, str]]:
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [table],
    )
    return list(cursor.fetchall())  # type: ignore[attr-defined]


def load(total: int, pending: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from yingshang.appeals.models import Appeal, AppealUnit, Service
    from yingshang.appeals.suggest import indicator_lexicon
    from yingshang.core.demo import load_core
    from yingshang.core.models import Region, Unit

    load_core()
    have = Appeal.objects.count()
    if have >= total:
        print(f"appeals already loaded: {have}")
        return
    rnd = random.Random(14)
    regions = list(Region.objects.values_list("pk", flat=True))
    units_by_region: dict[int, list[int]] = {}
    for unit_id, region_id in Unit.objects.values_list("pk", "region_id"):
        units_by_region.setdefault(region_id, []).append(unit_id)
    all_units = [u for us in units_by_region.values() for u in us]
    services = list(Service.objects.values_list("pk", flat=True))
    indicators = list(indicator_lexicon())
    channels = [c for c, _ in Appeal.Channel.choices]
    companies = [
        f"{rnd.choice(PLACES)}{rnd.choice('鑫华泰恒瑞丰盛达')}{rnd.choice('科技商贸建材食品物流')}有限公司{i}"
        for i in range(3000)
    ]
    table = Appeal._meta.db_table
    fields = [f for f in Appeal._meta.concrete_fields]
    columns = [f.column for f in fields]
    start_id = (Appeal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = timezone.now()
    first = now - timedelta(days=730)
    statuses = (
        ["closed"] * 60
        + ["visited"] * 10
        + ["replied"] * 10
        + ["acknowledged"] * 8
        + ["dispatched"] * 5
        + ["submitted"] * 5
        + ["merged"] * 2
    )
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        dropped = _secondary_indexes(cursor, table) + _secondary_indexes(cursor, AppealUnit._meta.db_table)
        for name, _ in dropped:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        n = total - have
        link_rows: list[tuple[object, ...]] = []
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for k in range(n):
                pk = start_id + k
                created = first + timedelta(seconds=(730 * 86400) * k / n)
                status = rnd.choice(statuses)
                topic, text = rnd.choice(TOPICS)
                region = rnd.choice(regions)
                company = rnd.choice(companies)
                done = status in ("replied", "visited", "closed")
                dispatched = status not in ("submitted",)
                acked = status not in ("submitted", "dispatched")
                late = rnd.random() < 0.08
                rated = status in ("visited", "closed") and rnd.random() < 0.8
                values = {
                    "id": pk,
                    "tracking_code": f"S{pk:011d}",
                    "channel": rnd.choice(channels),
                    "service_id": rnd.choice(services),
                    "region_id": region,
                    "enterprise_id": None,
                    "claimed_enterprise_id": None,
                    "enterprise_name": company,
                    "credit_code": "",
                    "contact_name": rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
                    "contact_phone": f"13{rnd.randrange(10**9):09d}",
                    "contact_email": "",
                    "title": f"{topic}问题",
                    "description": f"{company}反映：{rnd.choice(PLACES)}{text}编号{pk}。",
                    "location_text": "",
                    "status": status,
                    "filed_by_id": None,
                    "created_at": created,
                    "suggested_indicator": rnd.choice(indicators),
                    "dispatched_at": created + timedelta(hours=1) if dispatched else None,
                    "acknowledge_due_at": created + timedelta(hours=3) if dispatched else None,
                    "acknowledged_at": created + timedelta(hours=2) if acked else None,
                    "first_contact_due_at": created + timedelta(days=1) if dispatched else None,
                    "first_contacted_at": None,
                    "reply_due_at": created + timedelta(days=7) if dispatched else None,
                    "replied_at": created + timedelta(days=3) if done else None,
                    "extension_workdays": 0,
                    "closed_at": created + timedelta(days=6) if status == "closed" else None,
                    "colour": "red" if late else "green",
                    "is_late": late,
                    "acknowledged_late": acked and late and rnd.random() < 0.5,
                    "replied_late": done and late,
                    "next_alert_at": None,
                    "reopen_count": 0,
                    "stats_counted": k < n - pending,
                    "parent_id": pk - 1 if status == "merged" and k else None,
                    "repeat_of_id": None,
                    "repeat_count": 0,
                    "ledger_task_id": None,
                    "solved": (rnd.random() < 0.85) if rated else None,
                    "satisfaction": rnd.randint(1, 5) if rated else None,
                    "callback_at": created + timedelta(days=5) if rated else None,
                }
                if status == "merged" and not k:
                    values["status"] = "submitted"
                copy.write_row([values[c] for c in columns])
                if dispatched:
                    lead = rnd.choice(units_by_region.get(region) or all_units)
                    link_rows.append((pk, lead, "lead", status != "merged", created))
                    helper = rnd.choice(all_units)
                    if rnd.random() < 0.2 and helper != lead:
                        link_rows.append((pk, helper, "cooperating", True, created))
        link_table = AppealUnit._meta.db_table
        with cursor.copy(  # type: ignore[attr-defined]
            f"COPY {link_table} (appeal_id, unit_id, role, is_active, assigned_at) FROM STDIN"
        ) as copy:
            for row in link_rows:
                copy.write_row(row)
        loaded = time.perf_counter() - t0
        print(f"loaded {n} appeals and {len(link_rows)} unit links by COPY in {loaded:.0f} s")
        t1 = time.perf_counter()
        for _, definition in dropped:
            cursor.execute(definition)
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
        print(f"rebuilt {len(dropped)} secondary indexes in {time.perf_counter() - t1:.0f} s")
        cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(f"VACUUM ANALYZE {AppealUnit._meta.db_table}")


def rebuild() -> None:
    from yingshang.appeals.statistics.cells import rebuild_cells
    from yingshang.appeals.statistics.models import AppealStatsCell

    t0 = time.perf_counter()
    written = rebuild_cells()
    print(
        f"statistics cells rebuilt from the counted appeals: {written} cells in {time.perf_counter() - t0:.0f} s "
        f"({AppealStatsCell.objects.count()} rows)"
    )


def time_requests(rounds: int, goal_ms: float = 200) -> bool:
    from django.test import Client

    from yingshang.appeals.models import Appeal
    from yingshang.core.models import Region, Unit, User

    city = Region.objects.get(parent__isnull=True)
    office = User.objects.filter(username="bench_scale_office").first() or User.objects.create_user(
        username="bench_scale_office",
        password=None,
        role=User.Role.OFFICE_ADMIN,
        region=city,
        display_name="压测营商办",
    )
    unit = Unit.objects.filter(region__parent=city).first()
    assert unit is not None
    unit_user = User.objects.filter(username="bench_scale_unit").first() or User.objects.create_user(
        username="bench_scale_unit",
        password=None,
        role=User.Role.UNIT_STAFF,
        unit=unit,
        region=unit.region,
        display_name="压测单位",
    )
    clients = {"office": Client(), "unit": Client()}
    clients["office"].force_login(office)
    clients["unit"].force_login(unit_user)
    sample = Appeal.objects.order_by("-pk").values("tracking_code", "contact_phone", "enterprise_name")[500]
    deep = clients["office"].get("/api/v1/appeals/?limit=50&offset=1000").json()["next_cursor"]
    for _ in range(18):  # follow the cursor well past the offset cap
        deep = clients["office"].get(f"/api/v1/appeals/?limit=50&cursor={deep}").json()["next_cursor"]
    near_end = max(0, Appeal.objects.count() - 100_000)
    marker = Appeal.objects.order_by("created_at").values_list("created_at", "pk")[near_end : near_end + 1]
    from yingshang.core.pagination import encode_cursor

    very_deep = encode_cursor(*marker[0]) if marker else deep
    cases = [
        ("statistics API (office, all regions)", "office", "/api/v1/appeals/stats"),
        ("statistics page (office)", "office", "/appeals/stats/"),
        ("statistics API (unit)", "unit", "/api/v1/appeals/stats"),
        ("list API, first page", "office", "/api/v1/appeals/?limit=50"),
        ("list page, first page", "office", "/appeals/"),
        ("list API, page after offset 1,950 (cursor)", "office", f"/api/v1/appeals/?limit=50&cursor={deep}"),
        (
            "list API, page at row ~100,000 from the end (cursor)",
            "office",
            f"/api/v1/appeals/?limit=50&cursor={very_deep}",
        ),
        ("list API, offset=900000 (refused, 422)", "office", "/api/v1/appeals/?limit=50&offset=900000"),
        ("q= company name", "office", f"/api/v1/appeals/?limit=50&q={sample['enterprise_name']}"),
        (
            "list page, q= company name (office, with its queue)",
            "office",
            f"/appeals/?q={sample['enterprise_name']}",
        ),
        ("q= phone", "office", f"/api/v1/appeals/?limit=50&q={sample['contact_phone']}"),
        ("q= tracking code", "office", f"/api/v1/appeals/?limit=50&q={sample['tracking_code']}"),
        ("q= words (排污许可证延续)", "office", "/api/v1/appeals/?limit=50&q=排污许可证延续"),
        ("q= two characters (噪音)", "office", "/api/v1/appeals/?limit=50&q=噪音"),
        ("q= rare words (no match: 无此内容的诉求)", "office", "/api/v1/appeals/?limit=50&q=无此内容的诉求"),
    ]
    ok = True
    print(f"{'request':58} {'p50':>7} {'p95':>7} {'max':>7}  (ms, {rounds} rounds)")
    for label, who, path in cases:
        client = clients[who]
        client.get(path)  # warm
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            r = client.get(path)
            times.append(time.perf_counter() - t0)
            assert r.status_code in (200, 422), (path, r.status_code, r.content[:300])
        p95 = pct(times, 95)
        ok &= p95 < goal_ms
        print(f"{label:58} {pct(times, 50):7.1f} {p95:7.1f} {max(times) * 1000:7.1f}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--pending", type=int, default=2000)
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    import os

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL=postgres://… is required (the figures are for PostgreSQL)")
    setup_django(False, prefix="appeals-scale-")
    if not args.skip_load:
        load(args.appeals, args.pending)
        rebuild()
    from yingshang.appeals.models import Appeal

    print(
        f"appeals: {Appeal.objects.count()}, not folded yet: {Appeal.objects.filter(stats_counted=False).count()}"
    )
    print("goal (p95 < 200 ms each): " + ("met" if time_requests(args.rounds) else "NOT met"))


if __name__ == "__main__":
    main()
