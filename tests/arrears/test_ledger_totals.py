"""The ledger's totals (overall, by debtor, by region) equal a straightforward sum over the cases, whatever
the grouping the selector uses to compute them quickly."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.arrears.helpers import make_case
from yingshang.arrears import selectors, services
from yingshang.arrears.models import ArrearsCase

pytestmark = pytest.mark.django_db


def straightforward(cases: list[ArrearsCase], key: str) -> dict[Any, dict[str, Any]]:
    today = timezone.localdate()
    out: dict[Any, dict[str, Any]] = defaultdict(lambda: defaultdict(lambda: 0))
    for c in cases:
        row = out[getattr(c, key)]
        late = c.status == "open" and c.due_date < today
        row["cases"] += 1
        row["open_cases"] += c.status == "open"
        row["overdue_cases"] += late
        row["settled"] += c.status == "settled"
        row["owed"] += c.amount
        row["paid"] += c.paid_amount
        row["open_owed"] += c.outstanding if c.status == "open" else 0
        row["overdue_owed"] += c.outstanding if late else 0
    return out


def mixed_cases(c: Any) -> None:
    recent = timezone.localdate() - timedelta(days=5)  # not yet due
    old = date(2025, 6, 10)  # long overdue
    specs = [
        (c.lead_unit, "10000.00", "0", old, None),
        (c.lead_unit, "2500.55", "500.05", old, "300.10"),
        (c.lead_unit, "777.77", "0", recent, "77.77"),
        (c.coop_unit, "12345.67", "0", old, "settle"),
        (c.coop_unit, "900.00", "0", recent, None),
        (c.coop_unit, "50.01", "0", old, "close"),
        (c.other_unit, "3333.33", "333.33", old, "1000.00"),
    ]
    for i, (debtor, amount, disputed, delivered, action) in enumerate(specs):
        case = make_case(
            c,
            debtor=debtor,
            contract_no=f"T-{i}",
            amount=amount,
            disputed_amount=disputed,
            delivered_on=delivered,
        )
        if action == "settle":
            services.record_payment(
                actor=c.office, case=case, paid_on=timezone.localdate(), amount=case.outstanding
            )
        elif action == "close":
            services.close_case(actor=c.office, case=case, reason="重复登记")
        elif action:
            services.record_payment(actor=c.office, case=case, paid_on=timezone.localdate(), amount=action)


def test_totals_equal_a_straightforward_sum(cast: Any) -> None:
    mixed_cases(cast)
    cases = list(ArrearsCase.objects.all())
    assert {c.status for c in cases} == {"open", "settled", "closed"}
    result = selectors.ledger_totals(selectors.visible_cases(cast.office))
    for key, rows in (("debtor_id", result.by_debtor), ("region_id", result.by_region)):
        expected = straightforward(cases, key)
        assert {r["id"]: {f: r[f] for f in selectors.FIGURES} for r in rows} == {
            k: {f: v[f] for f in selectors.FIGURES} for k, v in expected.items()
        }
    overall = straightforward(cases, "status")  # summed over every status
    assert result.total == {f: sum(v[f] for v in overall.values()) for f in selectors.FIGURES}
    assert result.total["open_owed"] == Decimal("10000.00") + Decimal("1700.40") + Decimal(
        "700.00"
    ) + Decimal("900.00") + Decimal("2000.00")


def test_ledger_page_prints_the_straightforward_totals(cast: Any) -> None:
    mixed_cases(cast)
    cases = list(ArrearsCase.objects.all())
    s = straightforward(cases, "region_id")
    owed = sum(v["owed"] for v in s.values())
    paid = sum(v["paid"] for v in s.values())
    open_owed = sum(v["open_owed"] for v in s.values())
    late = sum(v["overdue_cases"] for v in s.values())
    page = cast.client("office").get("/arrears/").content.decode()
    assert (
        f"共 {len(cases)} 件，已清偿 1 件，逾期未清偿 {late} 件；欠款金额 {owed:,.2f} 元，已付 {paid:,.2f} 元，"
        f"尚欠 {open_owed:,.2f} 元。"
    ) in page
    # The overdue filter counts the same cases the totals call overdue.
    overdue_page = cast.client("office").get("/arrears/?overdue=1").content.decode()
    assert overdue_page.count('data-testid="case-row"') == late == 3
