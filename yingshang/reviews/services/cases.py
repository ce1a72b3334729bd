"""差评 cases: open, 核实 → 整改 → 反馈 → 追评, 申诉复核, and the job that colours and escalates them.

The clock is in working days (core.workdays): a simple case is due REVIEWS_SIMPLE_WORKDAYS after it
opened, a complex one REVIEWS_COMPLEX_WORKDAYS (the unit says which when it verifies). Colours and
escalation are the ledger's: the calendar's 三色 rule, the notices to the unit's leaders, a daily look
at 09:00 (ledger.clock.next_morning).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yingshang.core import services as core_services
from yingshang.core.access import require_role, require_write
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import User
from yingshang.core.text import forbidden_character
from yingshang.core.workdays import get_calendar
from yingshang.ledger import clock
from yingshang.reviews.models import BadRatingCase, Level, Rating, RatingAppeal
from yingshang.reviews.transitions import APPEAL_TABLE, CASE_TABLE

Role = User.Role
C = BadRatingCase.Status
MAX_NOTE = 2000
# A rater who has not rated the rectification this many days after the feedback: the case closes.
FOLLOW_UP_DAYS = 10


def setting(name: str, default: int) -> int:
    """One of the REVIEWS_* numbers of settings.YINGSHANG."""
    value: Any = settings.YINGSHANG.get(name, default)
    return int(value)


def workdays_for(complexity: str) -> int:
    if complexity == BadRatingCase.Complexity.COMPLEX:
        return setting("REVIEWS_COMPLEX_WORKDAYS", 15)
    return setting("REVIEWS_SIMPLE_WORKDAYS", 1)


def due_from(opened: datetime, complexity: str) -> date:
    return get_calendar().add_workdays(timezone.localdate(opened), workdays_for(complexity)).date


def colour_of(case: BadRatingCase, on: date | None = None) -> str:
    done = case.status not in BadRatingCase.OPEN_STATUSES
    return get_calendar().colour_for(
        case.due_date, on or timezone.localdate(), yellow_workdays=yellow_workdays(), done=done
    )


def yellow_workdays() -> int:
    return setting("REVIEWS_YELLOW_WORKDAYS", 1)


def _text(value: str, label: str, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(f"请填写{label}。", fields={"text": "必填"})
    if len(text) > MAX_NOTE:
        raise ValidationFailed(f"{label}不能超过{MAX_NOTE}字。", fields={"text": "过长"})
    problem = forbidden_character(text)
    if problem:
        raise ValidationFailed(f"{label}{problem}", fields={"text": problem})
    return text


def open_case(*, rating: Rating, now: datetime) -> BadRatingCase:
    """Every 不满意 / 非常不满意 opens a case for the unit that owns the service (in the rating's transaction)."""
    case = BadRatingCase.objects.create(
        rating=rating,
        unit_id=rating.unit_id,
        region_id=rating.region_id,
        opened_at=now,
        due_date=due_from(now, BadRatingCase.Complexity.SIMPLE),
        next_alert_at=clock.next_morning(now),
    )
    record_event(
        case, actor=None, action="open", to_status=case.status, note={"due_date": str(case.due_date)}
    )
    return case


def _require_unit(actor: User, case: BadRatingCase) -> None:
    require_write(actor)
    if not (actor.is_unit_user and actor.unit_id == case.unit_id):
        raise NotAllowed("只有被评价单位可以办理差评。", code="role")


@transaction.atomic
def verify_case(*, actor: User, case: BadRatingCase, note: str, complexity: str) -> BadRatingCase:
    """核实: the unit states what happened and whether the case is simple or complex (sets the due date)."""
    _require_unit(actor, case)
    note = _text(note, "核实情况")
    if complexity not in BadRatingCase.Complexity.values:
        raise ValidationFailed("请选择复杂程度。", fields={"complexity": "无效"})
    due = due_from(case.opened_at, complexity)
    CASE_TABLE.apply(
        case,
        "verify",
        actor=actor,
        note={"text": note, "due_date": str(due)},
        fields={"verify_note": note, "complexity": complexity, "due_date": due},
    )
    _refresh_colour(case)
    return case


@transaction.atomic
def rectify_case(*, actor: User, case: BadRatingCase, text: str) -> BadRatingCase:
    _require_unit(actor, case)
    text = _text(text, "整改情况")
    now = timezone.now()
    late = timezone.localdate(now) > case.due_date
    CASE_TABLE.apply(
        case,
        "rectify",
        actor=actor,
        note={"text": text, "late": late},
        fields={"rectification": text, "rectified_at": now, "rectified_late": late, "colour": "green"},
    )
    return case


@transaction.atomic
def feed_back_case(*, actor: User, case: BadRatingCase, text: str) -> BadRatingCase:
    """反馈 through the channel the rater came from: a logged-in rater gets a notice; everyone reads it on
    the page their receipt code opens."""
    _require_unit(actor, case)
    text = _text(text, "反馈内容")
    now = timezone.now()
    CASE_TABLE.apply(
        case,
        "feed_back",
        actor=actor,
        note={"text": text},
        fields={"feedback": text, "fed_back_at": now, "next_alert_at": now + timedelta(days=FOLLOW_UP_DAYS)},
    )
    rater = case.rating.rater_user
    if rater is not None:
        core_services.notify(
            recipients=[rater],
            title="您的评价已整改反馈，欢迎追评",
            url=f"/reviews/receipt/{case.rating.receipt_code}/",
            kind="reviews_feedback",
        )
    return case


@transaction.atomic
def follow_up_case(*, case: BadRatingCase, level: int, text: str = "") -> BadRatingCase:
    """追评: the rater rates the rectification (anonymous: the receipt code is the rater's key)."""
    if level not in Level.values:
        raise ValidationFailed("请选择追评等级。", fields={"level": "无效"})
    text = _text(text, "追评内容", required=False)
    CASE_TABLE.apply(
        case,
        "follow_up",
        actor=None,
        note={"text": text, "satisfaction": level},
        fields={"follow_up_level": level, "next_alert_at": None},
    )
    return case


# -- 申诉复核 ---------------------------------------------------------------------------------------


@transaction.atomic
def appeal_rating(*, actor: User, case: BadRatingCase, reason: str, evidence: str) -> RatingAppeal:
    """The unit says the rating is false or malicious and gives its evidence; the clock stops meanwhile."""
    _require_unit(actor, case)
    reason = _text(reason, "申诉理由")
    evidence = _text(evidence, "证据说明")
    CASE_TABLE.apply(case, "appeal", actor=actor, note={"text": reason}, fields={"next_alert_at": None})
    appeal = RatingAppeal.objects.create(case=case, reason=reason, evidence=evidence, created_by=actor)
    offices = _offices_for(case)
    core_services.notify(
        recipients=offices,
        title="差评申诉复核待处理",
        url=f"/reviews/cases/{case.pk}/",
        kind="reviews_appeal",
    )
    return appeal


@transaction.atomic
def decide_rating_appeal(*, actor: User, appeal: RatingAppeal, uphold: bool, reason: str) -> RatingAppeal:
    """The office decides. Upheld: the rating leaves the statistics (never deleted) and the case ends.
    Rejected: the case goes back to 核实 with its clock."""
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)
    reason = _text(reason, "复核意见")
    case = appeal.case
    now = timezone.now()
    APPEAL_TABLE.apply(
        appeal,
        "uphold" if uphold else "reject",
        actor=actor,
        note={"text": reason},
        fields={"decision_reason": reason, "decided_at": now},
    )
    if uphold:
        CASE_TABLE.apply(case, "uphold", actor=actor, note={"text": reason}, fields={"colour": "green"})
        Rating.objects.filter(pk=case.rating_id).update(excluded=True)
    else:
        CASE_TABLE.apply(
            case,
            "reject_appeal",
            actor=actor,
            note={"text": reason},
            fields={"next_alert_at": clock.next_morning(now)},
        )
        _refresh_colour(case)
    return appeal


# -- the job ---------------------------------------------------------------------------------------


def _refresh_colour(case: BadRatingCase, on: date | None = None) -> None:
    colour = colour_of(case, on)
    if colour != case.colour:
        BadRatingCase.objects.filter(pk=case.pk).update(colour=colour)
        case.colour = colour


def _leaders(unit_id: int) -> list[User]:
    return list(User.objects.filter(unit_id=unit_id, role=Role.UNIT_LEADER, is_active=True))


def sweep_cases(*, now: datetime | None = None) -> dict[str, int]:
    """Colours, 临期/超期 notices, escalation of overdue cases to the unit's leaders and the office, and
    closing fed-back cases the rater did not follow up. Idempotent: each case is looked at once a day."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"escalate": 0, "close": 0, "recoloured": 0}
    for case in BadRatingCase.objects.filter(next_alert_at__lte=now).select_related("rating"):
        with transaction.atomic():
            if case.status == C.FED_BACK:
                CASE_TABLE.apply(
                    case, "close", actor=None, note={"auto": True}, fields={"next_alert_at": None}
                )
                counts["close"] += 1
                continue
            if case.status not in BadRatingCase.OPEN_STATUSES:
                BadRatingCase.objects.filter(pk=case.pk).update(next_alert_at=None)
                continue
            before = case.colour
            _refresh_colour(case, today)
            counts["recoloured"] += int(before != case.colour)
            if today > case.due_date and case.escalated_at is None:
                BadRatingCase.objects.filter(pk=case.pk, escalated_at__isnull=True).update(escalated_at=now)
                record_event(case, actor=None, action="escalate", note={"due_date": str(case.due_date)})
                core_services.notify(
                    recipients=_leaders(case.unit_id) + _offices_for(case),
                    title=f"升级督办：差评整改逾期（{case.rating.get_level_display()}，期限{case.due_date:%Y-%m-%d}）",
                    url=f"/reviews/cases/{case.pk}/",
                    kind="reviews_escalate",
                )
                counts["escalate"] += 1
            BadRatingCase.objects.filter(pk=case.pk).update(next_alert_at=clock.next_morning(now))
    return counts


def _offices_for(case: BadRatingCase) -> list[User]:
    """The office users whose region holds the case's."""
    offices = User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True).select_related("region")
    path = case.region.tree_path
    return [o for o in offices if o.region is None or path.startswith(o.region.tree_path)]
