"""Timelines speak Chinese: every event of a task or a document shows its label, never its code; a
returned report leaves an event on its task; numbers show without trailing zeros."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from tests.indicators.helpers import setup_indicator
from yingshang.indicators.services import update_indicator
from yingshang.ledger import services

RAW = re.compile(r'data-action="[a-z_]+"')


def _timeline(html: str) -> str:
    """The 处理记录 section, without the data attributes the tests themselves use."""
    start = html.index('<section class="timeline">')
    return RAW.sub("", html[start : html.index("</section>", start)])


def test_returned_report_shows_on_the_task_timeline(lcast: Any) -> None:
    services.return_report(actor=lcast.office, report=lcast.report, reason="请补充佐证数据")
    for role in ("office", "lead", "coop", "leader"):
        text = _timeline(lcast.client(role).get(f"/ledger/tasks/{lcast.task.pk}/").content.decode())
        assert "退回报送" in text and "请补充佐证数据" in text and "报送期：2025-03" in text, role
        assert "return_report" not in text and "return" not in text


def test_task_timeline_has_labels_not_codes(lcast: Any) -> None:
    html = lcast.client("office").get(f"/ledger/tasks/{lcast.closing.pk}/").content.decode()
    text = _timeline(html)
    assert "申请销号" in text and "派发任务" in text
    assert not re.search(r"[a-z]{3,}_[a-z]+|request_closure|dispatched|in_progress", text), text


def test_document_timeline_has_labels_not_codes(lcast: Any) -> None:
    html = lcast.client("office").get(f"/ledger/documents/{lcast.draft.pk}/").content.decode()
    text = _timeline(html)
    assert "导入文件：待审核" in text
    assert "import" not in text and "draft" not in text and "— →" not in text, text


def test_indicator_timeline_numbers_without_trailing_zeros(lcast: Any) -> None:
    indicator = setup_indicator(lcast, target="3")
    update_indicator(actor=lcast.office, indicator=indicator, changes={"target_value": Decimal("0.5")})
    html = lcast.client("office").get(f"/indicators/{indicator.pk}/").content.decode()
    text = _timeline(html)
    assert "修改指标" in text and "创优目标值 3 → 0.5" in text, text
    assert "0.5000" not in text and "update_indicator" not in text
