"""make_* helpers of the policies tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from yingshang.policies import services
from yingshang.policies.models import Clause, Policy

RULE = """# 小微企业新增设备投资补助
eligible = all(
  企业规模 in ["小型", "微型"],
  "奈曼旗" in regions,
  not has_tax_arrears,
  equipment_investment >= $min_investment
)
benefit = min(equipment_investment * 10%, 2000000)
"""


def make_policy(cast: Any, *, rule: str = RULE, publish: bool = False, **kw: Any) -> Policy:
    policy = services.create_policy(
        actor=cast.office,
        title=kw.pop("title", "关于支持小微企业设备更新的若干措施"),
        doc_number="奈政发〔2026〕3号",
        issuer="奈曼旗人民政府",
        issue_date=date(2026, 1, 5),
        valid_from=date(2026, 1, 1),
        valid_until=date(2027, 12, 31),
        responsible_unit=cast.lead_unit,
        region=cast.county,
        **kw,
    )
    services.set_parameter(
        actor=cast.office,
        policy=policy,
        name="min_investment",
        label="最低新增设备投资额",
        values=[["2026-01-01", "500000"], ["2026-07-01", "1000000"]],
    )
    clause = services.save_clause(
        actor=cast.office,
        policy=policy,
        title="新增设备投资补助",
        benefit_text="按新增设备投资额的10%给予补助，最高不超过200万元",
        rule=rule,
        attachments=["设备购置发票"],
    )
    add_cases(cast, clause)
    if publish:
        services.publish_policy(actor=cast.office, policy=policy)
    return policy


def add_cases(cast: Any, clause: Clause) -> None:
    services.add_test_case(
        actor=cast.office,
        clause=clause,
        name="小型企业投资300万",
        facts={
            "size_class": "小型",
            "regions": "奈曼旗",
            "has_tax_arrears": "否",
            "equipment_investment": "3000000",
        },
        on_date=date(2026, 8, 1),
        expected="eligible",
        expected_amount=None,
    )
    services.add_test_case(
        actor=cast.office,
        clause=clause,
        name="大型企业",
        facts={"size_class": "大型"},
        on_date=date(2026, 8, 1),
        expected="not_eligible",
    )
