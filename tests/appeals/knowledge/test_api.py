"""The knowledge base API: create → publish → match → answer, and its errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.appeals.knowledge.makers import make_entry
from tests.appeals.makers import make_appeal
from yingshang.appeals.models import KnowledgeUse

pytestmark = pytest.mark.django_db
A = "/api/v1/appeals/knowledge"


def _post(client: Any, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json")


def test_unit_creates_publishes_and_the_office_matches_and_answers(cast: Any, service: Any) -> None:
    lead = cast.client("lead")
    created = _post(
        lead,
        f"{A}/",
        {
            "owner_unit_id": cast.lead_unit.pk,
            "question": "企业简易注销需要什么条件？",
            "keywords": "简易注销 注销登记",
            "answer": "未发生债权债务的企业可申请简易注销，公示20日。",
            "review_date": "2099-01-01",
        },
    )
    assert created.status_code == 201, created.content
    entry_id = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["version"] == 1
    assert _post(lead, f"{A}/{entry_id}/publish", {}).json()["status"] == "published"
    office = cast.client("office")
    found = office.get(f"{A}/match", {"text": "公司想办简易注销，需要满足什么条件"}).json()
    assert [m["entry"]["id"] for m in found][:1] == [entry_id]
    appeal = make_appeal(cast)
    used = _post(office, f"{A}/{entry_id}/answer", {"appeal_id": appeal.pk})
    assert used.status_code == 201
    assert KnowledgeUse.objects.get(appeal=appeal).entry_id == entry_id


def test_patch_makes_a_version_and_refuses_bad_input(cast: Any) -> None:
    entry = make_entry(cast)
    lead = cast.client("lead")
    changed = lead.patch(f"{A}/{entry.pk}", json.dumps({"answer": "新口径"}), content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    bad = lead.patch(
        f"{A}/{entry.pk}", json.dumps({"policy_url": "javascript:alert(1)"}), content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["fields"] == {"policy_url": "链接无效"}
    control = lead.patch(f"{A}/{entry.pk}", json.dumps({"answer": "a\x00b"}), content_type="application/json")
    assert control.status_code == 422 and "answer" in control.json()["fields"]
    empty = lead.patch(f"{A}/{entry.pk}", json.dumps({"question": None}), content_type="application/json")
    assert empty.status_code == 422


def test_list_filters_by_status_and_text(cast: Any) -> None:
    make_entry(cast)
    make_entry(cast, question="企业厂房不动产登记需要多长时间？", keywords="不动产登记", publish=False)
    office = cast.client("office")
    drafts = office.get(f"{A}/", {"status": "draft"}).json()
    assert drafts["count"] == 1 and drafts["items"][0]["question"].startswith("企业厂房")
    assert office.get(f"{A}/", {"q": "不动产"}).json()["count"] == 1
