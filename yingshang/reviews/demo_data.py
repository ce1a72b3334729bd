"""Demo 好差评: windows of the county's government service hall, matters with monthly volumes, about 360
ratings over the last six months, and bad ratings in every state. Every timestamp lies in the past and
in order (issued → rated → verified → rectified → fed back → followed up)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingshang.core.events import events_dated
from yingshang.reviews import services
from yingshang.reviews.models import BadRatingCase, ServiceMatter, ServicePoint, VisitToken

WINDOWS = [
    ("county:市场监督管理局", "综合受理1号窗口", "window"),
    ("county:市场监督管理局", "综合受理2号窗口", "window"),
    ("county:市场监督管理局", "食品经营许可窗口", "window"),
    ("county:行政审批和政务服务局", "企业开办专区窗口", "window"),
    ("county:住房和城乡建设局", "工程建设项目审批窗口", "window"),
    ("county:税务局", "办税服务厅", "hall"),
    ("county:行政审批和政务服务局", "政务服务大厅自助终端", "kiosk"),
]
MATTERS = [
    ("county:市场监督管理局", "150525-SJ-001", "企业设立登记"),
    ("county:市场监督管理局", "150525-SJ-002", "企业变更登记"),
    ("county:市场监督管理局", "150525-SJ-003", "食品经营许可"),
    ("county:行政审批和政务服务局", "150525-SP-001", "企业开办一件事"),
    ("county:住房和城乡建设局", "150525-ZJ-001", "建筑工程施工许可"),
    ("county:税务局", "150525-SW-001", "发票领用"),
]
TEXTS_GOOD = ["办事很快，工作人员很耐心", "一次就办好了", "指导很清楚", ""]
TEXTS_BAD = ["排队等了两个小时", "材料要求前后说法不一致", "工作人员态度生硬", "窗口中午无人"]
RATINGS = 360


def build(cast: Any, log: Callable[[str], None]) -> None:
    if ServicePoint.objects.filter(name=WINDOWS[0][1]).exists():
        log("好差评：演示数据已存在，跳过")
        return
    with transaction.atomic():
        made, cases = _make(cast)
    log(f"好差评：{len(WINDOWS)} 个评价点位，{made} 条评价，{cases} 件差评")


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)) + timedelta(minutes=rng.randint(0, 480)))


def _make(cast: Any) -> tuple[int, int]:
    rng = random.Random(16)
    office = cast.users["office"]
    staff = cast.users["unitstaff"]
    points = [
        services.create_point(actor=office, unit=cast.units[u], name=name, kind=kind)
        for u, name, kind in WINDOWS
    ]
    matters = {
        u: [
            m
            for m in (
                services.create_matter(actor=office, unit=cast.units[uu], code=c, name=n)
                for uu, c, n in MATTERS
                if uu == u
            )
        ]
        for u in {m[0] for m in MATTERS}
    }
    today = timezone.localdate()
    start = today - timedelta(days=180)
    days = sorted(start + timedelta(days=rng.randint(0, 170)) for _ in range(RATINGS))
    for matter in ServiceMatter.objects.all():
        for back in range(6):
            month = (today.replace(day=1) - timedelta(days=28 * back)).replace(day=1)
            services.record_volume(actor=office, matter=matter, month=month, handled=rng.randint(80, 160))
    made = 0
    for i, day in enumerate(days):
        point = points[i % len(points)]
        when = _at(day, rng)
        unit_key = next(u for u, name, _ in WINDOWS if name == point.name)
        # The 办税服务厅 has a suspiciously high share of 非常满意 (flagged for the office, still counted).
        level = 5 if point.kind == "hall" else rng.choices([5, 4, 3, 2, 1], weights=[52, 28, 10, 6, 4])[0]
        data = services.RatingInput(
            level=level,
            scores={"attitude": max(1, min(5, level + rng.choice([-1, 0, 0, 1])))},
            text=rng.choice(TEXTS_BAD if level <= 2 else TEXTS_GOOD),
        )
        door: dict[str, str]
        if point.kind == "kiosk":
            door = {"kiosk_key": point.kiosk_key}
        else:
            candidates: list[ServiceMatter | None] = [*matters.get(unit_key, [])] or [None]
            token = services.issue_visit_token(actor=office, point=point, matter=rng.choice(candidates))
            VisitToken.objects.filter(pk=token.pk).update(
                issued_at=when - timedelta(minutes=rng.randint(5, 40))
            )
            door = {"point_key": point.public_key, "token": token.code}
        with events_dated(when):
            services.submit_rating(actor=None, data=data, network=f"demo-{i}", now=when, **door)
        made += 1
    _move_cases(cast, staff, office, rng, today)
    return made, BadRatingCase.objects.count()


def _move_cases(cast: Any, staff: Any, office: Any, rng: random.Random, today: date) -> None:
    """The market regulator's cases go through every state; the older a case, the further it went."""
    market = cast.units["county:市场监督管理局"]
    cases = list(BadRatingCase.objects.filter(unit=market).select_related("rating").order_by("opened_at"))
    fates = ["closed", "fed_back", "voided", "rectified", "rejected", "rectifying", "appealed", "verifying"]
    for n, case in enumerate(cases):
        fate = fates[min(n * len(fates) // max(len(cases), 1), len(fates) - 1)]
        # The newest few stay 待核实 whatever their slot (one of them overdue, red).
        t = case.opened_at + timedelta(hours=rng.randint(2, 20))
        if fate == "verifying":
            continue
        if fate in ("appealed", "voided", "rejected"):
            with events_dated(t):
                appeal = services.appeal_rating(
                    actor=staff,
                    case=case,
                    reason="评价人当日未在本窗口办理业务",
                    evidence="叫号记录与监控录像",
                )
            if fate != "appealed":
                t += timedelta(days=1)
                with events_dated(t):
                    services.decide_rating_appeal(
                        actor=office,
                        appeal=appeal,
                        uphold=fate == "voided",
                        reason="经调取叫号记录核实，评价人当日未办理业务"
                        if fate == "voided"
                        else "证据不足以认定评价不实",
                    )
            continue
        with events_dated(t):
            services.verify_case(
                actor=staff, case=case, note="经核实，情况属实", complexity=rng.choice(["simple", "complex"])
            )
        if fate == "rectifying":
            continue
        t += timedelta(hours=rng.randint(3, 30))
        with events_dated(t):
            services.rectify_case(
                actor=staff, case=case, text="已对窗口人员进行服务规范培训，并调整午间值守安排"
            )
        BadRatingCase.objects.filter(pk=case.pk).update(
            rectified_at=t, rectified_late=t.date() > case.due_date
        )
        if fate == "rectified":
            continue
        t += timedelta(hours=rng.randint(1, 8))
        with events_dated(t):
            services.feed_back_case(actor=staff, case=case, text="感谢您的监督，问题已整改，欢迎再次评价")
        BadRatingCase.objects.filter(pk=case.pk).update(fed_back_at=t)
        if fate == "fed_back":
            continue
        t += timedelta(days=1)
        with events_dated(t):
            services.follow_up_case(case=case, level=rng.choice([3, 4, 5]), text="有改进")
    services.sweep_cases()
