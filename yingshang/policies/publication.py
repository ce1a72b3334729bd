"""The 公示 of a policy's redemptions: one list of rows for the public page and its Excel export, so the
two always show the same columns and the same rows.

Enterprise names are published as they are (a 公示 names the enterprise); nothing else about the
enterprise, the application or the reviewer is listed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from yingshang.core.excel import write_sheet
from yingshang.policies.models import Policy, Redemption

HEADERS = ("企业", "条款", "方式", "核定金额(元)", "兑现金额(元)", "兑现日期")
WIDTHS = (34, 30, 10, 14, 14, 12)
NOT_PAID = "待兑现"
NO_DATE = "—"

Row = tuple[str, str, str, Decimal | None, Decimal | str, str]


def redemptions(policy: Policy) -> QuerySet[Redemption]:
    """Redemptions a 公示 lists: accepted (due) and paid ones."""
    return (
        Redemption.objects.filter(
            clause__policy=policy, status__in=(Redemption.Status.ACCEPTED, Redemption.Status.PAID)
        )
        .select_related("enterprise", "clause")
        .order_by("clause__number", "enterprise__name", "pk")
    )


def rows(policy: Policy) -> list[Row]:
    return [
        (
            r.enterprise.name,
            r.clause.title,
            r.get_origin_display(),
            r.amount_approved,
            r.amount_paid if r.amount_paid is not None else NOT_PAID,
            r.paid_on.isoformat() if r.paid_on else NO_DATE,
        )
        for r in redemptions(policy)
    ]


def workbook(policy: Policy) -> bytes:
    return write_sheet("兑现公示", HEADERS, rows(policy), WIDTHS)
