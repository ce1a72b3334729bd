"""The unit directory as Excel, and name resolution against it."""

from __future__ import annotations

from typing import IO

from django.db import transaction

from yingshang.core.access import require_role, require_write
from yingshang.core.errors import ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.excel import ImportPlan, RowError, read_sheet, write_sheet
from yingshang.core.models import Region, Unit, User
from yingshang.core.unitnames import Resolution, UnitDirectory, UnitEntry

HEADERS = ["名称", "简称", "别名", "类型", "所属区域", "启用"]
KIND_BY_LABEL = {label: value for value, label in Unit.Kind.choices}
LABEL_BY_KIND = dict(Unit.Kind.choices)


def export_units(units: list[Unit]) -> bytes:
    rows = (
        [
            u.name,
            u.short_name,
            "、".join(u.aliases),
            LABEL_BY_KIND.get(u.kind, u.kind),
            u.region.name,
            "是" if u.is_active else "否",
        ]
        for u in units
    )
    return write_sheet("单位名录", HEADERS, rows, widths=[32, 16, 30, 10, 16, 6])


def _split_aliases(raw: object) -> list[str]:
    text = str(raw or "").replace("，", "、").replace(",", "、")
    return [a.strip() for a in text.split("、") if a.strip()]


def plan_unit_import(fileobj: IO[bytes], *, regions: list[Region]) -> ImportPlan:
    by_name = {r.name: r for r in regions}
    existing = {(u.region_id, u.name): u for u in Unit.objects.filter(region__in=regions)}
    plan = ImportPlan()
    seen: set[tuple[int, str]] = set()
    for number, row in read_sheet(
        fileobj, required=["名称", "类型", "所属区域"], optional=["简称", "别名", "启用"]
    ):
        name = str(row.get("名称") or "").strip()
        region = by_name.get(str(row.get("所属区域") or "").strip())
        kind = KIND_BY_LABEL.get(str(row.get("类型") or "").strip())
        active_raw = str(row.get("启用") or "是").strip()
        problems = []
        if not name:
            problems.append("名称为空")
        if region is None:
            problems.append(f"所属区域“{row.get('所属区域')}”不存在或不在您的管辖范围")
        if kind is None:
            problems.append(f"类型“{row.get('类型')}”无效，应为：{'、'.join(KIND_BY_LABEL)}")
        if active_raw not in ("是", "否"):
            problems.append("启用应填“是”或“否”")
        if problems:
            plan.errors.append(RowError(number, "；".join(problems)))
            continue
        assert region is not None
        key = (region.pk, name)
        if key in seen:
            plan.errors.append(RowError(number, f"与前面的行重复：{name}"))
            continue
        seen.add(key)
        values = {
            "name": name,
            "region": region.pk,
            "region_name": region.name,
            "kind": kind,
            "short_name": str(row.get("简称") or "").strip(),
            "aliases": _split_aliases(row.get("别名")),
            "is_active": active_raw == "是",
            "row": number,
        }
        current = existing.get(key)
        if current is None:
            plan.created.append(values)
        elif (current.kind, current.short_name, list(current.aliases), current.is_active) != (
            values["kind"],
            values["short_name"],
            values["aliases"],
            values["is_active"],
        ):
            plan.updated.append(values | {"id": current.pk})
        else:
            plan.unchanged += 1
    return plan


@transaction.atomic
def apply_unit_import(*, actor: User, plan: ImportPlan) -> int:
    require_write(actor)
    require_role(actor, User.Role.OFFICE_ADMIN)
    if not plan.ok:
        raise ValidationFailed("导入文件有错误，未写入任何数据。", code="import_errors")
    for values in plan.created:
        unit = Unit.objects.create(
            name=values["name"],
            region_id=values["region"],
            kind=values["kind"],
            short_name=values["short_name"],
            aliases=values["aliases"],
            is_active=values["is_active"],
        )
        record_event(unit, actor=actor, action="import_create")
    for values in plan.updated:
        Unit.objects.filter(pk=values["id"]).update(
            kind=values["kind"],
            short_name=values["short_name"],
            aliases=values["aliases"],
            is_active=values["is_active"],
        )
        record_event(Unit(pk=values["id"]), actor=actor, action="import_update", note={"row": values["row"]})
    return len(plan.created) + len(plan.updated)


def directory_for(units: list[Unit], regions: list[Region]) -> UnitDirectory:
    entries = [
        UnitEntry(
            id=u.pk, name=u.name, short_name=u.short_name, aliases=tuple(u.aliases), region=u.region.name
        )
        for u in units
    ]
    return UnitDirectory(entries, region_names=[r.name for r in regions])


def resolve_unit_name(
    text: str, *, units: list[Unit], regions: list[Region], region_prefix: str = ""
) -> Resolution:
    return directory_for(units, regions).resolve(text, region_prefix=region_prefix)
