"""Excel exports of the item list, the inspector pool and the target pool, through core.excel's writer."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse

from yingshang.core.access import visible_enterprises
from yingshang.core.errors import NotFound
from yingshang.core.excel import write_sheet
from yingshang.core.models import User
from yingshang.inspections.models import InspectionItem, Inspector

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ITEM_HEADERS = ("事项编码", "抽查事项", "实施部门", "检查依据", "类别", "检查方式")
INSPECTOR_HEADERS = ("执法证号", "姓名", "所在部门", "区域", "执法资格", "在岗")
TARGET_HEADERS = ("统一社会信用代码", "企业名称", "区域", "行业", "信用风险分类")


def visible_inspectors(user: User) -> QuerySet[Inspector]:
    qs = Inspector.objects.select_related("department", "region").prefetch_related("qualifications")
    if user.is_unit_user:
        return qs.filter(department_id=user.unit_id)
    return qs


def export_response(user: User, kind: str) -> HttpResponse:
    rows: list[tuple[object, ...]]
    if kind == "items":
        rows = [
            (i.code, i.name, i.department.name, i.legal_basis, i.get_level_display(), i.method)
            for i in InspectionItem.objects.select_related("department")
        ]
        data = write_sheet("抽查事项清单", ITEM_HEADERS, rows, (14, 30, 20, 30, 8, 14))
    elif kind == "inspectors":
        rows = [
            (
                i.code,
                i.name,
                i.department.name,
                i.region.name,
                "、".join(q.code for q in i.qualifications.all()),
                "是" if i.active else "否",
            )
            for i in visible_inspectors(user)
        ]
        data = write_sheet("执法检查人员名录库", INSPECTOR_HEADERS, rows, (16, 12, 20, 12, 30, 6))
    elif kind == "targets":
        rows = [
            (e.credit_code, e.name, e.region.name, e.industry, e.credit_tier)
            for e in visible_enterprises(user).iterator(chunk_size=2000)
        ]
        data = write_sheet("检查对象名录库", TARGET_HEADERS, rows, (22, 30, 12, 16, 8))
    else:
        raise NotFound("没有这种导出。")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="inspections-{kind}.xlsx"'
    return response
