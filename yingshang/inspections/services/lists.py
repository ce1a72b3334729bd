"""一单两库: the item list, the inspector pool and recusal declarations."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from yingshang.core.errors import ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, Region, Unit, User
from yingshang.inspections.models import InspectionItem, Inspector, RecusalDeclaration
from yingshang.inspections.services.common import clean, require_office, require_office_or_unit


@transaction.atomic
def create_item(
    *,
    actor: User,
    code: str,
    name: str,
    department: Unit,
    legal_basis: str = "",
    level: str = InspectionItem.Level.GENERAL,
    method: str = "",
) -> InspectionItem:
    require_office_or_unit(actor, department)
    code = clean(code, "code", "事项编码", limit=40)
    if level not in InspectionItem.Level.values:
        raise ValidationFailed("事项类别应为“重点”或“一般”。", fields={"level": "无效"})
    if InspectionItem.objects.filter(code=code).exists():
        raise ValidationFailed(f"事项编码{code}已存在。", code="duplicate", fields={"code": "重复"})
    item = InspectionItem.objects.create(
        code=code,
        name=clean(name, "name", "抽查事项", limit=200),
        department=department,
        legal_basis=clean(legal_basis, "legal_basis", "检查依据", required=False, limit=500),
        level=level,
        method=clean(method, "method", "检查方式", required=False, limit=100),
    )
    record_event(item, actor=actor, action="create", note={"name": item.name})
    return item


@transaction.atomic
def create_inspector(
    *,
    actor: User,
    code: str,
    name: str,
    department: Unit,
    region: Region,
    qualifications: Iterable[InspectionItem] = (),
    user: User | None = None,
    active: bool = True,
) -> Inspector:
    require_office_or_unit(actor, department)
    code = clean(code, "code", "执法证号", limit=40)
    if Inspector.objects.filter(code=code).exists():
        raise ValidationFailed(f"执法证号{code}已在名录库中。", code="duplicate", fields={"code": "重复"})
    quals = list(qualifications)
    foreign = [q.code for q in quals if q.department_id != department.pk]
    if foreign:
        raise ValidationFailed(
            f"执法资格须为本部门的抽查事项：{'、'.join(foreign)}。", fields={"qualifications": "非本部门事项"}
        )
    inspector = Inspector.objects.create(
        code=code,
        name=clean(name, "name", "姓名", limit=50),
        department=department,
        region=region,
        user=user,
        active=active,
    )
    inspector.qualifications.set(quals)
    record_event(inspector, actor=actor, action="create", note={"name": inspector.name})
    return inspector


@transaction.atomic
def set_inspector_active(*, actor: User, inspector: Inspector, active: bool) -> Inspector:
    require_office_or_unit(actor, inspector.department)
    if inspector.active != active:
        Inspector.objects.filter(pk=inspector.pk).update(active=active)
        inspector.active = active
        record_event(inspector, actor=actor, action="activate" if active else "deactivate")
    return inspector


@transaction.atomic
def declare_recusal(
    *, actor: User, inspector: Inspector, enterprise: Enterprise, reason: str, note: str = ""
) -> RecusalDeclaration:
    """An inspector's own declared list, or a conflict the office records."""
    if reason == RecusalDeclaration.Reason.CONFLICT:
        require_office(actor)
    elif reason == RecusalDeclaration.Reason.DECLARED:
        if not (actor.is_office or (inspector.user_id is not None and inspector.user_id == actor.pk)):
            require_office_or_unit(actor, inspector.department)
    else:
        raise ValidationFailed("回避原因无效。", fields={"reason": "无效"})
    declaration, created = RecusalDeclaration.objects.get_or_create(
        inspector=inspector,
        enterprise=enterprise,
        reason=reason,
        defaults={"note": clean(note, "note", "说明", required=False, limit=200)},
    )
    if created:
        record_event(inspector, actor=actor, action="recuse", note={"enterprise": enterprise.name})
    return declaration
