"""Imports of 摸排 lists (Excel) and of the national arrears complaint platform's exports (CSV or Excel).

Both read the same row shape; each is planned first (dry run: every row checked, row errors listed)
and applied only when no row has an error. See docs/arrears.md for the columns.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.db import transaction

from yingshang.arrears.models import ArrearsCase
from yingshang.arrears.services.cases import check_case_fields, open_case, open_case_for
from yingshang.arrears.services.common import require_office
from yingshang.core.access import region_by_id
from yingshang.core.errors import DomainError, ValidationFailed
from yingshang.core.excel import ImportPlan, RowError, read_sheet
from yingshang.core.models import Enterprise, Unit, User


@dataclass(frozen=True)
class Layout:
    source: str
    action: str
    # our key → the column header in the file
    columns: dict[str, str]
    required: tuple[str, ...]


SURVEY = Layout(
    ArrearsCase.Source.SURVEY,
    "import",
    {
        "debtor": "欠款单位",
        "credit_code": "债权企业统一社会信用代码",
        "contract_no": "合同编号",
        "contract_name": "合同名称",
        "contract_date": "合同签订日期",
        "amount": "欠款金额",
        "disputed_amount": "争议金额",
        "delivered_on": "交付日期",
        "accepted_on": "验收日期",
        "agreed_term_days": "约定付款期限",
        "sector": "主体类型",
    },
    ("debtor", "credit_code", "contract_no", "contract_name", "contract_date", "amount", "delivered_on"),
)
PLATFORM = Layout(
    ArrearsCase.Source.PLATFORM,
    "import_platform",
    {
        "platform_ref": "投诉编号",
        "debtor": "被投诉主体",
        "credit_code": "投诉企业统一社会信用代码",
        "contract_no": "合同编号",
        "contract_name": "合同名称",
        "contract_date": "合同签订日期",
        "amount": "拖欠金额(元)",
        "delivered_on": "交付(验收)日期",
    },
    ("platform_ref", "debtor", "credit_code", "contract_no", "amount", "delivered_on"),
)
SECTORS = {label: value for value, label in ArrearsCase.Sector.choices}


def _rows(fileobj: IO[bytes], name: str, layout: Layout) -> list[tuple[int, dict[str, Any]]]:
    headers = [layout.columns[k] for k in layout.required]
    optional = [h for k, h in layout.columns.items() if k not in layout.required]
    if name.lower().endswith(".csv"):
        try:
            text = fileobj.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationFailed("CSV文件应为UTF-8编码。", code="bad_file") from None
        reader = csv.DictReader(io.StringIO(text))
        missing = [h for h in headers if h not in (reader.fieldnames or [])]
        if missing:
            raise ValidationFailed(f"缺少表头列：{'、'.join(missing)}", code="bad_header")
        raw = [(n, {k: (v or "").strip() for k, v in r.items() if k}) for n, r in enumerate(reader, start=2)]
    else:
        raw = read_sheet(fileobj, headers, optional)
    reverse = {h: k for k, h in layout.columns.items()}
    return [(n, {reverse[h]: v for h, v in row.items() if h in reverse}) for n, row in raw]


def _date(value: Any, label: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"“{label}”不是有效日期(应为 2025-06-30)。") from None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def plan_import(*, actor: User, fileobj: IO[bytes], name: str, layout: Layout = SURVEY) -> ImportPlan:
    """Check every row; nothing is written. Rows become `plan.created` entries ready for `apply_import`."""
    require_office(actor)
    rows = _rows(fileobj, name, layout)
    region = region_by_id(actor.region_id) if actor.region_id else None
    units = Unit.objects.filter(is_active=True).select_related("region")
    if region is not None:
        units = units.filter(region__tree_path__startswith=region.tree_path)
    by_name: dict[str, list[Unit]] = {}
    for u in units:
        for key in {u.name, u.short_name, f"{u.region.name}{u.name}"} - {""}:
            by_name.setdefault(key, []).append(u)
    plan = ImportPlan()
    seen: set[tuple[int, int, str]] = set()
    for number, row in rows:
        try:
            entry = _plan_row(actor, row, by_name, layout)
        except DomainError as exc:
            plan.errors.append(RowError(number, exc.message))
            continue
        contract = (entry["debtor"].pk, entry["creditor"].pk, entry["contract_no"])
        if contract in seen:
            plan.errors.append(RowError(number, f"合同“{entry['contract_no']}”在文件中重复。"))
            continue
        seen.add(contract)
        entry["row"] = number
        plan.created.append(entry)
    return plan


def _plan_row(
    actor: User, row: dict[str, Any], by_name: dict[str, list[Unit]], layout: Layout
) -> dict[str, Any]:
    for key in layout.required:
        if _text(row.get(key)) == "":
            raise ValidationFailed(f"“{layout.columns[key]}”为空。")
    name = _text(row["debtor"])
    matches = by_name.get(name, [])
    if not matches:
        raise ValidationFailed(f"欠款单位“{name}”不在本营商办管辖区域的单位名录中。")
    if len(matches) > 1:
        raise ValidationFailed(f"欠款单位“{name}”有多个同名单位，请写明所属区域(如“奈曼旗{name}”)。")
    debtor = matches[0]
    creditor = Enterprise.objects.filter(credit_code=_text(row["credit_code"]).upper()).first()
    if creditor is None:
        raise ValidationFailed(f"统一社会信用代码“{_text(row['credit_code'])}”的企业未登记。")
    delivered_on = _date(row["delivered_on"], layout.columns["delivered_on"])
    contract_date = (
        _date(row["contract_date"], "合同签订日期") if _text(row.get("contract_date")) else delivered_on
    )
    accepted_on = _date(row["accepted_on"], "验收日期") if _text(row.get("accepted_on")) else None
    term_text = _text(row.get("agreed_term_days"))
    if term_text and not term_text.isdigit():
        raise ValidationFailed("“约定付款期限”应为天数(整数)。")
    term = int(term_text) if term_text else None
    sector_text = _text(row.get("sector"))
    if sector_text and sector_text not in SECTORS:
        raise ValidationFailed(f"“主体类型”应为：{'、'.join(SECTORS)}。")
    values = check_case_fields(
        actor=actor,
        debtor=debtor,
        amount=_text(row["amount"]),
        disputed_amount=_text(row.get("disputed_amount")) or 0,
        contract_date=contract_date,
        delivered_on=delivered_on,
        accepted_on=accepted_on,
        agreed_term_days=term,
        agreed_daily_rate=None,
    )
    contract_no = _text(row["contract_no"])
    if open_case_for(debtor, creditor, contract_no) is not None:
        raise ValidationFailed(f"合同“{contract_no}”已有一件未清偿的欠款案件。")
    return {
        "debtor": debtor,
        "creditor": creditor,
        "contract_no": contract_no,
        "contract_name": _text(row.get("contract_name")) or contract_no,
        "contract_date": contract_date,
        "delivered_on": delivered_on,
        "accepted_on": accepted_on,
        "agreed_term_days": term,
        "sector": SECTORS.get(sector_text, ArrearsCase.Sector.ORGAN),
        "platform_ref": _text(row.get("platform_ref")),
        "amount": values["amount"],
        "disputed_amount": values["disputed_amount"],
    }


@transaction.atomic
def apply_import(*, actor: User, plan: ImportPlan, layout: Layout = SURVEY) -> list[ArrearsCase]:
    if not plan.ok:
        raise ValidationFailed("导入文件有错误行，请修改后重新上传。", code="row_errors")
    cases = []
    for entry in plan.created:
        fields = {k: v for k, v in entry.items() if k != "row"}
        cases.append(open_case(actor=actor, source=layout.source, action=layout.action, **fields))
    return cases
