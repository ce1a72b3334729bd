"""The 台账 as Excel: export of the ledger (or a filtered view) and re-import of the edited sheet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from yingshang.core.access import region_by_id
from yingshang.core.errors import ValidationFailed
from yingshang.core.excel import ImportPlan, RowError, read_sheet, write_sheet
from yingshang.core.models import Region, Unit, User
from yingshang.core.unit_directory import directory_for
from yingshang.core.unit_labels import unit_label
from yingshang.ledger import selectors, services
from yingshang.ledger.models import Task
from yingshang.ledger.review import OK_STATUSES

PROGRESS_EVERY = 50
HEADERS = [
    "任务编号",
    "序号",
    "任务",
    "牵头单位",
    "配合单位",
    "完成时限",
    "目标",
    "进展",
    "状态",
    "最近报送",
    "最新进展情况",
    "区域",
    "来源文件",
    "文号",
]
WIDTHS = [11, 12, 50, 22, 36, 12, 40, 8, 10, 12, 40, 10, 30, 18]


def _target_text(t: dict[str, Any]) -> str:
    return (
        t.get("phrase")
        or f"{t.get('subject', '')}{t.get('comparator', '')}{t.get('value', '')}{t.get('unit', '')}"
    )


def export_tasks(tasks: list[Task]) -> bytes:
    """Tasks as fetched by `selectors.with_units` (lead unit and cooperating units prefetched).

    Units are written as people read them (`unit_label`: qualified by region where the name is shared),
    which the import resolves back to the same unit."""
    progress = selectors.latest_progress_texts([t.pk for t in tasks])
    rows = (
        [
            t.code,
            t.path or "",
            t.title,
            unit_label(t.lead_unit),
            "、".join(unit_label(tu.unit) for tu in getattr(t, "cooperating", [])),
            t.due_date,
            "；".join(_target_text(x) for x in t.targets),
            f"{t.progress_percent}%",
            t.get_status_display(),
            timezone.localtime(t.last_reported_at).date() if t.last_reported_at else "",
            progress.get(t.pk, ""),
            region_by_id(t.region_id).name,
            t.document.title if t.document_id else "",
            t.document.doc_number if t.document_id else "",
        ]
        for t in tasks
    )
    return write_sheet("任务台账", HEADERS, rows, widths=WIDTHS)


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-"))


def _split(raw: Any) -> list[str]:
    text = str(raw or "").replace("，", "、").replace(",", "、").replace(";", "、").replace("；", "、")
    return [p.strip() for p in text.split("、") if p.strip()]


def plan_ledger_import(fileobj: IO[bytes], *, actor: User, region: Region) -> ImportPlan:
    """Dry run: which tasks a sheet would create or change, and every row's errors with its row number."""
    services.require_office(actor)
    # Rows may name tasks anywhere in the office's own scope (an export at the city level holds every
    # county's tasks), so names resolve against the units of that scope; new rows go to ``region``.
    scope = region_by_id(actor.region_id) if actor.region_id else region
    if not region.tree_path.startswith(scope.tree_path):
        scope = region
    regions = services.regions_under(scope)
    units = services.units_under(scope)
    directory = directory_for(units, regions)
    unit_by_id = {u.pk: u for u in units}
    existing = {t.pk: t for t in selectors.with_units(selectors.visible_tasks(actor).filter(is_group=False))}
    plan = ImportPlan()
    seen: set[int] = set()
    rows = read_sheet(fileobj, required=["任务", "牵头单位"], optional=["任务编号", "配合单位", "完成时限"])

    def resolve(name: str, region_name: str) -> int | None:
        # A bare name shared by several regions' units means the one of the task's (or the sheet's)
        # region; a name written with its region (奈曼旗 市场监督管理局) names that region's unit.
        res = directory.resolve(name, region_prefix=region_name)
        return res.unit_id if res.status in OK_STATUSES else None

    for number, row in rows:
        problems = []
        code = str(row.get("任务编号") or "").strip().upper()
        task = None
        if code:
            pk = int(code[2:]) if code.startswith("RW") and code[2:].isdigit() else None
            task = existing.get(pk) if pk else None
            if task is None:
                problems.append(f"任务编号“{code}”不存在或不在您的管辖范围")
            elif pk in seen:
                problems.append(f"任务编号“{code}”重复")
            else:
                seen.add(pk)  # type: ignore[arg-type]
        title = str(row.get("任务") or "").strip()
        if not title or len(title) > 300:
            problems.append("任务名称为空或超过300字")
        lead_name = str(row.get("牵头单位") or "").strip()
        row_region = region_by_id(task.region_id).name if task is not None else region.name
        lead = resolve(lead_name, row_region) if lead_name else None
        if lead is None:
            problems.append(f"牵头单位“{lead_name}”无法识别")
        coops = []
        for name in _split(row.get("配合单位")):
            uid = resolve(name, row_region)
            if uid is None:
                problems.append(f"配合单位“{name}”无法识别")
            elif uid != lead:
                coops.append(uid)
        try:
            due = _as_date(row.get("完成时限"))
        except ValueError:
            problems.append(f"完成时限“{row.get('完成时限')}”不是日期(YYYY-MM-DD)")
            due = None
        task_region = region_by_id(task.region_id) if task is not None else region
        for uid in [lead, *coops] if lead is not None else coops:
            unit_region = region_by_id(unit_by_id[uid].region_id)
            if not task_region.tree_path.startswith(
                unit_region.tree_path
            ) and not unit_region.tree_path.startswith(task_region.tree_path):
                problems.append(
                    f"“{unit_label(unit_by_id[uid])}”不属于{task_region.name}，不能承担该区域的任务"
                )
        if problems:
            plan.errors.append(RowError(number, "；".join(problems)))
            continue
        values = {
            "row": number,
            "title": title,
            "lead": lead,
            "lead_name": unit_by_id[lead].name,  # type: ignore[index]
            "coops": sorted(set(coops)),
            "due": due.isoformat() if due else None,
        }
        if task is None:
            plan.created.append(values)
            continue
        current = (
            task.title,
            task.lead_unit_id,
            sorted(tu.unit_id for tu in getattr(task, "cooperating", [])),
            task.due_date.isoformat() if task.due_date else None,
        )
        if current != (title, lead, values["coops"], values["due"]):
            plan.updated.append(values | {"id": task.pk, "code": task.code})
        else:
            plan.unchanged += 1
    return plan


@transaction.atomic
def apply_ledger_import(
    *, actor: User, plan: ImportPlan, region: Region, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write a clean plan in one transaction. `progress(done, total)` is told every PROGRESS_EVERY rows."""
    if not plan.ok:
        raise ValidationFailed("导入文件有错误，未写入任何数据。", code="import_errors")
    units = {u.pk: u for u in Unit.objects.filter(pk__in=_unit_ids(plan))}
    total = len(plan.created) + len(plan.updated)
    existing = Task.objects.in_bulk([v["id"] for v in plan.updated])
    for done, v in enumerate(plan.created + plan.updated, start=1):
        fields = {
            "title": v["title"],
            "lead_unit": units[v["lead"]],
            "cooperating_units": [units[u] for u in v["coops"]],
            "due_date": date.fromisoformat(v["due"]) if v["due"] else None,
        }
        if "id" in v:
            services.update_task(actor=actor, task=existing[v["id"]], **fields)
        else:
            services.create_task(actor=actor, region=region, **fields)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return total


def _unit_ids(plan: ImportPlan) -> set[int]:
    ids: set[int] = set()
    for v in plan.created + plan.updated:
        ids.add(v["lead"])
        ids.update(v["coops"])
    return ids


__all__ = ["HEADERS", "apply_ledger_import", "export_tasks", "plan_ledger_import"]
