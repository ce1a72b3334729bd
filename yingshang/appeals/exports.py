"""The appeals list as an Excel file. Personal names are masked unless the office asks for personal data
explicitly, and then the export is logged (core.personal_data)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from yingshang.appeals import selectors
from yingshang.appeals.models import Appeal
from yingshang.core.access import require_role
from yingshang.core.excel import write_sheet
from yingshang.core.models import User
from yingshang.core.personal_data import log_personal_export

MAX_ROWS = 20000
COLUMNS = [
    "查询码",
    "标题",
    "类别",
    "渠道",
    "企业/诉求人",
    "区域",
    "主办单位",
    "状态",
    "预警",
    "受理时间",
    "答复时限",
    "答复时间",
]
WIDTHS = [14, 30, 12, 10, 28, 12, 20, 10, 8, 17, 17, 17]
PERSONAL_COLUMNS = ["联系人", "联系电话", "电子邮箱"]
PERSONAL_WIDTHS = [10, 16, 24]


def _fmt(dt: Any) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def _row(a: Appeal, *, personal: bool) -> list[Any]:
    row = [
        a.tracking_code,
        a.title,
        a.service.name,
        a.get_channel_display(),
        selectors.filer_label(a, full=personal),
        a.region.name,
        getattr(a, "lead_unit_name", None) or "",
        a.get_status_display(),
        "超期" if a.is_late else a.get_colour_display(),
        _fmt(a.created_at),
        _fmt(a.reply_due_at),
        _fmt(a.replied_at),
    ]
    if personal:
        row += [a.contact_name, a.contact_phone, a.contact_email]
    return row


def appeals_workbook(user: User, qs: QuerySet[Appeal], *, personal: bool = False, query: str = "") -> bytes:
    """The rows of ``qs`` (already scoped and filtered for ``user``, with list columns). With
    ``personal`` (the office only) the file carries names and contacts and the export is logged."""
    if personal:
        require_role(user, User.Role.OFFICE_ADMIN)
    appeals = list(qs[:MAX_ROWS])
    if personal:
        log_personal_export(actor=user, kind="appeals", rows=[a.tracking_code for a in appeals], query=query)
    columns = COLUMNS + (PERSONAL_COLUMNS if personal else [])
    widths = WIDTHS + (PERSONAL_WIDTHS if personal else [])
    rows = (_row(a, personal=personal) for a in appeals)
    return write_sheet("企业诉求", columns, rows, widths=widths)
