"""The arrears component of unit scores, and the arrears section of the monthly 通报."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, F, Q, Sum

from yingshang.arrears.models import ArrearsCase, Breach
from yingshang.assessment.components import Component, Result
from yingshang.dashboard.sources import Scope

# Each 违约失信 record confirmed in the period takes this much off the unit's value (floor 0).
BREACH_PENALTY = 0.2


def compute(unit_ids: list[int], start: date, end: date) -> Result:
    """Per debtor unit: the share of its cases due by the period's end that were not left overdue at
    that day, less a penalty per 违约失信 record confirmed in the period. Units with neither: no value."""
    out: Result = {}
    due = ArrearsCase.objects.filter(debtor_id__in=unit_ids, due_date__lte=end).exclude(status="closed")
    late = Q(status="open", due_date__lt=end) | Q(settled_on__gt=F("due_date"), settled_on__gte=start)
    counts = {
        r["debtor_id"]: (r["total"], r["late"])
        for r in due.order_by().values("debtor_id").annotate(total=Count("id"), late=Count("id", filter=late))
    }
    breaches = {
        r["accused_id"]: r["n"]
        for r in Breach.objects.filter(accused_id__in=unit_ids, decided_on__range=(start, end))
        .order_by()
        .values("accused_id")
        .annotate(n=Count("id"))
    }
    for unit_id in set(counts) | set(breaches):
        total, late_n = counts.get(unit_id, (0, 0))
        n_breach = breaches.get(unit_id, 0)
        base = 1.0 - late_n / total if total else 1.0
        value = max(0.0, base - BREACH_PENALTY * n_breach)
        out[unit_id] = (
            value,
            {
                "sample": total + n_breach,
                "cases": total,
                "late_cases": late_n,
                "breaches": n_breach,
                "all_met": late_n == 0 and n_breach == 0,
            },
        )
    return out


COMPONENT = Component(
    code="arrears",
    name="清欠与政务诚信",
    compute=compute,
    description="到期欠款按期清偿的比例；每条认定的违约失信记录扣0.2。",
)


def bulletin_table(scope: Scope) -> tuple[list[str], list[list[Any]]]:
    """The arrears section of the 通报: by region, cases and amounts as of the period's end."""
    end = scope.period_end
    overdue = Q(status="open", due_date__lt=end)
    rows = (
        ArrearsCase.objects.filter(region_id__in=scope.region_ids, created_at__date__lte=end)
        .order_by()
        .values("region__name")
        .annotate(
            cases=Count("id"),
            settled=Count("id", filter=Q(status="settled")),
            overdue=Count("id", filter=overdue),
            owed=Sum(F("amount") - F("disputed_amount") - F("paid_amount"), filter=Q(status="open")),
        )
        .order_by("region__name")
    )
    breaches = Breach.objects.filter(
        region_id__in=scope.region_ids, decided_on__range=(scope.period_start, end)
    ).count()
    body = [
        [r["region__name"], r["cases"], r["settled"], r["overdue"], f"{r['owed'] or 0:,.2f}"] for r in rows
    ]
    body.append(["本期认定违约失信", breaches, "", "", ""])
    return ["区域", "欠款案件", "已清偿", "逾期未清偿", "尚欠金额(元)"], body
