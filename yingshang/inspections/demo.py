"""Demo data: items and inspectors of two county departments, each department's annual plan, and a
joint plan drawn, published and inspected (one problem rectified and closed), results published."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yingshang.core.demo import Cast
from yingshang.core.models import Enterprise
from yingshang.inspections import services
from yingshang.inspections.models import InspectionItem, Inspector, Outcome, Plan, Rectification

JOINT_TITLE = "2026年市场监管与发改联合双随机抽查"
SEED_SOURCE = "抽取当日中国福利彩票双色球开奖号码(按开奖公告原样录入)"
DEMO_RATES = {"A": 2000, "B": 5000, "C": 5000, "D": 10000}


def _items(cast: Cast) -> dict[str, InspectionItem]:
    office = cast.users["office"]
    market = cast.units["county:市场监督管理局"]
    reform = cast.units["county:发展和改革委员会"]
    wanted = [
        (
            "SC-2026-01",
            "食品经营许可事项检查",
            market,
            "《中华人民共和国食品安全法》第三十五条",
            "key",
            "现场检查",
        ),
        (
            "SC-2026-02",
            "计量器具使用情况检查",
            market,
            "《中华人民共和国计量法》第九条",
            "general",
            "现场检查",
        ),
        (
            "FG-2026-01",
            "固定资产投资项目节能审查意见落实情况检查",
            reform,
            "《固定资产投资项目节能审查办法》",
            "general",
            "书面检查",
        ),
    ]
    out: dict[str, InspectionItem] = {}
    for code, name, unit, basis, level, method in wanted:
        item = InspectionItem.objects.filter(code=code).first() or services.create_item(
            actor=office, code=code, name=name, department=unit, legal_basis=basis, level=level, method=method
        )
        out[code] = item
    return out


def _inspectors(cast: Cast, items: dict[str, InspectionItem]) -> None:
    office = cast.users["office"]
    county = cast.regions["county"]
    people = [
        ("15052001", "刘科员", "county:市场监督管理局", ["SC-2026-01", "SC-2026-02"], "unitstaff"),
        ("15052002", "周执法", "county:市场监督管理局", ["SC-2026-01", "SC-2026-02"], None),
        ("15052003", "吴执法", "county:市场监督管理局", ["SC-2026-01", "SC-2026-02"], None),
        ("15052101", "陈科员", "county:发展和改革委员会", ["FG-2026-01"], "coopstaff"),
        ("15052102", "郑执法", "county:发展和改革委员会", ["FG-2026-01"], None),
        ("15052103", "孙执法", "county:发展和改革委员会", ["FG-2026-01"], None),
    ]
    for code, name, unit, quals, username in people:
        if not Inspector.objects.filter(code=code).exists():
            services.create_inspector(
                actor=office,
                code=code,
                name=name,
                department=cast.units[unit],
                region=county,
                qualifications=[items[q] for q in quals],
                user=cast.users[username] if username else None,
            )


def _plan(cast: Cast, title: str, username: str, unit: str, items: list[InspectionItem]) -> Plan:
    existing = Plan.objects.filter(title=title).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    return services.create_plan(
        actor=cast.users[username],
        title=title,
        year=today.year,
        region=cast.regions["county"],
        lead_unit=cast.units[unit],
        items=items,
        rates=DEMO_RATES,
        scheduled_on=today,
        seed_source=SEED_SOURCE,
    )


def load_inspections_demo(cast: Cast, log: Callable[[str], None]) -> None:
    if not Enterprise.objects.filter(region__tree_path__startswith=cast.regions["county"].tree_path).exists():
        return
    items = _items(cast)
    _inspectors(cast, items)
    office = cast.users["office"]
    market = _plan(
        cast,
        "2026年市场监管局年度双随机抽查计划",
        "unitstaff",
        "county:市场监督管理局",
        [items["SC-2026-02"]],
    )
    if market.status == "draft":
        services.submit_plan(actor=cast.users["unitstaff"], plan=market)
        services.approve_plan(actor=office, plan=market)
        services.announce_plan(actor=office, plan=market)
    reform = _plan(
        cast, "2026年发改委年度双随机抽查计划", "coopstaff", "county:发展和改革委员会", [items["FG-2026-01"]]
    )
    if reform.status == "draft":
        services.submit_plan(actor=cast.users["coopstaff"], plan=reform)
    joint = _plan(
        cast, JOINT_TITLE, "unitstaff", "county:市场监督管理局", [items["SC-2026-01"], items["FG-2026-01"]]
    )
    if joint.status != "draft":
        return
    services.submit_plan(actor=cast.users["unitstaff"], plan=joint)
    services.approve_plan(actor=office, plan=joint)
    services.announce_plan(actor=office, plan=joint)
    services.commit_draw(actor=office, plan=joint)
    services.enter_seed(actor=office, plan=joint, seed="05 11 16 22 27 30 + 12")
    services.publish_draw(actor=office, plan=joint)
    targets = list(joint.draw.targets.order_by("position"))
    staff = cast.users["unitstaff"]
    for n, target in enumerate(targets):
        if n == 0:
            services.record_result(
                actor=staff,
                target=target,
                outcome=Outcome.RECTIFY,
                findings="从业人员健康证明两份过期，责令限期整改。",
                inspected_on=timezone.localdate(),
                evidence=SimpleUploadedFile("现场检查记录.txt", "现场检查记录：健康证明过期2份。".encode()),
            )
            services.close_rectification(
                actor=staff,
                rectification=Rectification.objects.get(target=target),
                note="已补办健康证明并复查合格。",
            )
        else:
            services.record_result(
                actor=staff,
                target=target,
                outcome=Outcome.NO_PROBLEM,
                findings="",
                inspected_on=timezone.localdate(),
            )
        services.publish_result(actor=office, target=target)
    log(f"双随机：3个计划，联合抽查抽中{len(targets)}户并已公示结果")
