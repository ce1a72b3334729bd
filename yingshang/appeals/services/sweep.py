"""The background sweep: 临期 and 超期 alerts, and closing appeals nobody called back."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from yingshang.appeals import groupchat
from yingshang.appeals.models import (
    Appeal,
)
from yingshang.appeals.services.clocks import _LEVEL_RANK, CLOCK_LABELS, clock_levels, clock_state
from yingshang.appeals.services.closure import close_appeal
from yingshang.appeals.services.common import S, _office_users, _url, lead_unit_of
from yingshang.appeals.services.dispatch import _notify_units
from yingshang.appeals.statistics.cells import track
from yingshang.core.errors import Conflict
from yingshang.core.events import record_event
from yingshang.core.services import notify

# -- the sweep (background job) --------------------------------------------------------------------


def _announce(appeal: Appeal, clock: str, level: str, unit_ids: list[int]) -> None:
    label = CLOCK_LABELS[clock]
    due = getattr(appeal, f"{clock}_due_at")
    # The reply deadline is "the" deadline in every message; the others name themselves.
    what = "" if clock == "reply" else label
    note = {"clock": clock, "due": str(due)}
    if level == "yellow":
        record_event(appeal, actor=None, action="remind", note=note)
        _notify_units(
            appeal, unit_ids, f"诉求{what}临期提醒：{appeal.title}", f"{label}时限将至，请抓紧办理。"
        )
        return
    record_event(appeal, actor=None, action="overdue", note=note)
    _notify_units(appeal, unit_ids, f"诉求{what}已超期：{appeal.title}", f"已超过{label}时限，营商办将督办。")
    notify(
        recipients=_office_users(appeal),
        title=f"诉求{what}超期督办：{appeal.title}",
        url=_url(appeal),
        kind="appeal",
    )
    groupchat.overdue(appeal, label, unit_ids)


def sweep_appeals(now: datetime | None = None, *, batch: int = 500) -> dict[str, int]:
    """Recolour running clocks, remind (临期) and press (超期) units, close unanswered callbacks.

    Looks only at rows whose ``next_alert_at`` has passed (a partial index), one transaction per row so
    a busy unit acting at the same moment wins and the sweep simply retries on its next run.
    """
    now = now or timezone.now()
    counts = {"reminded": 0, "overdue": 0, "closed": 0}
    due = list(
        Appeal.objects.filter(next_alert_at__lte=now)
        .select_related("service")
        .order_by("next_alert_at")[:batch]
    )
    for appeal in due:
        with track([appeal.pk]):  # a transaction that keeps the statistics cells right (is_late)
            if appeal.status == S.REPLIED:
                try:
                    close_appeal(
                        actor=None, appeal=appeal, note="答复后逾期未完成回访，系统自动办结", auto=True
                    )
                    record_event(appeal, actor=None, action="auto_close")
                    counts["closed"] += 1
                except Conflict:
                    pass
                continue
            # The levels just before the moment that made this row due are the ones already announced.
            assert appeal.next_alert_at is not None  # the query selected it by that very column
            before, _ = clock_levels(appeal, appeal.next_alert_at - timedelta(seconds=1))
            levels, _ = clock_levels(appeal, now)
            colour, next_alert = clock_state(appeal, now)
            changed = Appeal.objects.filter(
                pk=appeal.pk, status=appeal.status, next_alert_at=appeal.next_alert_at
            ).update(colour=colour, next_alert_at=next_alert, is_late=appeal.is_late or colour == "red")
            raised = {
                clock: level
                for clock, level in levels.items()
                if _LEVEL_RANK[level] > _LEVEL_RANK[before.get(clock, "green")]
            }
            if not changed or not raised:
                continue
            lead = lead_unit_of(appeal)
            unit_ids = [lead.pk] if lead else []
            for clock, level in raised.items():
                _announce(appeal, clock, level, unit_ids)
                counts["reminded" if level == "yellow" else "overdue"] += 1
    return counts
