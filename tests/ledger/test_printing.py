"""The printable 督办通知单 and the print styles of task, appeal and bulletin pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings

from yingshang.ledger import services

pytestmark = pytest.mark.django_db
CSS = Path(__file__).resolve().parents[2] / "yingshang/core/static/core/app.css"


@time_machine.travel("2026-12-03 10:00 +08:00", tick=False)
def test_notice_sheet_names_the_unit_the_task_the_reason_and_the_dates(lcast: Any) -> None:
    from datetime import date

    cast = lcast
    notice = services.issue_notice(
        actor=cast.office,
        task=cast.task,
        unit=cast.lead_unit,
        reason="进度滞后两个月，请说明原因并加快推进",
        demanded_date=date(2026, 12, 10),
        colour="red",
    )
    for role in ("office", "lead"):
        body = cast.client(role).get(f"/ledger/notices/{notice.pk}/print/").content.decode()
        assert "督办通知单" in body and f"DB{notice.pk:06d}" in body
        assert cast.lead_unit.name in body and cast.task.code in body and cast.task.title in body
        assert "进度滞后两个月，请说明原因并加快推进" in body and "红色督办" in body
        assert "请于 二〇二六年十二月十日 前办结" in body and "二〇二六年十二月三日" in body
        assert "优化营商环境工作领导小组办公室" in body and "回　执" in body
    task_page = cast.client("office").get(f"/ledger/tasks/{cast.task.pk}/").content.decode()
    assert f"/ledger/notices/{notice.pk}/print/" in task_page


@pytest.mark.parametrize("page", ["task", "appeal", "bulletin", "notice"])
def test_print_buttons_use_the_static_script_not_inline_code(lcast: Any, page: str) -> None:
    cast = lcast
    url = {
        "task": lambda: f"/ledger/tasks/{cast.task.pk}/",
        "notice": lambda: f"/ledger/notices/{cast.notice.pk}/print/",
        "appeal": lambda: _appeal_url(cast),
        "bulletin": lambda: _bulletin_url(cast),
    }[page]()
    body = cast.client("office").get(url).content.decode()
    assert "data-print" in body and "/static/core/print.js" in body
    # nothing a strict Content-Security-Policy (no 'unsafe-inline') would block
    assert not re.search(r"\son[a-z]+=", body) and "javascript:" not in body
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", body)


def _appeal_url(cast: Any) -> str:
    from tests.appeals.makers import make_appeal

    return f"/appeals/{make_appeal(cast).pk}/"


def _bulletin_url(cast: Any) -> str:
    from datetime import date

    from yingshang.assessment import services as assessment

    b = assessment.request_bulletin(
        actor=cast.office, region=cast.city, period="2025-03", as_of=date(2025, 4, 1)
    )
    with override_settings(YINGSHANG={**settings.YINGSHANG, "SOFFICE": "/nonexistent/soffice"}):
        assessment.build_bulletin(b.pk)
    return f"/assessment/bulletins/{b.pk}/"


def test_print_styles_leave_navigation_forms_and_buttons_off_paper() -> None:
    css = CSS.read_text(encoding="utf-8")
    block = css[css.index("@media print") :]
    hidden = block[: block.index("display:none")]
    for selector in (".topbar", ".footer", "nav", "form", "button", ".messages", ".no-print"):
        assert selector in hidden
    assert "size:A4" in css.replace(" ", "")
