"""Pools and plans on top of the shared cast, moved to the stage a test needs."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from tests.makers import make_enterprise
from yingshang.inspections import services
from yingshang.inspections.models import InspectionItem, Inspector, Plan

SEED = "2026-12-05 双色球 03 07 12 19 25 31 + 09"


def pools(c: Any, *, enterprises: int = 24) -> dict[str, Any]:
    """Items of the lead unit (市场监管) and the cooperating unit (发改), three inspectors each, enterprises."""
    existing = InspectionItem.objects.filter(code="SC-01").first()
    if existing is not None:
        return {
            "sc": existing,
            "fg": InspectionItem.objects.get(code="FG-01"),
            "inspectors": list(Inspector.objects.order_by("code")),
        }
    sc = services.create_item(
        actor=c.office,
        code="SC-01",
        name="食品经营许可事项检查",
        department=c.lead_unit,
        legal_basis="食品安全法",
    )
    fg = services.create_item(
        actor=c.office, code="FG-01", name="节能审查意见落实检查", department=c.coop_unit
    )
    inspectors = []
    for n in range(3):
        inspectors.append(
            services.create_inspector(
                actor=c.office,
                code=f"SC{n:03d}",
                name=f"市场监管执法员{n}",
                department=c.lead_unit,
                region=c.county,
                qualifications=[sc],
                user=c.lead if n == 0 else None,
            )
        )
        inspectors.append(
            services.create_inspector(
                actor=c.office,
                code=f"FG{n:03d}",
                name=f"发改执法员{n}",
                department=c.coop_unit,
                region=c.county,
                qualifications=[fg],
                user=c.coop if n == 0 else None,
            )
        )
    for n in range(enterprises):
        make_enterprise(c.county, name=f"奈曼旗测试企业{n}", credit_tier="ABCD"[n % 4])
    return {"sc": sc, "fg": fg, "inspectors": inspectors}


def plan(
    c: Any, *, stage: str = "draft", joint: bool = True, special: bool = False, title: str = "联合抽查计划"
) -> Plan:
    p = pools(c)
    items = [p["sc"], p["fg"]] if joint else [p["sc"]]
    result = services.create_plan(
        actor=c.lead,
        title=title,
        year=timezone.localdate().year,
        region=c.county,
        lead_unit=c.lead_unit,
        items=items,
        rates={"A": 1000, "B": 2000, "C": 3000, "D": 5000},
        scheduled_on=timezone.localdate() + timedelta(days=7),
        seed_source="开奖当日中国福利彩票双色球开奖号码",
        special=special,
    )
    steps = ["submit", "approve", "announce", "commit", "draw", "publish"]
    if stage == "draft":
        return result
    for step in steps[: steps.index(stage) + 1]:
        if step == "submit":
            services.submit_plan(actor=c.lead, plan=result)
        elif step == "approve":
            services.approve_plan(actor=c.office, plan=result)
        elif step == "announce":
            services.announce_plan(actor=c.office, plan=result)
        elif step == "commit":
            services.commit_draw(actor=c.office, plan=result)
        elif step == "draw":
            services.enter_seed(actor=c.office, plan=result, seed=SEED)
        elif step == "publish":
            services.publish_draw(actor=c.office, plan=result)
    result.refresh_from_db()
    return result


def today() -> date:
    return timezone.localdate()
