"""`make_*` helpers of the reviews tests."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from yingshang.reviews import services
from yingshang.reviews.models import BadRatingCase, Rating, ServicePoint


def make_point(c: Any, name: str = "综合受理1号窗口", unit: Any = None) -> ServicePoint:
    return services.create_point(actor=c.office, unit=unit or c.lead_unit, name=name)


def make_rating(
    c: Any, *, level: int = 5, point: ServicePoint | None = None, text: str = "", **kw: Any
) -> Rating:
    point = point or make_point(c)
    token = services.issue_visit_token(actor=c.office, point=point)
    return services.submit_rating(
        actor=None,
        data=services.RatingInput(level=level, text=text, **kw),
        point_key=point.public_key,
        token=token.code,
    )


def make_case(c: Any, **kw: Any) -> BadRatingCase:
    return make_rating(c, level=1, text="窗口人员态度生硬", **kw).case


def matter_sheet(
    rows: list[list[str]], headers: tuple[str, ...] = ("事项编码", "事项名称", "实施单位")
) -> io.BytesIO:
    """A real .xlsx of service matters, as an office would fill in the template."""
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf
