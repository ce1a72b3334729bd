"""An appeal merged into another (并单) counts once — as its parent — before and after the parent closes,
in the statistics, the dashboard's day summary and the assessment component."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.appeals.makers import make_appeal
from yingshang.appeals import selectors, services
from yingshang.appeals.models import Appeal
from yingshang.assessment.platform_components import appeal_handling
from yingshang.dashboard.models import AppealDaySummary
from yingshang.dashboard.summary import refresh_appeal_summary


def _counts(cast: Any) -> tuple[int, int, int]:
    stats = selectors.appeal_stats(Appeal.objects.all())
    refresh_appeal_summary()
    summary = sum(AppealDaySummary.objects.values_list("total", flat=True))
    today = timezone.localdate()
    _, explanation = appeal_handling([cast.lead_unit.pk], today - dt.timedelta(days=1), today)[
        cast.lead_unit.pk
    ]
    return stats["total"], summary, explanation["sample"]


def test_merged_children_are_counted_once_before_and_after_the_parent_closes(cast: Any) -> None:
    parent, child = make_appeal(cast), make_appeal(cast, description="同一问题再次反映：营业执照变更未办。")
    services.dispatch_appeal(actor=cast.office, appeal=child, lead_unit=cast.lead_unit)
    services.merge_appeals(actor=cast.office, parent=parent, children=[child])
    services.dispatch_appeal(actor=cast.office, appeal=parent, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=parent)
    services.reply_appeal(actor=cast.lead, appeal=parent, text="已统一答复")
    before = _counts(cast)
    services.record_callback(actor=cast.office, appeal=parent, solved=True, satisfaction=5)
    services.close_appeal(actor=cast.office, appeal=parent)
    child.refresh_from_db()
    assert child.status == Appeal.Status.CLOSED  # closing the parent closed the child too
    after = _counts(cast)
    assert before[0] == after[0] == 1
    assert before[1] == after[1] == 1
    assert before[2] == after[2] == 1
    stats = selectors.appeal_stats(Appeal.objects.all())
    assert sum(r["n"] for r in stats["by_service"]) == 1
