"""通报: the snapshot of a period's figures as of a date, and its Word rendering in official style."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from yingshang.assessment import official_layout as layout
from yingshang.assessment.models import Bulletin, FollowUp, Scheme, SchemeStatus
from yingshang.core.chinese_dates import chinese_date
from yingshang.core.models import Region
from yingshang.core.text import strip_forbidden
from yingshang.core.unit_labels import unit_label
from yingshang.dashboard.sources import Scope, get_source
from yingshang.indicators.models import IndicatorWarning, Observation
from yingshang.indicators.periods import parse_period

SECTIONS = [
    "一、总体进展",
    "二、任务推进情况",
    "三、企业诉求办理情况",
    "四、评价指标达标情况",
    "五、红黑榜",
    "六、末位约谈单位",
]
CHINESE_NUMBERS = "一二三四五六七八九十"
NO_DATA = "暂无数据"
TABLE_SIZE = Pt(12)  # 小四: tables in the body are set smaller than the 3号 text
OFFICE_MARK_SIZE = 26  # pt: 发文机关标志, red 小标宋, larger than the title, shrunk to fit one line
TYPE_AREA_WIDTH = 440  # pt, a little under 156 mm


def _cutoff(bulletin: Bulletin) -> datetime:
    return timezone.make_aware(datetime.combine(bulletin.as_of, time.max))


def _source_table(code: str, scope: Scope) -> dict[str, Any] | None:
    source = get_source(code)
    if source is None:
        return None
    if source.table is not None:
        headers, rows = source.table(scope)
    else:
        headers, rows, _ = source.rows(scope, "", 0, 200)
    return {"title": source.title, "headers": list(headers), "rows": [[str(c) for c in r] for r in rows]}


def take_snapshot(bulletin: Bulletin) -> dict[str, Any]:
    """Every figure of the bulletin, read once; later edits of the data do not change a stored snapshot."""
    p = parse_period(bulletin.period)
    cutoff = _cutoff(bulletin)
    region_ids = list(
        Region.objects.filter(tree_path__startswith=bulletin.region.tree_path).values_list("pk", flat=True)
    )
    obs = Observation.objects.filter(
        region_id__in=region_ids, period_start__gte=p.start, period_end__lte=p.end, created_at__lte=cutoff
    )
    by_indicator = [
        [
            r["indicator__parent__name"],
            r["total"],
            r["met"],
            r["missed"],
            r["warned"],
            f"{r['met'] * 100 / r['total']:.1f}%" if r["total"] else "—",
        ]
        for r in obs.values("indicator__parent__code", "indicator__parent__name")
        .annotate(
            total=Count("id"),
            met=Count("id", filter=Q(result="met")),
            missed=Count("id", filter=Q(result="missed")),
            warned=Count("id", filter=Q(result="warning")),
        )
        .order_by("indicator__parent__code")
    ]
    totals = obs.aggregate(total=Count("id"), met=Count("id", filter=Q(result="met")))
    warnings = IndicatorWarning.objects.filter(
        region_id__in=region_ids,
        observation__period_start__gte=p.start,
        observation__period_end__lte=p.end,
        created_at__lte=cutoff,
    ).aggregate(total=Count("id"), overdue=Count("id", filter=Q(status="overdue")))
    schemes = list(
        Scheme.objects.filter(
            region_id__in=region_ids, period=p.key, status=SchemeStatus.PUBLISHED, published_at__lte=cutoff
        ).order_by("pk")
    )
    lists = [s.published_list for s in schemes]
    interviews = [
        [unit_label(f.unit), f.scheme.name, f.get_kind_display(), f.get_status_display()]
        for f in FollowUp.objects.filter(scheme__in=schemes).select_related("unit", "scheme").order_by("pk")
    ]
    scope = Scope(bulletin.created_by, tuple(region_ids), p.start, p.end)  # type: ignore[arg-type]
    return {
        "snapshot_id": f"S{bulletin.pk}",
        "as_of": bulletin.as_of.isoformat(),
        "taken_at": timezone.now().isoformat(timespec="seconds"),
        "period": p.key,
        "period_label": p.label,
        "region": bulletin.region.name,
        "overall": {
            "observations": totals["total"],
            "met": totals["met"],
            "rate": f"{totals['met'] * 100 / totals['total']:.1f}%" if totals["total"] else "—",
            "warnings": warnings["total"],
            "overdue_warnings": warnings["overdue"],
            "published_lists": len(lists),
        },
        "tasks": _source_table("task_colours", scope),
        "appeals": _source_table("appeals", scope),
        "indicators": {
            "headers": ["一级指标", "监测值", "达标", "未达目标", "触发预警", "达标率"],
            "rows": by_indicator,
        },
        "lists": lists,
        "interviews": {"headers": ["单位", "考核方案", "方式", "状态"], "rows": interviews},
        "extra": _extra_sections(scope),
    }


def _extra_sections(scope: Scope) -> list[dict[str, Any]]:
    from yingshang.assessment.bulletin_sections import bulletin_sections

    out = []
    for section in bulletin_sections():
        headers, rows = section.table(scope)
        out.append(
            {"title": section.title, "headers": list(headers), "rows": [[str(c) for c in r] for r in rows]}
        )
    return out


def source_note(snapshot: dict[str, Any]) -> str:
    return f"数据来源：快照 {snapshot['snapshot_id']}（数据截至 {snapshot['as_of']}）"


def list_rows(snapshot: dict[str, Any]) -> list[list[str]]:
    rows = []
    for lst in snapshot.get("lists", []):
        for group in lst.get("groups", {}).values():
            for flag, label in (("red", "红榜"), ("black", "黑榜")):
                for e in group.get(flag, []):
                    rows.append(
                        [
                            lst.get("name", ""),
                            group.get("label", ""),
                            label,
                            str(e["rank"]),
                            e["unit"],
                            e["total"],
                        ]
                    )
    return rows


def _table(doc: Any, headers: list[str], rows: list[list[Any]], snapshot: dict[str, Any]) -> None:
    layout.body_paragraph(doc, source_note(snapshot), indent=False, size=TABLE_SIZE)
    if not rows:
        layout.body_paragraph(doc, NO_DATA, size=TABLE_SIZE)
        return
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, h in zip(table.rows[0].cells, headers, strict=False):
        cell.text = ""
        layout.set_fonts(cell.paragraphs[0].add_run(strip_forbidden(str(h))), layout.HEADING_FONT, TABLE_SIZE)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = ""
            layout.set_fonts(
                cell.paragraphs[0].add_run(strip_forbidden(str(value))), layout.BODY_FONT, TABLE_SIZE
            )


def _centred(doc: Any, text: str, font: str, size: Any, colour: Any = None) -> Any:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    layout.body_spacing(p)
    layout.set_fonts(p.add_run(strip_forbidden(text)), font, size, colour=colour)
    return p


def _signed(doc: Any, text: str) -> None:
    """署名 and 成文日期: right-aligned, four characters in from the right edge (GB/T 9704 §7.3.5)."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.right_indent = Pt(layout.SIZE_3.pt * 4)
    layout.body_spacing(p)
    layout.set_fonts(
        p.add_run(strip_forbidden(text)), layout.BODY_FONT, layout.SIZE_3, condense=layout.BODY_CONDENSE
    )


def issuing_office(region_name: str) -> str:
    return f"{region_name}优化营商环境工作领导小组办公室"


def render_docx(bulletin: Bulletin, snapshot: dict[str, Any], *, issued_on: date) -> bytes:
    """The 通报 as an official document: 版头 (office, 发文字号, red rule), title, body, 署名, date."""
    doc = Document()
    section = doc.sections[0]
    layout.set_page(section)
    layout.add_page_numbers(doc, section)
    office = issuing_office(snapshot["region"])
    mark_size = Pt(min(OFFICE_MARK_SIZE, TYPE_AREA_WIDTH // max(len(office), 1)))
    _centred(doc, office, layout.TITLE_FONT, mark_size, colour=layout.RED)
    layout.body_paragraph(doc, "", indent=False)
    number = _centred(doc, bulletin.doc_number, layout.BODY_FONT, layout.SIZE_3)
    layout.red_rule(number)
    layout.body_paragraph(doc, "", indent=False)
    _centred(doc, bulletin.title, layout.TITLE_FONT, layout.SIZE_2)
    layout.body_paragraph(doc, "", indent=False)
    layout.body_paragraph(doc, "各成员单位：", indent=False)
    o = snapshot["overall"]
    layout.heading_paragraph(doc, SECTIONS[0])
    layout.body_paragraph(
        doc,
        f"{snapshot['period_label']}，{snapshot['region']}共报送评价指标监测值 {o['observations']} 条，"
        f"达标 {o['met']} 条，达标率 {o['rate']}；产生指标预警 {o['warnings']} 条，其中逾期未说明 "
        f"{o['overdue_warnings']} 条；发布红黑榜 {o['published_lists']} 期。",
    )
    _table(
        doc,
        ["监测值", "达标", "达标率", "预警", "逾期预警"],
        [[o["observations"], o["met"], o["rate"], o["warnings"], o["overdue_warnings"]]],
        snapshot,
    )
    for title, key in ((SECTIONS[1], "tasks"), (SECTIONS[2], "appeals")):
        layout.heading_paragraph(doc, title)
        block = snapshot.get(key)
        if block:
            _table(doc, block["headers"], block["rows"], snapshot)
        else:
            _table(doc, [], [], snapshot)
    layout.heading_paragraph(doc, SECTIONS[3])
    _table(doc, snapshot["indicators"]["headers"], snapshot["indicators"]["rows"], snapshot)
    layout.heading_paragraph(doc, SECTIONS[4])
    _table(doc, ["考核方案", "分组", "榜单", "名次", "单位", "得分"], list_rows(snapshot), snapshot)
    layout.heading_paragraph(doc, SECTIONS[5])
    _table(doc, snapshot["interviews"]["headers"], snapshot["interviews"]["rows"], snapshot)
    for number, extra in enumerate(snapshot.get("extra", []), start=len(SECTIONS) + 1):
        layout.heading_paragraph(doc, f"{CHINESE_NUMBERS[number - 1]}、{extra['title']}")
        _table(doc, extra["headers"], extra["rows"], snapshot)
    for _ in range(2):
        layout.body_paragraph(doc, "", indent=False)
    _signed(doc, office)
    _signed(doc, chinese_date(issued_on))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
