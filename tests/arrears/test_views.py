"""Pages and API of the arrears app: the appeal action, the working shown, who reads which notes,
imports with dry run, the disclosure list and the query count of the ledger."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tests.arrears.helpers import make_case
from yingshang.arrears import services
from yingshang.arrears.models import ArrearsCase

pytestmark = pytest.mark.django_db


def test_appeal_page_opens_a_case_and_both_link(acast: Any) -> None:
    c = acast
    office = c.client("office")
    page = office.get(f"/appeals/{c.appeal.pk}/").content.decode()
    assert 'data-testid="open-case-form"' in page
    r = office.post(
        f"/arrears/from-appeal/{c.appeal.pk}/",
        {
            "debtor": c.lead_unit.pk,
            "contract_no": "HT-APPEAL-1",
            "contract_name": "维修工程",
            "contract_date": "2025-01-10",
            "amount": "88000.00",
            "delivered_on": "2025-03-01",
        },
    )
    case = ArrearsCase.objects.get(contract_no="HT-APPEAL-1")
    assert r.status_code == 302 and r["Location"] == f"/arrears/cases/{case.pk}/"
    assert case.appeal == c.appeal and case.source == "appeal" and case.creditor == c.enterprise
    assert f"/appeals/{c.appeal.pk}/" in office.get(f"/arrears/cases/{case.pk}/").content.decode()
    assert f"/arrears/cases/{case.pk}/" in office.get(f"/appeals/{c.appeal.pk}/").content.decode()
    # The enterprise sees its case from its appeal, but no action.
    ent_page = c.client("enterprise_user").get(f"/appeals/{c.appeal.pk}/").content.decode()
    assert f"/arrears/cases/{case.pk}/" in ent_page and "open-case-form" not in ent_page


def test_appeal_of_another_category_cannot_open_a_case(acast: Any) -> None:
    from tests.appeals.makers import make_appeal

    plain = make_appeal(acast)
    r = acast.client("office").post(f"/arrears/from-appeal/{plain.pk}/", {"case": acast.case.pk})
    assert r.status_code == 302
    assert ArrearsCase.objects.get(pk=acast.case.pk).appeal_id is None


def test_case_page_shows_working_and_hides_internal_notes_from_the_enterprise(acast: Any) -> None:
    c = acast
    services.add_case_note(actor=c.lead, case=c.case, text="财政资金尚未到位，内部协调中")
    page = c.client("office").get(f"/arrears/cases/{c.case.pk}/").content.decode()
    assert "法定付款期限届满日：2025-07-10" in page
    assert "财政资金尚未到位" in page
    ent = c.client("enterprise_user").get(f"/arrears/cases/{c.case.pk}/").content.decode()
    assert "法定付款期限届满日：2025-07-10" in ent
    assert "财政资金尚未到位" not in ent and "内部备注" not in ent


def test_forbidden_excuse_is_explained_on_the_page(acast: Any) -> None:
    c = acast
    r = c.client("lead").post(
        f"/arrears/instalments/{c.instalment.pk}/reschedule/",
        {"due_date": "2099-06-01", "reason": "单位领导换届，待新领导签批"},
        follow=True,
    )
    assert "领导或法定代表人变更不是迟延付款的理由" in r.content.decode()


def test_overdue_instalment_is_red_on_the_page(acast: Any) -> None:
    c = acast
    services.add_instalment(
        actor=c.lead, case=c.case, due_date=timezone.localdate() - timedelta(days=3), amount="500.00"
    )
    page = c.client("lead").get(f"/arrears/cases/{c.case.pk}/").content.decode()
    assert 'data-colour="red"' in page and 'data-colour="green"' in page


def test_calculator_page_and_api_agree_with_the_golden_case(client: Any, cast: Any) -> None:
    page = client.get(
        "/arrears/calculator/", {"amount": "100000.00", "delivered_on": "2025-06-10", "as_of": "2025-08-09"}
    ).content.decode()
    # Order 802 row: 0.0005 a day; 30 days × 100,000.00 × 0.0005 = 1,500.00.
    assert "逾期 30 日，逾期利息 1,500.00 元" in page or "逾期利息 1500.00 元" in page
    bad = client.get("/arrears/calculator/", {"amount": "-5", "delivered_on": "2025-06-10"})
    assert bad.status_code == 200 and "必须大于零" in bad.content.decode()
    api = cast.client("office").post(
        "/api/v1/arrears/calculate",
        {"amount": "100000.00", "delivered_on": "2025-06-10", "as_of": "2025-08-09"},
        content_type="application/json",
    )
    body = api.json()
    assert body["interest"] == "1500.00" and body["due_date"] == "2025-07-10" and body["days_overdue"] == 30
    err = cast.client("office").post(
        "/api/v1/arrears/calculate",
        {"amount": "1.001", "delivered_on": "2025-06-10"},
        content_type="application/json",
    )
    assert err.status_code == 422 and set(err.json()) == {"message", "code", "fields"}


def test_api_refuses_overpayment_with_the_error_shape(acast: Any) -> None:
    r = acast.client("office").post(
        f"/api/v1/arrears/cases/{acast.case.pk}/payments",
        {"paid_on": "2025-07-01", "amount": "100000.01"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "overpaid"
    assert ArrearsCase.objects.get(pk=acast.case.pk).paid_amount == 0


def _xlsx(rows: list[list[Any]]) -> io.BytesIO:
    from yingshang.arrears.services.imports import SURVEY

    wb = Workbook()
    ws = wb.active
    ws.append(list(SURVEY.columns.values()))
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "摸排清单.xlsx"
    return buf


def test_survey_import_dry_run_lists_row_errors_and_writes_nothing(acast: Any) -> None:
    c = acast
    code = c.enterprise.credit_code
    good = [
        "奈曼旗市场监督管理局",
        code,
        "MP-1",
        "食堂采购",
        date(2025, 1, 5),
        "12000.50",
        None,
        date(2025, 2, 1),
        None,
        45,
        "党政机关",
    ]
    rows = [
        good,
        ["不存在的局", code, "MP-2", "x", date(2025, 1, 5), "1", None, date(2025, 2, 1), None, None, None],
        [
            "奈曼旗市场监督管理局",
            code,
            "MP-3",
            "x",
            date(2025, 3, 5),
            "-1",
            None,
            date(2025, 2, 1),
            None,
            None,
            None,
        ],
        [
            "奈曼旗市场监督管理局",
            code,
            "MP-4",
            "x",
            date(2025, 3, 5),
            "10",
            None,
            date(2025, 2, 1),
            None,
            None,
            None,
        ],
    ]
    office = c.client("office")
    r = office.post("/arrears/import/", {"file": _xlsx(rows), "apply": "1"})
    page = r.content.decode()
    assert "可导入 1 行，错误 3 行" in page
    assert "不在本营商办管辖区域" in page and "必须大于零" in page and "交付日期不能早于合同签订日期" in page
    assert not ArrearsCase.objects.filter(contract_no__startswith="MP-").exists()
    r = office.post("/arrears/import/", {"file": _xlsx([good]), "apply": "1"})
    case = ArrearsCase.objects.get(contract_no="MP-1")
    assert case.source == "survey" and case.due_date == date(2025, 3, 18)  # 2025-02-01 + 45 days


def test_platform_csv_import(acast: Any) -> None:
    c = acast
    text = (
        "投诉编号,被投诉主体,投诉企业统一社会信用代码,合同编号,拖欠金额(元),交付(验收)日期,合同签订日期\n"
        f"TS2025001,奈曼旗市场监督管理局,{c.enterprise.credit_code},PF-1,30000.00,2025-04-01,2025-03-01\n"
    )
    f = io.BytesIO(text.encode("utf-8-sig"))
    f.name = "platform.csv"
    c.client("office").post("/arrears/import/?layout=platform", {"file": f, "apply": "1"})
    case = ArrearsCase.objects.get(contract_no="PF-1")
    assert case.source == "platform" and case.platform_ref == "TS2025001"


def test_disclosure_list_and_excel(acast: Any, client: Any) -> None:
    c = acast
    make_case(
        c,
        contract_no="OLD-1",
        contract_date=date(2024, 1, 1),
        delivered_on=date(2024, 2, 1),
        amount="5000.00",
    )
    page = client.get("/arrears/disclosure/").content.decode()
    assert "市场监督管理局" in page
    wb = load_workbook(io.BytesIO(client.get("/arrears/disclosure.xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "欠款单位" and rows[1][0] == "市场监督管理局"


def test_ledger_query_count_does_not_grow(acast: Any) -> None:
    c = acast
    office = c.client("office")
    office.get("/arrears/")
    with CaptureQueriesContext(connection) as few:
        office.get("/arrears/")
    for i in range(15):
        make_case(c, contract_no=f"N-{i}")
    with CaptureQueriesContext(connection) as many:
        office.get("/arrears/")
    assert len(many) == len(few)
