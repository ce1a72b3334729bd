"""Working-hour and working-day clocks of an appeal: deadlines, colours and the next alert."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from yingshang.appeals.models import (
    Appeal,
)
from yingshang.appeals.services.common import AUTO_CLOSE_WORKDAYS, S, _day_end
from yingshang.core import workdays

# -- clocks ----------------------------------------------------------------------------------------


def reply_due_from(start: datetime, workdays_n: int) -> datetime:
    cal = workdays.get_calendar()
    return _day_end(cal.add_workdays(timezone.localtime(start).date(), workdays_n).date)


def callback_due_from(replied_at: datetime) -> datetime:
    """回访 by then: the end of the AUTO_CLOSE_WORKDAYS-th workday after the reply; the sweep closes an
    appeal nobody called back at that moment (its ``next_alert_at`` while it is 已答复)."""
    cal = workdays.get_calendar()
    return _day_end(cal.add_workdays(timezone.localtime(replied_at).date(), AUTO_CLOSE_WORKDAYS).date)


CLOCK_LABELS = {"acknowledge": "签收", "first_contact": "首次联系", "reply": "答复"}
_LEVEL_RANK = {"green": 0, "yellow": 1, "red": 2}


def _level(now: datetime, due: datetime, yellow_at: datetime, checkpoints: list[datetime]) -> str:
    if now > due:
        return "red"
    checkpoints.append(due + timedelta(seconds=1))
    if now >= yellow_at:
        return "yellow"
    checkpoints.append(yellow_at)
    return "green"


def _day_start(d: Any) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min), workdays.SHANGHAI)


def clock_levels(appeal: Appeal, now: datetime) -> tuple[dict[str, str], list[datetime]]:
    """Level of each running clock at ``now`` (green / yellow 临期 / red 超期) and the moments they change."""
    checkpoints: list[datetime] = []
    levels: dict[str, str] = {}
    if appeal.status not in (S.DISPATCHED, S.ACKNOWLEDGED) or appeal.reply_due_at is None:
        return levels, checkpoints
    cal = workdays.get_calendar()
    if appeal.status == S.DISPATCHED and appeal.acknowledge_due_at:
        # Signing is counted in hours: there is no useful 临期 before it, only 超期.
        due = appeal.acknowledge_due_at
        levels["acknowledge"] = _level(now, due, due + timedelta(seconds=1), checkpoints)
    if appeal.first_contact_due_at and appeal.first_contacted_at is None:
        # Usually one workday: 临期 from the start of the due day, or every fresh dispatch would be yellow.
        due = appeal.first_contact_due_at
        levels["first_contact"] = _level(now, due, _day_start(timezone.localtime(due).date()), checkpoints)
    due = appeal.reply_due_at
    # 临期: from the start of the last workday before the due day.
    yellow_at = _day_start(cal.add_workdays(timezone.localtime(due).date(), -1).date)
    levels["reply"] = _level(now, due, yellow_at, checkpoints)
    return levels, checkpoints


def clock_state(appeal: Appeal, now: datetime) -> tuple[str, datetime | None]:
    """(colour, next moment the sweep must look again) for an appeal whose clock runs."""
    if appeal.status not in (S.DISPATCHED, S.ACKNOWLEDGED) or appeal.reply_due_at is None:
        return appeal.colour, None
    levels, checkpoints = clock_levels(appeal, now)
    colour = max(levels.values(), key=_LEVEL_RANK.__getitem__, default="green")
    return colour, min(checkpoints) if checkpoints else None


def _clock_fields(appeal: Appeal, now: datetime, **overrides: Any) -> dict[str, Any]:
    """Fields to write with a move so colour, lateness and the next alert stay consistent."""
    for key, value in overrides.items():
        setattr(appeal, key, value)
    colour, next_alert = clock_state(appeal, now)
    fields = dict(overrides)
    fields["colour"] = colour
    fields["next_alert_at"] = next_alert
    fields["is_late"] = appeal.is_late or colour == "red"
    return fields


def _start_clock(appeal: Appeal, now: datetime, *, keep_reply_due: bool = False) -> dict[str, Any]:
    cal = workdays.get_calendar()
    service = appeal.service
    overrides: dict[str, Any] = {
        "dispatched_at": now,
        "acknowledge_due_at": cal.add_working_hours(now, service.acknowledge_hours),
        "acknowledged_at": None,
    }
    if not keep_reply_due or appeal.reply_due_at is None:
        overrides["reply_due_at"] = reply_due_from(now, service.close_workdays + appeal.extension_workdays)
        overrides["first_contact_due_at"] = reply_due_from(now, service.first_contact_workdays)
    # A fresh dispatch to a new unit starts clean; lateness already on record stays on record.
    target_status = S.DISPATCHED
    saved = appeal.status
    appeal.status = target_status
    try:
        return _clock_fields(appeal, now, **overrides)
    finally:
        appeal.status = saved
