"""Golden cases of the payment clock and late interest, each figure worked out by hand in the comment."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from yingshang.arrears.calculator import CalculationError, Payment, Rule, calculate, round_fen, rule_on

ORDER_728 = Rule(date(2020, 9, 1), 30, 60, D("0.0005"), "国务院令第728号")
# A made-up later rule with another rate, so the tests can tell which rule a case was judged by.
LATER = Rule(date(2025, 6, 1), 30, 60, D("0.0004"), "later")
RULES = (ORDER_728, LATER)


def test_default_term_and_interest_on_whole_amount() -> None:
    # 2025-06-10 + 30 days = 2025-07-10; 2025-07-11 .. 2025-08-09 = 30 days overdue;
    # 100,000.00 × 0.0004 × 30 = 1,200.00 (LATER is in force on 2025-06-10).
    r = calculate(amount=D("100000.00"), delivered_on=date(2025, 6, 10), as_of=date(2025, 8, 9), rules=RULES)
    assert r.due_date == date(2025, 7, 10)
    assert r.term_days == 30
    assert r.days_overdue == 30
    assert r.rule is LATER
    assert r.interest == D("1200.00")
    assert [line.days for line in r.lines] == [30]


def test_rule_in_force_on_the_clock_start_day() -> None:
    # Delivered the day before LATER: 728's rate 0.0005. 2025-05-31 + 30 = 2025-06-30;
    # 2025-07-01 .. 2025-07-10 = 10 days; 10,000.00 × 0.0005 × 10 = 50.00.
    r = calculate(amount=D("10000.00"), delivered_on=date(2025, 5, 31), as_of=date(2025, 7, 10), rules=RULES)
    assert r.rule is ORDER_728
    assert r.due_date == date(2025, 6, 30)
    assert r.interest == D("50.00")
    assert rule_on(RULES, date(2025, 6, 1)) is LATER


def test_partial_payments_disputed_part_acceptance_and_agreed_term() -> None:
    # Undisputed 200,000.00 − 50,000.00 = 150,000.00. Accepted 2025-07-11 (not delivery 07-01) + 45 days
    # = 2025-08-25. 08-20 pays 30,000.00 before the due date: balance 120,000.00.
    # 08-26 .. 09-04 = 10 days × 120,000.00 × 0.0004 = 480.00; 09-04 pays 40,000.00: balance 80,000.00.
    # 09-05 .. 09-30 = 26 days × 80,000.00 × 0.0004 = 832.00. Total 1,312.00; 36 days overdue.
    r = calculate(
        amount=D("200000.00"),
        disputed=D("50000.00"),
        delivered_on=date(2025, 7, 1),
        accepted_on=date(2025, 7, 11),
        agreed_term_days=45,
        as_of=date(2025, 9, 30),
        rules=RULES,
        payments=[Payment(date(2025, 9, 4), D("40000.00")), Payment(date(2025, 8, 20), D("30000.00"))],
    )
    assert r.clock_start == date(2025, 7, 11)
    assert r.due_date == date(2025, 8, 25)
    assert [(line.days, line.balance, line.interest) for line in r.lines] == [
        (10, D("120000.00"), D("480.00")),
        (26, D("80000.00"), D("832.00")),
    ]
    assert r.interest == D("1312.00")
    assert r.outstanding == D("80000.00")
    assert r.days_overdue == 36
    assert "逾期利息合计：1,312.00 元" in r.working()


def test_agreed_term_above_sixty_days_is_cut_to_sixty() -> None:
    # 2025-01-15 + 60 = 2025-03-16 (16 days of January, 28 of February, 16 of March).
    r = calculate(
        amount=D("1000.00"),
        delivered_on=date(2025, 1, 15),
        agreed_term_days=90,
        as_of=date(2025, 3, 1),
        rules=RULES,
    )
    assert r.term_capped and r.term_days == 60
    assert r.due_date == date(2025, 3, 16)
    assert r.days_overdue == 0 and r.interest == D("0")


def test_agreed_rate_replaces_the_statutory_rate() -> None:
    # 2025-02-01 + 30 = 2025-03-03; 03-04 .. 03-23 = 20 days; 50,000.00 × 0.0003 × 20 = 300.00.
    r = calculate(
        amount=D("50000.00"),
        delivered_on=date(2025, 2, 1),
        agreed_daily_rate=D("0.0003"),
        as_of=date(2025, 3, 23),
        rules=RULES,
    )
    assert r.due_date == date(2025, 3, 3)
    assert r.rate_is_agreed and r.interest == D("300.00")


@pytest.mark.parametrize(
    ("amount", "days", "interest"),
    [
        # 1.00 × 0.0005 × 10 = 0.005 → 0.01 (half up, not to even)
        ("1.00", 10, "0.01"),
        # 3.00 × 0.0005 × 1 = 0.0015 → 0.00
        ("3.00", 1, "0.00"),
        # 12,345.67 × 0.0005 × 3 = 18.518505 → 18.52
        ("12345.67", 3, "18.52"),
        # 12,345.67 × 0.0005 × 1 = 6.172835 → 6.17
        ("12345.67", 1, "6.17"),
    ],
)
def test_rounding_to_the_fen_half_up(amount: str, days: int, interest: str) -> None:
    # ORDER_728 in force: delivered 2024-01-01, due 2024-01-31.
    r = calculate(
        amount=D(amount),
        delivered_on=date(2024, 1, 1),
        as_of=date(2024, 1, 31) + timedelta(days=days),
        rules=RULES,
    )
    assert r.days_overdue == days
    assert r.interest == D(interest)
    assert round_fen(D("0.005")) == D("0.01")


def test_paid_in_full_late_stops_interest_and_overdue_days() -> None:
    # Due 2024-01-31; paid in full 2024-02-05: 5 days × 8,000.00 × 0.0005 = 20.00; nothing after.
    r = calculate(
        amount=D("8000.00"),
        delivered_on=date(2024, 1, 1),
        as_of=date(2024, 6, 1),
        rules=RULES,
        payments=[Payment(date(2024, 2, 5), D("8000.00"))],
    )
    assert r.interest == D("20.00")
    assert r.outstanding == D("0") and r.days_overdue == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": D("-1.00")}, "amount"),
        ({"amount": D("1.001")}, "amount"),
        ({"disputed": D("2000.00")}, "disputed"),
        ({"payments": [Payment(date(2024, 3, 1), D("1000.01"))]}, "payments"),
        ({"payments": [Payment(date(2023, 12, 31), D("1.00"))]}, "payments"),
        ({"accepted_on": date(2023, 12, 1)}, "accepted_on"),
        ({"agreed_term_days": -1}, "agreed_term_days"),
        ({"delivered_on": date(2019, 1, 1)}, "delivered_on"),
    ],
)
def test_bad_input_is_refused_with_its_field(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "amount": D("1000.00"),
        "delivered_on": date(2024, 1, 1),
        "as_of": date(2024, 6, 1),
        "rules": RULES,
    }
    args.update(kwargs)
    with pytest.raises(CalculationError) as exc:
        calculate(**args)  # type: ignore[arg-type]
    assert exc.value.field == field


@pytest.mark.django_db
def test_seeded_parameters_follow_the_regulation_text() -> None:
    """保障中小企业款项支付条例 as revised by order 802 (in force 2025-06-01): 30 days, at most 60 by
    contract (第九条), and late interest, where the contract names no rate, at 万分之五 a day (第十七条),
    the same rate as the 2020 text. The seeded rows hold exactly these figures."""
    from yingshang.arrears.services.common import rules

    seeded = {(r.effective_from, r.default_term_days, r.max_term_days, r.daily_rate) for r in rules()}
    assert seeded == {
        (date(2020, 9, 1), 30, 60, D("0.0005")),
        (date(2025, 6, 1), 30, 60, D("0.0005")),
    }
    # 10,000.00 × 0.0005 = 5.00 a day under the 2025 row.
    r = calculate(amount=D("10000.00"), delivered_on=date(2025, 6, 1), as_of=date(2025, 7, 2), rules=rules())
    assert r.due_date == date(2025, 7, 1) and r.days_overdue == 1 and r.interest == D("5.00")
    assert "802" in r.rule.source
