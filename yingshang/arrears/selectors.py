"""Reads of the arrears app: who sees which case, the ledger with its totals, 清零 progress, disclosure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone

from yingshang.arrears import calculator
from yingshang.arrears.models import ArrearsCase, Breach, Promise
from yingshang.arrears.services.common import rules
from yingshang.arrears.transitions import DISCLOSED
from yingshang.core.access import region_q, visible_units
from yingshang.core.models import Region, Unit, User
from yingshang.core.visibility import Audience

Role = User.Role
S = ArrearsCase.Status
ZERO = Decimal("0")


def visible_cases(user: User) -> QuerySet[ArrearsCase]:
    """Office and leaders: their region; a unit: the cases it owes or supervises; an enterprise: its own."""
    qs = ArrearsCase.objects.select_related("debtor", "creditor", "region", "superior")
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user))
    if user.is_unit_user:
        return qs.filter(Q(debtor_id=user.unit_id) | Q(superior_id=user.unit_id))
    if user.role == Role.ENTERPRISE and user.enterprise_id is not None:
        return qs.filter(creditor_id=user.enterprise_id)
    return qs.none()


def visible_breaches(user: User) -> QuerySet[Breach]:
    qs = Breach.objects.select_related("accused", "superior", "enterprise", "region", "case")
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user))
    if user.is_unit_user:
        return qs.filter(Q(accused_id=user.unit_id) | Q(superior_id=user.unit_id))
    if user.role == Role.ENTERPRISE and user.enterprise_id is not None:
        return qs.filter(enterprise_id=user.enterprise_id)
    return qs.none()


def promise_audience(user: User) -> Audience:
    return Audience.OFFICE if user.role == Role.OFFICE_ADMIN else Audience.LEADER


def visible_promises(user: User) -> QuerySet[Promise]:
    qs = Promise.objects.select_related("unit", "enterprise", "region")
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user))
    return qs.none()


def office_units(user: User) -> QuerySet[Unit]:
    """The active units the office may name as a debtor, an accused body or a promising body."""
    return visible_units(user).filter(is_active=True)


def filter_breaches(
    qs: QuerySet[Breach], *, status: str = "", accused_id: int | None = None
) -> QuerySet[Breach]:
    if status:
        qs = qs.filter(status=status)
    if accused_id is not None:
        qs = qs.filter(accused_id=accused_id)
    return qs


def filter_promises(
    qs: QuerySet[Promise], *, status: str = "", kind: str = "", overdue: bool = False
) -> QuerySet[Promise]:
    """`overdue`: still pending past the promised date (the page marks these 已到期)."""
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if overdue:
        qs = qs.filter(status=Promise.Status.PENDING, due_date__lt=timezone.localdate())
    return qs


def case_audience(user: User, case: ArrearsCase) -> Audience:
    if user.role == Role.OFFICE_ADMIN:
        return Audience.OFFICE
    if user.role == Role.LEADER:
        return Audience.LEADER
    if user.is_unit_user:
        return Audience.LEAD if user.unit_id == case.debtor_id else Audience.COOPERATING
    return Audience.FILER


def breach_audience(user: User, breach: Breach) -> Audience:
    if user.role == Role.OFFICE_ADMIN:
        return Audience.OFFICE
    if user.role == Role.LEADER:
        return Audience.LEADER
    if user.is_unit_user:
        return Audience.LEAD if user.unit_id == breach.accused_id else Audience.COOPERATING
    return Audience.FILER


def figures(case: ArrearsCase, *, as_of: date | None = None) -> calculator.Result:
    """The case's due date, days overdue and late interest as of a day, with their working."""
    payments = [calculator.Payment(p.paid_on, p.amount) for p in case.payments.all()]
    return calculator.calculate(
        amount=case.amount,
        disputed=case.disputed_amount,
        delivered_on=case.delivered_on,
        accepted_on=case.accepted_on,
        agreed_term_days=case.agreed_term_days,
        agreed_daily_rate=case.agreed_daily_rate,
        as_of=as_of or timezone.localdate(),
        rules=rules(),
        payments=payments,
    )


def _outstanding() -> Any:
    return F("amount") - F("disputed_amount") - F("paid_amount")


def filter_ledger(
    qs: QuerySet[ArrearsCase], *, status: str = "", overdue: bool = False, q: str = ""
) -> QuerySet[ArrearsCase]:
    today = timezone.localdate()
    if status in S.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=S.OPEN, due_date__lt=today)
    if q:
        qs = qs.filter(
            Q(debtor__name__contains=q) | Q(creditor__name__contains=q) | Q(contract_no__contains=q)
        )
    return qs


FIGURES = ("cases", "open_cases", "overdue_cases", "settled", "owed", "paid", "open_owed", "overdue_owed")


@dataclass
class LedgerTotals:
    """The ledger's totals: overall, by debtor (largest overdue amount first) and by region."""

    total: dict[str, Any]
    by_debtor: list[dict[str, Any]]
    by_region: list[dict[str, Any]]


def ledger_totals(qs: QuerySet[ArrearsCase]) -> LedgerTotals:
    """One GROUP BY (debtor, region, status, past due) pass over the cases with plain sums; the figures
    are folded from its few hundred rows in Python (open_owed = amount - disputed - paid of the open
    groups), so 100,000 cases are scanned once, without a filtered aggregate or an expression per row."""
    today = timezone.localdate()
    groups = (
        qs.order_by()
        .annotate(late=ExpressionWrapper(Q(due_date__lt=today), output_field=BooleanField()))
        .values("debtor_id", "region_id", "status", "late")
        .annotate(
            n=Count("id"), amount=Sum("amount"), disputed=Sum("disputed_amount"), paid_sum=Sum("paid_amount")
        )
    )
    by_pair: dict[tuple[int, int], dict[str, Any]] = {}
    for g in groups:
        r = by_pair.setdefault(
            (g["debtor_id"], g["region_id"]),
            {"debtor_id": g["debtor_id"], "region_id": g["region_id"], **dict.fromkeys(FIGURES, 0)},
        )
        n, owed, paid = g["n"], g["amount"], g["paid_sum"]
        r["cases"] += n
        r["owed"] += owed
        r["paid"] += paid
        if g["status"] == S.SETTLED:
            r["settled"] += n
        if g["status"] == S.OPEN:
            outstanding = owed - g["disputed"] - paid
            r["open_cases"] += n
            r["open_owed"] += outstanding
            if g["late"]:
                r["overdue_cases"] += n
                r["overdue_owed"] += outstanding
    rows = list(by_pair.values())
    # Grouped by ids only (a hash aggregate over integers); the few names are read afterwards, since
    # grouping by names sorts every row by text.
    units = dict(Unit.objects.filter(pk__in={r["debtor_id"] for r in rows}).values_list("pk", "name"))
    regions = dict(Region.objects.filter(pk__in={r["region_id"] for r in rows}).values_list("pk", "name"))
    for r in rows:
        r["debtor__name"] = units.get(r["debtor_id"], "")
        r["region__name"] = regions.get(r["region_id"], "")

    def fold(key: str, label: str) -> list[dict[str, Any]]:
        out: dict[Any, dict[str, Any]] = {}
        for r in rows:
            row = out.setdefault(r[key], {"id": r[key], "name": r[label], **dict.fromkeys(FIGURES, 0)})
            for f in FIGURES:
                row[f] += r[f]
        return sorted(out.values(), key=lambda x: (-x["overdue_owed"], x["name"]))

    total = dict.fromkeys(FIGURES, 0)
    for r in rows:
        for f in FIGURES:
            total[f] += r[f]
    return LedgerTotals(
        total=total, by_debtor=fold("debtor_id", "debtor__name"), by_region=fold("region_id", "region__name")
    )


@dataclass
class ProgressRow:
    name: str
    cases: int
    settled: int
    amount: Decimal
    paid: Decimal

    @property
    def percent(self) -> str:
        """清零 progress: the share of the undisputed amount paid, to one decimal."""
        if not self.amount:
            return "—"
        return f"{(self.paid * 100 / self.amount).quantize(Decimal('0.1'))}%"


def progress(qs: QuerySet[ArrearsCase], by: str) -> list[ProgressRow]:
    """清零 progress by "debtor", "region" or "sector"."""
    key, label = {
        "debtor": ("debtor_id", "debtor__name"),
        "region": ("region_id", "region__name"),
        "sector": ("sector", "sector"),
    }[by]
    sectors = dict(ArrearsCase.Sector.choices)
    rows = (
        qs.order_by()
        .values(key, label)
        .annotate(
            cases=Count("id"),
            settled=Count("id", filter=Q(status=S.SETTLED)),
            undisputed=Sum(F("amount") - F("disputed_amount")),
            paid=Sum("paid_amount"),
        )
        .order_by(label)
    )
    return [
        ProgressRow(
            sectors.get(r[label], r[label]) if by == "sector" else r[label],
            r["cases"],
            r["settled"],
            r["undisputed"] or ZERO,
            r["paid"] or ZERO,
        )
        for r in rows
    ]


def disclosure_rows(region_ids: list[int] | None = None) -> tuple[list[list[Any]], list[list[Any]]]:
    """逾期未支付中小企业账款 by debtor (open cases past their due date) and 违约失信 records in force."""
    today = timezone.localdate()
    cases = ArrearsCase.objects.filter(status=S.OPEN, due_date__lt=today)
    breaches = Breach.objects.filter(status__in=DISCLOSED).select_related("accused", "region")
    if region_ids is not None:
        cases = cases.filter(region_id__in=region_ids)
        breaches = breaches.filter(region_id__in=region_ids)
    overdue = [
        [r["debtor__name"], r["region__name"], r["cases"], r["owed_now"]]
        for r in cases.order_by()
        .values("debtor__name", "region__name")
        .annotate(cases=Count("id"), owed_now=Sum(_outstanding()))
        .order_by("-owed_now", "debtor__name")
    ]
    records = [
        [b.accused.name, b.region.name, b.summary, b.decision_no, b.decided_on, b.get_status_display()]
        for b in breaches.order_by("-decided_on", "pk")
    ]
    return overdue, records


def creditors_active_in(region: Region, year: int) -> list[tuple[int, int | None]]:
    """(creditor, debtor unit) pairs for the region's cases open at some time in ``year``: entered by its
    end and not settled before it began (a case closed without a settlement date counts in its year)."""
    active = (
        Q(status=S.OPEN) | Q(settled_on__year__gte=year) | Q(settled_on__isnull=True, created_at__year=year)
    )
    rows = ArrearsCase.objects.filter(
        active, region__tree_path__startswith=region.tree_path, created_at__year__lte=year
    ).values_list("creditor_id", "debtor_id")
    return list(rows.distinct())
