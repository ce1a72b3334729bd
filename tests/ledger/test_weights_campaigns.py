"""Roll-up weights, restoring a cancelled task, and campaigns (专项行动)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from yingshang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from yingshang.core.events import timeline
from yingshang.ledger import services
from yingshang.ledger.models import Task


def _other_child(c: Any) -> Task:
    return Task.objects.get(parent=c.group, path="一/(二)")


def test_weights_drive_rollup_with_an_event_per_change(lcast: Any) -> None:
    services.accept_report(actor=lcast.office, report=lcast.report)  # 一/(一) at 30 %
    other = _other_child(lcast)
    services.set_weights(actor=lcast.office, parent=lcast.group, weights={lcast.task.pk: "1", other.pk: 0})
    lcast.group.refresh_from_db()
    assert lcast.group.rollup_percent == 30  # the zero-weight child no longer counts
    moves = [e for e in timeline(lcast.group) if e.action == "reweight"]
    assert len(moves) == 1  # only the weight that changed
    assert moves[0].note["task"] == other.pk and (moves[0].note["from"], moves[0].note["to"]) == (
        "1.00",
        "0.00",
    )

    services.set_weights(actor=lcast.office, parent=lcast.group, weights={other.pk: "3"})
    lcast.group.refresh_from_db()
    assert lcast.group.rollup_percent == round(30 / 4)


@pytest.mark.parametrize(
    "weights,code",
    [
        ({"task": "-1"}, "bad_weight"),
        ({"task": "abc"}, "bad_weight"),
        ({"task": 0, "other": 0}, "no_positive_weight"),
    ],
)
def test_weights_are_validated(lcast: Any, weights: dict[str, Any], code: str) -> None:
    ids = {"task": lcast.task.pk, "other": _other_child(lcast).pk}
    with pytest.raises(ValidationFailed) as exc:
        services.set_weights(
            actor=lcast.office, parent=lcast.group, weights={ids[k]: v for k, v in weights.items()}
        )
    assert exc.value.code == code
    assert set(Task.objects.filter(parent=lcast.group).values_list("weight", flat=True)) == {1}


def test_weights_only_for_children_and_only_by_the_office(lcast: Any) -> None:
    with pytest.raises(NotFound):
        services.set_weights(actor=lcast.office, parent=lcast.group, weights={lcast.closed.pk: 1})
    with pytest.raises(ValidationFailed):
        services.set_weights(actor=lcast.office, parent=lcast.task, weights={})
    with pytest.raises(NotAllowed):
        services.set_weights(actor=lcast.lead, parent=lcast.group, weights={lcast.task.pk: 2})


def test_weights_page_saves_and_shows_errors(lcast: Any) -> None:
    client = lcast.client("office")
    url = f"/ledger/tasks/{lcast.group.pk}/weights/"
    page = client.get(url).content.decode()
    assert "设置汇总权重" in page and f'name="weight_{lcast.task.pk}"' in page
    other = _other_child(lcast)
    bad = client.post(url, {f"weight_{lcast.task.pk}": "0", f"weight_{other.pk}": "0"}, follow=True)
    assert "至少要有一项" in bad.content.decode()
    assert client.post(url, {f"weight_{lcast.task.pk}": "2.5"}).status_code == 302
    assert Task.objects.get(pk=lcast.task.pk).weight == 2.5
    assert "权重 1.00 → 2.50" in client.get(url).content.decode()
    assert "设置汇总权重" in client.get(f"/ledger/tasks/{lcast.group.pk}/").content.decode()


def test_weights_api(lcast: Any) -> None:
    client = lcast.client("office")
    url = f"/api/v1/ledger/tasks/{lcast.group.pk}/weights"
    body = {
        "weights": [{"task_id": lcast.task.pk, "weight": 0}, {"task_id": _other_child(lcast).pk, "weight": 0}]
    }
    bad = client.put(url, json.dumps(body), content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "no_positive_weight"
    body["weights"][0]["weight"] = 4
    ok = client.put(url, json.dumps(body), content_type="application/json")
    assert ok.status_code == 200
    assert {r["task_id"]: r["weight"] for r in ok.json()}[lcast.task.pk] == 4.0
    neg = client.put(
        url, json.dumps({"weights": [{"task_id": lcast.task.pk, "weight": -1}]}), "application/json"
    )
    assert neg.status_code in (400, 422)


def test_restore_cancelled_task(lcast: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.restore_task(actor=lcast.office, task=lcast.cancelled, reason=" ")
    with pytest.raises(NotAllowed):
        services.restore_task(actor=lcast.lead, task=lcast.cancelled, reason="误撤销")
    client = lcast.client("office")
    page = client.get(f"/ledger/tasks/{lcast.cancelled.pk}/").content.decode()
    assert 'value="restore"' in page
    client.post(f"/ledger/tasks/{lcast.cancelled.pk}/closure/", {"action": "restore", "reason": "误撤销"})
    task = Task.objects.get(pk=lcast.cancelled.pk)
    assert task.status == Task.Status.IN_PROGRESS
    event = [e for e in timeline(task) if e.action == "restore"][0]
    assert event.note == {"reason": "误撤销"} and event.actor == lcast.office
    with pytest.raises(Conflict):
        services.restore_task(actor=lcast.office, task=task, reason="再次恢复")


def test_restore_api_refuses_an_open_task(lcast: Any) -> None:
    r = lcast.client("office").post(
        f"/api/v1/ledger/tasks/{lcast.task.pk}/restore", {"reason": "x"}, content_type="application/json"
    )
    assert r.status_code == 409


def test_campaigns_create_assign_and_filter(lcast: Any) -> None:
    with pytest.raises(Conflict):
        services.create_campaign(actor=lcast.office, region=lcast.county, name="2023 攻坚突破年")
    client = lcast.client("office")
    assert client.post("/ledger/campaigns/", {"name": "2024 提升年"}).status_code == 302
    client.post(f"/ledger/documents/{lcast.doc.pk}/campaign/", {"campaign": lcast.campaign.pk})
    leaves = Task.objects.filter(document=lcast.doc, is_group=False)
    assert set(Task.objects.filter(document=lcast.doc).values_list("campaign_id", flat=True)) == {
        lcast.campaign.pk
    }
    assert [e.action for e in timeline(lcast.doc)].count("assign_campaign") == 1

    page = client.get(f"/ledger/?campaign={lcast.campaign.pk}").content.decode()
    assert all(t.title in page for t in leaves) and "申请销号中的任务" not in page
    listing = client.get("/ledger/campaigns/").content.decode()
    assert "2023 攻坚突破年" in listing and "2024 提升年" in listing
    api = client.get(f"/api/v1/ledger/tasks?campaign={lcast.campaign.pk}").json()
    assert api["count"] == leaves.count()

    # An empty choice takes the document and its tasks out again.
    r = client.put(
        f"/api/v1/ledger/documents/{lcast.doc.pk}/campaign",
        {"campaign_id": None},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["campaign_id"] is None
    assert not Task.objects.filter(document=lcast.doc, campaign__isnull=False).exists()


def test_campaign_rename_and_delete(lcast: Any) -> None:
    from yingshang.ledger.models import Campaign

    client = lcast.client("office")
    other = services.create_campaign(actor=lcast.office, region=lcast.county, name="2024 提升年")
    # Renaming onto another campaign's name is refused; nothing changes.
    r = client.patch(
        f"/api/v1/ledger/campaigns/{lcast.campaign.pk}",
        {"name": "2024 提升年"},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["fields"] == {"name": "重名"}
    r = client.patch(
        f"/api/v1/ledger/campaigns/{lcast.campaign.pk}", {"name": ""}, content_type="application/json"
    )
    assert r.status_code == 422
    lcast.campaign.refresh_from_db()
    assert lcast.campaign.name == "2023 攻坚突破年"
    r = client.patch(
        f"/api/v1/ledger/campaigns/{lcast.campaign.pk}",
        {"name": " 2023 攻坚突破年（一期） "},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["name"] == "2023 攻坚突破年（一期）"
    assert [e.note["from"] for e in timeline(lcast.campaign) if e.action == "rename"] == ["2023 攻坚突破年"]

    # A campaign holding a document (and its tasks) cannot be deleted, by page or API.
    client.post(f"/ledger/documents/{lcast.doc.pk}/campaign/", {"campaign": lcast.campaign.pk})
    r = client.delete(f"/api/v1/ledger/campaigns/{lcast.campaign.pk}")
    assert (
        r.status_code == 409
        and r.json()["code"] == "not_empty"
        and "请先在文件页面移出" in r.json()["message"]
    )
    page = client.post(f"/ledger/campaigns/{lcast.campaign.pk}/delete/", follow=True).content.decode()
    assert "请先在文件页面移出" in page and Campaign.objects.filter(pk=lcast.campaign.pk).exists()
    assert "有文件，不能删除" in client.get("/ledger/campaigns/").content.decode()

    # Renamed through the page; the empty one is deleted.
    client.post(f"/ledger/campaigns/{other.pk}/rename/", {"name": "2024 营商环境提升年"})
    other.refresh_from_db()
    assert other.name == "2024 营商环境提升年"
    assert client.delete(f"/api/v1/ledger/campaigns/{other.pk}").status_code == 204
    assert not Campaign.objects.filter(pk=other.pk).exists()
    assert client.delete(f"/api/v1/ledger/campaigns/{other.pk}").status_code == 404
    # A page still showing the deleted campaign cannot put a document into it.
    with pytest.raises(NotFound):
        services.assign_campaign(actor=lcast.office, document=lcast.doc, campaign=other)
    # The leader sees the list but cannot change it.
    r = lcast.client("leader").patch(
        f"/api/v1/ledger/campaigns/{lcast.campaign.pk}", {"name": "x"}, content_type="application/json"
    )
    assert r.status_code == 403


def test_campaign_list_queries_do_not_grow(lcast: Any, django_assert_max_num_queries: Any) -> None:
    client = lcast.client("office")
    client.get("/ledger/campaigns/")
    with django_assert_max_num_queries(12) as small:
        client.get("/ledger/campaigns/")
    for i in range(5):
        services.create_campaign(actor=lcast.office, region=lcast.county, name=f"专项{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/ledger/campaigns/")


def test_campaign_of_another_county_is_not_found(lcast: Any) -> None:
    from tests.makers import make_user
    from yingshang.core.models import User

    county_office = make_user("county_office", User.Role.OFFICE_ADMIN, region=lcast.county)
    other = services.create_campaign(actor=lcast.office, region=lcast.other_county, name="外县行动")
    with pytest.raises(NotFound):
        services.assign_campaign(actor=county_office, document=lcast.doc, campaign=other)
    with pytest.raises(NotFound):
        services.create_campaign(actor=county_office, region=lcast.other_county, name="越权")
    r = lcast.client("office").post(f"/ledger/documents/{lcast.doc.pk}/campaign/", {"campaign": 10**9})
    assert r.status_code == 404


def test_report_with_attachments_in_one_multipart_call(lcast: Any) -> None:
    from tests.ledger.helpers import pdf

    client = lcast.client("lead")
    url = f"/api/v1/ledger/tasks/{lcast.task.pk}/reports/upload"
    r = client.post(
        url,
        {
            "period": "2025-04",
            "progress_text": "已完成一半",
            "percent": "50",
            "actual_values": '[{"index": 0, "value": 1}]',
            "files": [pdf("a.pdf"), pdf("b.pdf")],
        },
    )
    assert r.status_code == 201, r.content
    report = lcast.task.reports.get(pk=r.json()["id"])
    assert sorted(e.name for e in report.evidence.all()) == ["a.pdf", "b.pdf"]

    bad_json = client.post(
        url, {"period": "2025-05", "progress_text": "x", "percent": "50", "actual_values": "[{"}
    )
    assert bad_json.status_code == 422 and "actual_values" in bad_json.json()["fields"]
    fake = pdf("fake.png")
    bad_file = client.post(url, {"period": "2025-05", "progress_text": "x", "percent": "50", "files": [fake]})
    assert bad_file.status_code == 422
    assert not lcast.task.reports.filter(period="2025-05").exists()
    no_files = client.post(url, {"period": "2025-05", "progress_text": "x", "percent": "50"})
    assert no_files.status_code == 201
