"""The pages: writing a rule (errors by line, preview), the enterprise's page (reasons, supplying a fact,
applying), review and payment, the public column, feed and 公示, and the API's rule check."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.makers import make_enterprise
from tests.policies.helpers import make_policy
from yingshang.policies import services
from yingshang.policies.models import Clause, EnterpriseFact, Redemption

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


def test_rule_errors_show_their_line_and_nothing_is_saved(cast: Any) -> None:
    policy = make_policy(cast)
    client = cast.client("office")
    page = client.post(
        f"/policies/{policy.pk}/clauses/new/",
        {
            "title": "错误规则",
            "rule": "eligible = all(\n  员工 > 3\n",
            "review_workdays": 10,
            "payment_workdays": 60,
        },
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "第2行" in body or "第1行" in body
    assert "没有闭合" in body
    assert Clause.objects.filter(policy=policy).count() == 1


def test_preview_answers_for_enterprises_without_saving(cast: Any) -> None:
    policy = make_policy(cast)
    client = cast.client("office")
    page = client.post(
        f"/policies/{policy.pk}/clauses/new/",
        {
            "title": "预览",
            "rule": 'eligible = 企业规模 == "小型"\nbenefit = 1000',
            "review_workdays": 10,
            "payment_workdays": 60,
            "preview": "1",
        },
    )
    body = page.content.decode()
    assert 'data-testid="preview-table"' in body and "奈曼旗恒达农牧业科技有限公司" in body and "符合" in body
    assert Clause.objects.filter(policy=policy).count() == 1


def test_enterprise_page_explains_supplies_fact_and_applies(cast: Any) -> None:
    make_policy(cast, publish=True)
    client = cast.client("enterprise_user")
    body = client.get("/policies/mine/").content.decode()
    assert "待确定" in body and "新增设备投资额" in body and "存在欠税" in body
    client.post("/policies/mine/", {"key": "has_tax_arrears", "value": "否"})
    client.post("/policies/mine/", {"key": "equipment_investment", "value": "3000000"})
    assert EnterpriseFact.objects.filter(enterprise=cast.enterprise, source="declaration").count() == 2
    body = client.get("/policies/mine/").content.decode()
    assert "测算可享" in body and "300000.00" in body and "3,000,000 × 0.1" in body
    clause = Clause.objects.get()
    invoice = SimpleUploadedFile("fp.pdf", b"%PDF-1.4", content_type="application/pdf")
    resp = client.post(
        f"/policies/clauses/{clause.pk}/apply/",
        {
            "fact_equipment_investment": "3000000",
            "fact_has_tax_arrears": "否",
            "statement": "购置设备",
            "file_0": invoice,
        },
    )
    r = Redemption.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/policies/redemptions/{r.pk}/"


def test_unit_reviews_and_pays_then_publication_shows_it(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    invoice = SimpleUploadedFile("fp.pdf", b"%PDF-1.4", content_type="application/pdf")
    r = services.apply_for_clause(
        actor=cast.enterprise_user,
        clause=policy.clauses.get(),
        facts={"has_tax_arrears": "否", "equipment_investment": "3000000"},
        files=[("设备购置发票", invoice)],
    )
    lead = cast.client("lead")
    lead.post(
        f"/policies/redemptions/{r.pk}/",
        {"action": "review", "decision": "accept", "amount": "", "reason": ""},
    )
    lead.post(
        f"/policies/redemptions/{r.pk}/",
        {"action": "pay", "amount": "300000", "paid_on": "2026-03-02", "voucher": "PZ-001"},
    )
    r.refresh_from_db()
    assert r.status == "paid"
    # The coop unit may not act on it (not its policy): 404.
    assert cast.client("coop").post(f"/policies/redemptions/{r.pk}/", {"action": "pay"}).status_code == 404
    body = Client().get(f"/policies/public/{policy.pk}/").content.decode()
    assert "奈曼旗恒达农牧业科技有限公司" in body and "300,000.00" in body
    feed = json.loads(Client().get("/policies/column/feed.json").content)
    assert feed["items"][0]["title"] == policy.title
    assert policy.title in Client().get("/policies/column/").content.decode()


def test_list_pages_stay_constant_in_queries(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    clause = policy.clauses.get()

    def count() -> int:
        client = cast.client("office")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/policies/redemptions/").status_code == 200
        return len(ctx)

    def add(n: int) -> None:
        for i in range(n):
            e = make_enterprise(cast.county, name=f"企业{i}{Redemption.objects.count()}")
            Redemption.objects.create(
                clause=clause,
                enterprise=e,
                origin="auto_grant",
                status="accepted",
                submitted_on="2026-03-02",
                review_due="2026-03-02",
            )

    add(2)
    few = count()
    add(10)
    assert count() == few


def test_api_rule_check_names_lines(cast: Any) -> None:
    client = cast.client("office")
    resp = client.post(
        "/api/v1/policies/rules/check",
        json.dumps({"rule": "eligible = true\nbenefit = employees / 0"}),
        content_type="application/json",
    )
    data = resp.json()
    assert data["ok"] is False and data["problems"] == [{"line": 2, "reason": "除数为零"}]
    resp = cast.client("enterprise_user").post(
        "/api/v1/policies/facts",
        json.dumps({"key": "size_class", "value": "微型"}),
        content_type="application/json",
    )
    assert resp.status_code == 422 and resp.json()["code"] == "platform_fact"
