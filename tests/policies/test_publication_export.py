"""The 公示 Excel export: opened as a real .xlsx, its header and rows are the public page's table."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from tests.makers import make_enterprise
from tests.policies.helpers import make_policy
from yingshang.policies import services
from yingshang.policies.models import Redemption

pytestmark = pytest.mark.django_db

CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


def _page_table(html: str) -> list[list[str]]:
    table = html.split('data-testid="publication"', 1)[1].split("</table>", 1)[0]
    return [
        [unescape(c).strip() for c in CELL.findall(tr)] for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def _sheet(data: bytes) -> list[list[str]]:
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    out = []
    for row in ws.iter_rows(values_only=True):
        # Amounts as finance offices write them, which is how the page shows them: 120,000.00.
        out.append([f"{Decimal(str(v)):,.2f}" if isinstance(v, int | float) else str(v) for v in row])
    return out


def _redeem(cast: Any, policy: Any, name: str, *, paid: str | None) -> None:
    clause = policy.clauses.get()
    enterprise = make_enterprise(cast.county, name=name)
    r = Redemption.objects.create(
        clause=clause,
        enterprise=enterprise,
        origin="auto_grant",
        status="accepted",
        submitted_on="2026-03-02",
        review_due="2026-03-02",
        amount_approved=Decimal("120000.00"),
    )
    if paid:
        services.pay_redemption(
            actor=cast.lead, redemption=r, amount=Decimal(paid), paid_on=date(2026, 3, 2), voucher="PZ-1"
        )


def test_the_export_has_the_public_pages_columns_and_rows(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    _redeem(cast, policy, "奈曼旗甲乙农牧业有限公司", paid="120000")
    _redeem(cast, policy, "奈曼旗丙丁商贸有限公司", paid=None)
    client = Client()
    page = _page_table(client.get(f"/policies/public/{policy.pk}/").content.decode())
    response = client.get(f"/policies/public/{policy.pk}/publication.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = _sheet(response.content)
    assert sheet[0] == ["企业", "条款", "方式", "核定金额(元)", "兑现金额(元)", "兑现日期"]
    assert sheet == page
    assert len(sheet) == 3
    assert "120,000.00" in sheet[1] + sheet[2]
    assert ["待兑现", "—"] == sheet[1][4:] or ["待兑现", "—"] == sheet[2][4:]


def test_the_public_page_shows_the_table_and_its_link_once(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    _redeem(cast, policy, "奈曼旗甲乙农牧业有限公司", paid="120000")
    html = Client().get(f"/policies/public/{policy.pk}/").content.decode()
    assert html.count('data-testid="publication"') == 1
    assert html.count('data-testid="publication-export"') == 1
    assert html.count("<tr>") == 2  # the header and the one redemption
    assert policy.title in html and "政策解读" in html


def test_an_empty_publication_offers_no_export(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    html = Client().get(f"/policies/public/{policy.pk}/").content.decode()
    assert "暂无公示" in html and 'data-testid="publication-export"' not in html


def test_refused_and_pending_redemptions_are_in_neither(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    _redeem(cast, policy, "奈曼旗公示企业有限公司", paid=None)
    hidden = make_enterprise(cast.county, name="奈曼旗未通过企业有限公司")
    Redemption.objects.create(
        clause=policy.clauses.get(),
        enterprise=hidden,
        origin="application",
        status="refused",
        submitted_on="2026-03-02",
        review_due="2026-03-02",
    )
    data = Client().get(f"/policies/public/{policy.pk}/publication.xlsx").content
    names = [row[0] for row in _sheet(data)[1:]]
    assert names == ["奈曼旗公示企业有限公司"]


def test_a_draft_policy_has_no_export(cast: Any) -> None:
    policy = make_policy(cast, publish=False)
    assert Client().get(f"/policies/public/{policy.pk}/publication.xlsx").status_code == 404
    office_page = cast.client("office").get(f"/policies/{policy.pk}/").content.decode()
    assert "publication.xlsx" not in office_page
