"""The statutory payment clock and late interest (保障中小企业款项支付条例), as pure functions.

No Django here: the rules come in as `Rule` values (the app reads them from its dated-parameter table,
`arrears.StatutoryRule`), so a case is judged by the rule in force on the day its payment clock starts.

- The clock starts on the day of acceptance (检验或者验收合格之日) when there is one, else on delivery.
- Terms are calendar days, not working days. A case with no agreed term gets the rule's default term
  (30 days); an agreed term longer than the rule's maximum (60 days) is cut to the maximum.
- Late interest runs on the undisputed amount still unpaid after the due date, day by day: a payment
  stops interest on what it pays from its own date. Each stretch between two balance changes is one
  line of the working: days × balance × daily rate, rounded to the fen (0.01) half up; the total is
  the sum of the lines, so the working adds up to the figure shown.
- The agreed daily rate is used when the contract has one, else the rule's statutory daily rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
ZERO = Decimal("0")


class CalculationError(ValueError):
    """Input the calculator refuses; `field` names the input, the message is shown to the user."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Rule:
    """The statutory parameters in force from `effective_from` until the next rule."""

    effective_from: date
    default_term_days: int
    max_term_days: int
    daily_rate: Decimal
    source: str = ""


@dataclass(frozen=True)
class Payment:
    paid_on: date
    amount: Decimal


@dataclass(frozen=True)
class InterestLine:
    start: date  # first day of the stretch that bears interest
    end: date  # last day of the stretch
    days: int
    balance: Decimal
    rate: Decimal
    interest: Decimal

    def describe(self) -> str:
        return (
            f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}，{self.days} 日 × {self.balance:,.2f} 元 × "
            f"日利率 {_rate_text(self.rate)} = {self.interest:,.2f} 元"
        )


@dataclass(frozen=True)
class Result:
    clock_start: date
    from_acceptance: bool
    term_days: int
    term_capped: bool
    due_date: date
    days_overdue: int
    undisputed: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue_outstanding: Decimal
    rate: Decimal
    rate_is_agreed: bool
    interest: Decimal
    rule: Rule
    lines: tuple[InterestLine, ...] = field(default_factory=tuple)

    def working(self) -> list[str]:
        """The steps in Chinese, as the calculator page and the case page show them."""
        start_kind = "验收合格" if self.from_acceptance else "交付"
        out = [
            f"适用规则：{self.rule.source or '款项支付规则'}（{self.rule.effective_from:%Y-%m-%d} 起施行）",
            f"起算日：{self.clock_start:%Y-%m-%d}（{start_kind}之日）",
        ]
        if self.term_capped:
            out.append(f"约定付款期限超过法定上限，按 {self.term_days} 日计")
        else:
            out.append(f"付款期限：{self.term_days} 日（自然日）")
        out.append(f"法定付款期限届满日：{self.due_date:%Y-%m-%d}")
        out.append(f"逾期天数：{self.days_overdue} 日")
        out.append(
            f"无争议金额 {self.undisputed:,.2f} 元，已付 {self.paid:,.2f} 元，尚欠 {self.outstanding:,.2f} 元"
        )
        kind = "合同约定" if self.rate_is_agreed else "法定"
        out.append(f"逾期利息日利率：{_rate_text(self.rate)}（{kind}）")
        out.extend(line.describe() for line in self.lines)
        out.append(f"逾期利息合计：{self.interest:,.2f} 元")
        return out


def _rate_text(rate: Decimal) -> str:
    text = format(rate.normalize(), "f")
    return text


def rule_on(rules: Sequence[Rule], day: date) -> Rule:
    """The rule in force on `day`: the latest whose effective date is not after it."""
    in_force = [r for r in rules if r.effective_from <= day]
    if not in_force:
        raise CalculationError(f"{day:%Y-%m-%d} 没有适用的款项支付规则。", field="delivered_on")
    return max(in_force, key=lambda r: r.effective_from)


def round_fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _check_amount(value: Decimal, name: str, label: str) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise CalculationError(f"{label}必须是数字。", field=name)
    if value < 0:
        raise CalculationError(f"{label}不能为负数。", field=name)
    if value != round_fen(value):
        raise CalculationError(f"{label}最多保留两位小数(分)。", field=name)


def calculate(
    *,
    amount: Decimal,
    delivered_on: date,
    as_of: date,
    rules: Sequence[Rule],
    accepted_on: date | None = None,
    disputed: Decimal = ZERO,
    agreed_term_days: int | None = None,
    agreed_daily_rate: Decimal | None = None,
    payments: Sequence[Payment] = (),
) -> Result:
    """Due date, days overdue and late interest of one debt as of `as_of`, with the lines it adds up from."""
    _check_amount(amount, "amount", "合同金额")
    _check_amount(disputed, "disputed", "争议金额")
    if disputed > amount:
        raise CalculationError("争议金额不能超过合同金额。", field="disputed")
    if accepted_on is not None and accepted_on < delivered_on:
        raise CalculationError("验收日期不能早于交付日期。", field="accepted_on")
    if agreed_term_days is not None and agreed_term_days < 0:
        raise CalculationError("约定付款期限不能为负数。", field="agreed_term_days")
    if agreed_daily_rate is not None and (not agreed_daily_rate.is_finite() or agreed_daily_rate < 0):
        raise CalculationError("约定日利率不能为负数。", field="agreed_daily_rate")
    for p in payments:
        _check_amount(p.amount, "payments", "付款金额")
        if p.paid_on < delivered_on:
            raise CalculationError("付款日期不能早于交付日期。", field="payments")
    undisputed = amount - disputed
    paid = sum((p.amount for p in payments), ZERO)
    if paid > undisputed:
        raise CalculationError("已付金额超过无争议金额。", field="payments")

    clock_start = accepted_on or delivered_on
    rule = rule_on(rules, clock_start)
    term = rule.default_term_days if agreed_term_days is None else agreed_term_days
    capped = term > rule.max_term_days
    term = min(term, rule.max_term_days)
    due = clock_start + timedelta(days=term)
    rate = rule.daily_rate if agreed_daily_rate is None else agreed_daily_rate

    balance = undisputed
    lines: list[InterestLine] = []
    cursor = due  # interest is counted for the days after it
    # Payments up to the due date are simply deducted; later ones end a stretch of interest.
    for p in sorted(payments, key=lambda p: p.paid_on):
        if p.paid_on > as_of:
            continue
        if p.paid_on > cursor:
            _add_line(lines, cursor, p.paid_on, balance, rate)
            cursor = p.paid_on
        balance -= p.amount
    if as_of > cursor:
        _add_line(lines, cursor, as_of, balance, rate)
    paid_by_now = sum((p.amount for p in payments if p.paid_on <= as_of), ZERO)
    outstanding = undisputed - paid_by_now
    return Result(
        clock_start=clock_start,
        from_acceptance=accepted_on is not None,
        term_days=term,
        term_capped=capped,
        due_date=due,
        days_overdue=max((as_of - due).days, 0) if outstanding > 0 else 0,
        undisputed=undisputed,
        paid=paid_by_now,
        outstanding=outstanding,
        overdue_outstanding=outstanding if as_of > due else ZERO,
        rate=rate,
        rate_is_agreed=agreed_daily_rate is not None,
        interest=sum((line.interest for line in lines), ZERO),
        rule=rule,
        lines=tuple(lines),
    )


def _add_line(lines: list[InterestLine], after: date, until: date, balance: Decimal, rate: Decimal) -> None:
    """Interest for the days after `after` up to and including `until` on `balance`."""
    days = (until - after).days
    if days <= 0 or balance <= 0:
        return
    lines.append(
        InterestLine(
            start=after + timedelta(days=1),
            end=until,
            days=days,
            balance=balance,
            rate=rate,
            interest=round_fen(balance * rate * days),
        )
    )
