"""Shared set-up for indicator tests: thresholds on a catalogue indicator and an Excel file builder."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from yingshang.indicators.catalogue import ensure_catalogue
from yingshang.indicators.models import Indicator


def setup_indicator(
    cast: Any,
    code: str = "I01.2",
    *,
    target: str = "1",
    warning: str = "3",
    lo: str = "0",
    hi: str = "100",
    jump: str | None = "0.5",
    lead: Any = None,
) -> Indicator:
    """开办企业/办理时间 by default: lower is better, target 1 day, warning 3 days, led by cast.lead_unit."""
    ensure_catalogue()  # a transactional test before this one may have flushed the migration's rows
    Indicator.objects.filter(code=code).update(
        target_value=Decimal(target),
        warning_value=Decimal(warning) if warning else None,
        min_value=Decimal(lo),
        max_value=Decimal(hi),
        max_jump_ratio=Decimal(jump) if jump else None,
        lead_unit=lead or cast.lead_unit,
    )
    return Indicator.objects.select_related("parent").get(code=code)


def xlsx(headers: list[str], rows: list[list[Any]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf
