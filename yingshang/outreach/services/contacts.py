"""包抓联: assigning cadres to enterprises (by hand or from Excel), 六必访 occasions, and visit logs."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from yingshang.core.errors import NotFound, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.excel import ImportPlan, RowError, read_sheet
from yingshang.core.models import Enterprise, Region, User
from yingshang.outreach.models import Assignment, MustVisitOccasion, Problem, Visit
from yingshang.outreach.services.common import UNIT_ROLES, check_scope, clean, in_scope, require_office

MAX_FREQUENCY = 366


def _check_frequency(days: Any) -> int:
    try:
        value = int(days)
    except (TypeError, ValueError):
        raise ValidationFailed("走访周期须为天数。", fields={"frequency_days": "无效"}) from None
    if not 1 <= value <= MAX_FREQUENCY:
        raise ValidationFailed("走访周期须在1至366天之间。", fields={"frequency_days": "超出范围"})
    return value


def _check_cadre(cadre: User) -> None:
    if cadre.role not in UNIT_ROLES or cadre.unit_id is None or not cadre.is_active:
        raise ValidationFailed("包联干部须为单位负责人或经办人。", fields={"cadre": "无效"})


@transaction.atomic
def assign_cadre(*, actor: User, enterprise: Enterprise, cadre: User, frequency_days: int = 90) -> Assignment:
    """包抓联: the office makes ``cadre`` a contact of ``enterprise`` (or changes the visit frequency)."""
    require_office(actor)
    check_scope(actor, enterprise.region)
    _check_cadre(cadre)
    days = _check_frequency(frequency_days)
    assignment, created = Assignment.objects.get_or_create(
        enterprise=enterprise,
        cadre=cadre,
        defaults={"unit_id": cadre.unit_id, "frequency_days": days, "assigned_by": actor},
    )
    changed = not created and assignment.frequency_days != days
    if changed:
        Assignment.objects.filter(pk=assignment.pk).update(frequency_days=days)
        assignment.frequency_days = days
    if created or changed:
        record_event(
            assignment,
            actor=actor,
            action="assign" if created else "update",
            note={"enterprise": enterprise.name, "frequency_days": days},
        )
    return assignment


@transaction.atomic
def unassign_cadre(*, actor: User, assignment: Assignment) -> None:
    require_office(actor)
    check_scope(actor, assignment.enterprise.region)
    record_event(assignment, actor=actor, action="unassign", note={"enterprise": assignment.enterprise.name})
    assignment.delete()


IMPORT_HEADERS = ("统一社会信用代码", "干部账号")
IMPORT_OPTIONAL = ("企业名称", "干部姓名", "走访周期(天)")


def import_assignments(*, actor: User, fileobj: IO[bytes], apply: bool = False) -> ImportPlan:
    """包抓联名单 from Excel: one row per (enterprise, cadre). A dry run lists what would change and each
    row's error; nothing is written unless every row is good and ``apply`` is set."""
    require_office(actor)
    rows = read_sheet(fileobj, IMPORT_HEADERS, IMPORT_OPTIONAL)
    codes = {str(r.get("统一社会信用代码") or "").strip().upper() for _, r in rows}
    names = {str(r.get("干部账号") or "").strip() for _, r in rows}
    enterprises = {
        e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes).select_related("region")
    }
    cadres = {u.username: u for u in User.objects.filter(username__in=names)}
    existing = {
        (a.enterprise_id, a.cadre_id): a
        for a in Assignment.objects.filter(enterprise__in=enterprises.values(), cadre__in=cadres.values())
    }
    plan = ImportPlan()
    todo: list[tuple[Enterprise, User, int]] = []
    seen: set[tuple[int, int]] = set()
    for number, row in rows:
        code = str(row.get("统一社会信用代码") or "").strip().upper()
        username = str(row.get("干部账号") or "").strip()
        enterprise = enterprises.get(code)
        cadre = cadres.get(username)
        if enterprise is None or not in_scope(actor, enterprise.region):
            plan.errors.append(RowError(number, f"未找到统一社会信用代码为“{code}”的企业。"))
            continue
        if cadre is None or cadre.role not in UNIT_ROLES or cadre.unit_id is None:
            plan.errors.append(RowError(number, f"“{username}”不是单位干部账号。"))
            continue
        raw = row.get("走访周期(天)")
        try:
            days = _check_frequency(raw) if raw not in (None, "") else 90
        except ValidationFailed as exc:
            plan.errors.append(RowError(number, exc.message))
            continue
        key = (enterprise.pk, cadre.pk)
        if key in seen:
            plan.errors.append(RowError(number, "与前面的行重复。"))
            continue
        seen.add(key)
        info = {"row": number, "enterprise": enterprise.name, "cadre": str(cadre), "frequency_days": days}
        current = existing.get(key)
        if current is None:
            plan.created.append(info)
        elif current.frequency_days != days:
            plan.updated.append(info)
        else:
            plan.unchanged += 1
            continue
        todo.append((enterprise, cadre, days))
    if apply and plan.ok:
        with transaction.atomic():
            for enterprise, cadre, days in todo:
                assign_cadre(actor=actor, enterprise=enterprise, cadre=cadre, frequency_days=days)
    return plan


@transaction.atomic
def save_occasions(*, actor: User, region: Region, names: list[str]) -> list[MustVisitOccasion]:
    """六必访: the office's checklist for its region, in the given order; a name left out is retired
    (kept for the visits that cite it)."""
    require_office(actor)
    check_scope(actor, region)
    cleaned: list[str] = []
    for i, name in enumerate(names):
        text = clean(name, f"names.{i}", "走访情形", required=False, limit=100)
        if text and text not in cleaned:
            cleaned.append(text)
    if not cleaned:
        raise ValidationFailed("请至少保留一项走访情形。", fields={"names": "必填"})
    current = {o.name: o for o in MustVisitOccasion.objects.filter(region=region)}
    out = []
    for order, name in enumerate(cleaned):
        occasion = current.pop(name, None)
        if occasion is None:
            occasion = MustVisitOccasion.objects.create(region=region, name=name, order=order)
            record_event(occasion, actor=actor, action="create", note={"name": name})
        elif occasion.order != order or not occasion.is_active:
            MustVisitOccasion.objects.filter(pk=occasion.pk).update(order=order, is_active=True)
            record_event(occasion, actor=actor, action="update", note={"name": name})
        out.append(occasion)
    for occasion in current.values():
        if occasion.is_active:
            MustVisitOccasion.objects.filter(pk=occasion.pk).update(is_active=False)
            record_event(occasion, actor=actor, action="retire", note={"name": occasion.name})
    return out


@transaction.atomic
def log_visit(
    *,
    actor: User,
    enterprise: Enterprise,
    visited_on: date,
    method: str,
    discussed: str,
    occasion: MustVisitOccasion | None = None,
    problems: list[str] | tuple[str, ...] = (),
) -> Visit:
    """走访记录 by the enterprise's own contact cadre; each problem typed becomes an open Problem."""
    unit_id = actor.unit_id
    if (
        actor.role not in UNIT_ROLES
        or unit_id is None
        or not Assignment.objects.filter(enterprise=enterprise, cadre=actor).exists()
    ):
        raise NotFound("未找到该企业，或它不是您的包联企业。")
    if method not in Visit.Method.values:
        raise ValidationFailed("请选择走访方式。", fields={"method": "无效"})
    if visited_on > timezone.localdate():
        raise ValidationFailed("走访日期不能晚于今天。", fields={"visited_on": "晚于今天"})
    if occasion is not None and not in_scope_of(occasion, enterprise):
        raise ValidationFailed("所选六必访情形不属于该企业所在区域。", fields={"occasion": "无效"})
    visit = Visit.objects.create(
        enterprise=enterprise,
        cadre=actor,
        unit_id=unit_id,
        visited_on=visited_on,
        method=method,
        occasion=occasion,
        discussed=clean(discussed, "discussed", "交流内容", limit=5000),
    )
    record_event(visit, actor=actor, action="log", note={"enterprise": enterprise.name})
    for i, text in enumerate(problems):
        body = clean(text, f"problems.{i}", "问题", required=False, limit=2000)
        if body:
            problem = Problem.objects.create(
                channel=Problem.Channel.VISIT,
                region=enterprise.region,
                enterprise=enterprise,
                visit=visit,
                raised_by=actor,
                unit_id=actor.unit_id,
                text=body,
            )
            record_event(problem, actor=actor, action="raise", to_status=problem.status)
    return visit


def in_scope_of(occasion: MustVisitOccasion, enterprise: Enterprise) -> bool:
    """An occasion of the enterprise's region or of a region above it (a city's list serves its counties)."""
    return f"/{occasion.region_id}/" in enterprise.region.tree_path
