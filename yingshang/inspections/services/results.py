"""Results: inspectors record each result with evidence; problems open a rectification with a clock;
results are published (公示) within the configured working days."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yingshang.core import services as core_services
from yingshang.core import workdays
from yingshang.core.access import require_write
from yingshang.core.errors import Conflict, NotAllowed, TooLarge, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Unit, User
from yingshang.inspections.models import (
    DrawnTarget,
    Outcome,
    PlanStatus,
    Rectification,
    RectificationStatus,
)
from yingshang.inspections.services.common import (
    clean,
    publication_workdays,
    rectification_workdays,
    require_office,
    require_office_or_unit,
)
from yingshang.inspections.transitions import RECTIFICATION_MOVES, RESULT_MOVES
from yingshang.ledger import clock

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def may_record(actor: User, target: DrawnTarget) -> bool:
    """The office, an inspector drawn for the target, or staff of a drawn inspector's department."""
    if actor.is_office:
        return True
    inspectors = list(target.inspectors.all())
    if any(i.user_id == actor.pk for i in inspectors):
        return True
    return actor.is_unit_user and any(i.department_id == actor.unit_id for i in inspectors)


def check_evidence(evidence: UploadedFile) -> None:
    """The one rule for an evidence file, on the page and in the API: not empty, at most 20 MB."""
    if not evidence.size:
        raise ValidationFailed(
            "佐证材料是空文件，请重新选择。", code="empty_file", fields={"evidence": "空文件"}
        )
    if evidence.size > MAX_EVIDENCE_BYTES:
        raise TooLarge("佐证材料不能超过20MB。", fields={"evidence": "过大"})


@transaction.atomic
def record_result(
    *,
    actor: User,
    target: DrawnTarget,
    outcome: str,
    findings: str,
    inspected_on: date,
    evidence: UploadedFile | None = None,
    rectification_workdays_: int | None = None,
) -> DrawnTarget:
    require_write(actor)
    if not may_record(actor, target):
        raise NotAllowed("只有抽中的执法检查人员或其部门可以录入检查结果。", code="role")
    if target.draw.plan.status != PlanStatus.PUBLISHED:
        raise Conflict("抽取结果公布后才能录入检查结果。", code="bad_state")
    if outcome not in Outcome.values:
        raise ValidationFailed("检查结果无效。", fields={"outcome": "无效"})
    findings = clean(findings, "findings", "检查情况", required=outcome != Outcome.NO_PROBLEM, limit=5000)
    today = clock.today()
    if inspected_on > today:
        raise ValidationFailed("检查日期不能晚于今天。", fields={"inspected_on": "无效"})
    if outcome in (Outcome.RECTIFY, Outcome.TRANSFER) and evidence is None:
        raise ValidationFailed("发现问题时须上传佐证材料。", fields={"evidence": "必填"})
    if evidence is not None:
        check_evidence(evidence)
    cal = workdays.get_calendar()
    fields = {
        "outcome": outcome,
        "findings": findings,
        "inspected_on": inspected_on,
        "recorded_by": actor,
        "recorded_at": timezone.now(),
        "publish_by": cal.add_workdays(today, publication_workdays()).date,
    }
    RESULT_MOVES.apply(target, "record", actor=actor, fields=fields, note={"text": findings})
    if evidence is not None:
        target.evidence.save(evidence.name or "evidence", evidence, save=True)
    if outcome == Outcome.RECTIFY:
        days = rectification_workdays_ or rectification_workdays()
        owner = _owner(actor, target)
        rect = Rectification.objects.create(
            target=target,
            owner=owner,
            problem=findings,
            started_on=today,
            due_date=cal.add_workdays(today, days).date,
        )
        record_event(rect, actor=actor, action="open", to_status=rect.status, note={"workdays": days})
    return target


def _owner(actor: User, target: DrawnTarget) -> Unit:
    if actor.is_unit_user and actor.unit is not None:
        return actor.unit
    first = target.inspectors.order_by("code").select_related("department").first()
    return first.department if first is not None else target.draw.plan.lead_unit


@transaction.atomic
def close_rectification(*, actor: User, rectification: Rectification, note: str) -> Rectification:
    require_office_or_unit(actor, rectification.owner)
    note = clean(note, "note", "整改情况", limit=5000)
    RECTIFICATION_MOVES.apply(
        rectification,
        "close",
        actor=actor,
        fields={"closing_note": note, "closed_at": timezone.now(), "colour": "green"},
        note={"text": note},
    )
    return rectification


@transaction.atomic
def publish_result(*, actor: User, target: DrawnTarget) -> DrawnTarget:
    """公示 one recorded result."""
    require_office(actor)
    RESULT_MOVES.apply(target, "publish", actor=actor, fields={"published_at": timezone.now()})
    return target


def rectification_colour(rect: Rectification, on: date | None = None) -> str:
    """The ledger's 三色 rule on the rectification's working-day clock."""
    return clock.colour_of(
        due=rect.due_date,
        status="closed" if rect.status == RectificationStatus.CLOSED else "open",
        progress=0,
        started=None,
        on=on,
    )


def refresh_rectifications() -> dict[str, int]:
    """Recolour open rectifications; a red one is escalated to the office once (督办)."""
    changed = escalated = 0
    for rect in Rectification.objects.filter(status=RectificationStatus.OPEN).select_related(
        "owner", "target__enterprise", "target__draw__plan__region"
    ):
        colour = rectification_colour(rect)
        if colour != rect.colour:
            Rectification.objects.filter(pk=rect.pk).update(colour=colour)
            changed += 1
        if colour == "red" and rect.escalated_at is None:
            with transaction.atomic():
                if Rectification.objects.filter(pk=rect.pk, escalated_at__isnull=True).update(
                    escalated_at=timezone.now()
                ):
                    record_event(rect, actor=None, action="escalate", note={"unit": rect.owner.name})
                    office = list(
                        User.objects.filter(role=User.Role.OFFICE_ADMIN, is_active=True).filter(
                            region__isnull=True
                        )
                        | User.objects.filter(
                            role=User.Role.OFFICE_ADMIN,
                            is_active=True,
                            region__tree_path__in=_ancestors(rect.target.draw.plan.region.tree_path),
                        )
                    )
                    core_services.notify(
                        recipients=office,
                        title=f"整改逾期：{rect.target.enterprise.name}",
                        body=f"{rect.owner.name}负责的整改事项已超过期限。",
                        kind="inspections.rectification",
                    )
                    escalated += 1
    return {"changed": changed, "escalated": escalated}


def _ancestors(tree_path: str) -> list[str]:
    parts = [p for p in tree_path.split("/") if p]
    return ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]
