"""Excel import of the item list, the inspector pool and the target pool: a dry run lists what would be
created and every row's errors; apply writes only when no row is bad, all in one transaction."""

from __future__ import annotations

import re
from typing import IO, Any

from django.db import transaction

from yingshang.core import services as core_services
from yingshang.core.access import require_write, visible_units
from yingshang.core.creditcode import InvalidCreditCode, validate_credit_code
from yingshang.core.errors import ValidationFailed
from yingshang.core.excel import ImportPlan, RowError, read_sheet
from yingshang.core.models import Enterprise, Region, User
from yingshang.inspections import services
from yingshang.inspections.exports import INSPECTOR_HEADERS, ITEM_HEADERS, TARGET_HEADERS
from yingshang.inspections.models import InspectionItem, Inspector

KINDS = {"items": "抽查事项清单", "inspectors": "执法检查人员名录库", "targets": "检查对象名录库"}
LEVELS = {"重点": InspectionItem.Level.KEY, "一般": InspectionItem.Level.GENERAL}
SEPARATORS = re.compile(r"[、,，;；\s]+")


def _text(row: dict[str, Any], header: str) -> str:
    value = row.get(header)
    return "" if value is None else str(value).strip()


def _key_problems(
    key: str, number: int, *, seen: dict[str, int], existing: set[str], label: str, stored: str
) -> list[str]:
    """A row's key repeats an earlier row of the sheet, or one already stored (import never overwrites)."""
    problems = []
    if key in seen:
        problems.append(f"与第{seen[key]}行{label}重复")
    elif key in existing:
        problems.append(f"{label}{key}{stored}")
    seen.setdefault(key, number)
    return problems


def _department(units: dict[str, list[Any]], name: str, label: str) -> tuple[Any, list[str]]:
    """The one unit of that name the importer may use, or the problem."""
    matches = units.get(name, [])
    if len(matches) != 1:
        return None, [f"{label}“{name}”不存在、有重名或不在您的范围内"]
    return matches[0], []


def _keep(plan: ImportPlan, number: int, problems: list[str], values: dict[str, Any]) -> None:
    if problems:
        plan.errors.append(RowError(number, "；".join(problems)))
    else:
        plan.created.append({"row": number, **values})


def plan_import(fileobj: IO[bytes], *, actor: User, kind: str) -> ImportPlan:
    require_write(actor)
    if kind == "items":
        return _plan_items(fileobj, actor)
    if kind == "inspectors":
        return _plan_inspectors(fileobj, actor)
    if kind == "targets":
        return _plan_targets(fileobj, actor)
    raise ValidationFailed("导入类型无效。", fields={"kind": "无效"})


def _units_by_name(actor: User) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for unit in visible_units(actor):
        out.setdefault(unit.name, []).append(unit)
    return out


def _plan_items(fileobj: IO[bytes], actor: User) -> ImportPlan:
    plan = ImportPlan()
    units = _units_by_name(actor)
    existing = set(InspectionItem.objects.values_list("code", flat=True))
    seen: dict[str, int] = {}
    for number, row in read_sheet(fileobj, required=ITEM_HEADERS[:3], optional=ITEM_HEADERS[3:]):
        code, name, dept = _text(row, "事项编码"), _text(row, "抽查事项"), _text(row, "实施部门")
        level = _text(row, "类别") or "一般"
        problems = [] if code and name else ["事项编码和抽查事项必填"]
        problems += _key_problems(
            code, number, seen=seen, existing=existing, label="事项编码", stored="已存在"
        )
        department, missing = _department(units, dept, "实施部门")
        problems += missing
        if level not in LEVELS:
            problems.append("类别应为“重点”或“一般”")
        _keep(
            plan,
            number,
            problems,
            {
                "code": code,
                "name": name,
                "department": department.pk if department else None,
                "legal_basis": _text(row, "检查依据"),
                "level": LEVELS.get(level),
                "method": _text(row, "检查方式"),
            },
        )
    return plan


def _plan_inspectors(fileobj: IO[bytes], actor: User) -> ImportPlan:
    plan = ImportPlan()
    units = _units_by_name(actor)
    regions = {r.name: r.pk for r in Region.objects.all()}
    items = {i.code: i for i in InspectionItem.objects.all()}
    existing = set(Inspector.objects.values_list("code", flat=True))
    seen: dict[str, int] = {}
    for number, row in read_sheet(fileobj, required=INSPECTOR_HEADERS[:3], optional=INSPECTOR_HEADERS[3:]):
        code, name, dept = _text(row, "执法证号"), _text(row, "姓名"), _text(row, "所在部门")
        problems = [] if code and name else ["执法证号和姓名必填"]
        problems += _key_problems(
            code, number, seen=seen, existing=existing, label="执法证号", stored="已在名录库中"
        )
        department, missing = _department(units, dept, "所在部门")
        problems += missing
        region_name = _text(row, "区域")
        region_id = (
            regions.get(region_name) if region_name else (department.region_id if department else None)
        )
        if region_id is None:
            problems.append(f"区域“{region_name}”不存在")
        quals = [q for q in SEPARATORS.split(_text(row, "执法资格")) if q]
        unknown = [q for q in quals if q not in items]
        if unknown:
            problems.append(f"执法资格中的事项编码不存在：{'、'.join(unknown)}")
        elif department is not None and any(items[q].department_id != department.pk for q in quals):
            problems.append("执法资格须为本部门的抽查事项")
        active = _text(row, "在岗") or "是"
        if active not in ("是", "否"):
            problems.append("在岗应填“是”或“否”")
        _keep(
            plan,
            number,
            problems,
            {
                "code": code,
                "name": name,
                "department": department.pk if department else None,
                "region": region_id,
                "qualifications": quals,
                "active": active == "是",
            },
        )
    return plan


def _plan_targets(fileobj: IO[bytes], actor: User) -> ImportPlan:
    if not actor.is_office:
        raise ValidationFailed("检查对象名录库由营商办导入。", code="role")
    plan = ImportPlan()
    regions = {r.name: r.pk for r in Region.objects.all()}
    existing = set(Enterprise.objects.values_list("credit_code", flat=True))
    seen: dict[str, int] = {}
    for number, row in read_sheet(fileobj, required=TARGET_HEADERS[:3], optional=TARGET_HEADERS[3:]):
        code, name, region = _text(row, "统一社会信用代码"), _text(row, "企业名称"), _text(row, "区域")
        problems = []
        try:
            code = validate_credit_code(code)
        except InvalidCreditCode as exc:
            problems.append(str(exc))
        tier = _text(row, "信用风险分类").upper().rstrip("类") or "B"
        problems += _key_problems(
            code, number, seen=seen, existing=existing, label="统一社会信用代码", stored="已在库中"
        )
        if not name:
            problems.append("企业名称必填")
        if region not in regions:
            problems.append(f"区域“{region}”不存在")
        if tier not in ("A", "B", "C", "D"):
            problems.append("信用风险分类应为A、B、C或D")
        _keep(
            plan,
            number,
            problems,
            {
                "credit_code": code,
                "name": name,
                "region": regions.get(region),
                "industry": _text(row, "行业"),
                "credit_tier": tier,
            },
        )
    return plan


@transaction.atomic
def apply_import(*, actor: User, kind: str, plan: ImportPlan) -> int:
    require_write(actor)
    if not plan.ok:
        raise ValidationFailed("导入文件有错误，未写入任何数据。", code="import_errors")
    units = {u.pk: u for u in visible_units(actor)}
    for values in plan.created:
        if kind == "items":
            services.create_item(
                actor=actor,
                code=values["code"],
                name=values["name"],
                department=units[values["department"]],
                legal_basis=values["legal_basis"],
                level=values["level"],
                method=values["method"],
            )
        elif kind == "inspectors":
            services.create_inspector(
                actor=actor,
                code=values["code"],
                name=values["name"],
                department=units[values["department"]],
                region=Region.objects.get(pk=values["region"]),
                qualifications=list(InspectionItem.objects.filter(code__in=values["qualifications"])),
                active=values["active"],
            )
        else:
            core_services.create_enterprise(
                actor=actor,
                name=values["name"],
                credit_code=values["credit_code"],
                region=Region.objects.get(pk=values["region"]),
                industry=values["industry"],
                credit_tier=values["credit_tier"],
            )
    return len(plan.created)
