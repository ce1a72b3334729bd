"""The arrears panel of the appeal page: cases the appeal opened or was linked to, and for the office
the one action that opens or links a case (appeals of 拖欠账款 and 政府承诺不兑现 only)."""

from __future__ import annotations

from typing import Any

from yingshang.appeals.panels import Panel
from yingshang.arrears import selectors
from yingshang.arrears.models import ArrearsCase
from yingshang.arrears.services import APPEAL_CATEGORIES
from yingshang.core.access import visible_units
from yingshang.core.models import User


def arrears_panel(user: User, appeal: Any) -> Panel | None:
    eligible = appeal.service.code in APPEAL_CATEGORIES
    linked = list(selectors.visible_cases(user).filter(appeal=appeal))
    if not linked and not eligible:
        return None
    context: dict[str, Any] = {"appeal": appeal, "linked": linked, "can_open": False}
    if user.role == User.Role.OFFICE_ADMIN and eligible and appeal.enterprise_id:
        context["can_open"] = True
        context["open_cases"] = list(
            selectors.visible_cases(user).filter(
                creditor_id=appeal.enterprise_id, status="open", appeal__isnull=True
            )
        )
        context["units"] = visible_units(user).filter(is_active=True)
        context["sectors"] = ArrearsCase.Sector.choices
    return Panel("arrears/_appeal_panel.html", context)
