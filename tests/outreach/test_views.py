"""The outreach pages' forms, end to end through the client (the browser tests cover the phone)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.outreach.makers import appoint, assign, make_event, make_problem, make_service
from tests.outreach.test_campaign_import import upload
from tests.outreach.test_services import _sheet
from yingshang.appeals.models import Appeal
from yingshang.ledger.models import Task
from yingshang.outreach.models import Assignment, CallbackCampaign, Problem, Visit


def test_cadre_logs_a_visit_with_problems(cast: Any) -> None:
    assign(cast)
    response = cast.client("lead").post(
        f"/outreach/enterprises/{cast.enterprise.pk}/visit/",
        {
            "visited_on": timezone.localdate().isoformat(),
            "method": "on_site",
            "discussed": "了解用工情况",
            "problems": "招工难\n用电报装慢",
        },
    )
    assert response.status_code == 302
    assert Visit.objects.get().problems.count() == 2


def test_a_refused_visit_shows_the_form_again(cast: Any) -> None:
    assign(cast)
    response = cast.client("lead").post(
        f"/outreach/enterprises/{cast.enterprise.pk}/visit/",
        {"visited_on": "2099-01-01", "method": "on_site", "discussed": "x"},
    )
    assert response.status_code == 200 and "晚于今天" in response.content.decode()
    assert not Visit.objects.exists()


def test_office_triages_into_appeal_task_and_dismissal(cast: Any) -> None:
    client = cast.client("office")
    service = make_service()
    first = make_problem(cast)
    assert (
        client.post(
            f"/outreach/problems/{first.pk}/", {"action": "appeal", "service": service.pk}
        ).status_code
        == 302
    )
    second = make_problem(cast)
    assert (
        client.post(
            f"/outreach/problems/{second.pk}/", {"action": "task", "lead_unit": cast.lead_unit.pk}
        ).status_code
        == 302
    )
    third = make_problem(cast)
    missing_reason = client.post(f"/outreach/problems/{third.pk}/", {"action": "dismiss"})
    assert missing_reason.status_code == 200 and "请填写理由" in missing_reason.content.decode()
    assert Appeal.objects.count() == 1 and Task.objects.count() == 1
    assert list(Problem.objects.order_by("id").values_list("status", flat=True)) == ["appeal", "task", "open"]


def test_supervisor_files_a_finding_from_the_page(cast: Any) -> None:
    appoint(cast)
    response = cast.client("supervisor").post(
        "/outreach/findings/new/",
        {
            "text": "大厅叫号机故障无人处理",
            "location": "政务服务中心",
            "unit": cast.lead_unit.pk,
            "evidence": "上午10点",
        },
    )
    assert response.status_code == 302
    assert "大厅叫号机故障" in cast.client("supervisor").get("/outreach/findings/").content.decode()


def test_event_attendance_and_problems_raised_at_the_forum(cast: Any) -> None:
    event = make_event(cast)
    response = cast.client("lead").post(
        f"/outreach/events/{event.pk}/",
        {
            "attended": [str(cast.enterprise.pk)],
            "summary": "会议纪要",
            "problems": f"{cast.enterprise.name}：希望延长贷款贴息",
        },
    )
    assert response.status_code == 302
    problem = Problem.objects.get(channel=Problem.Channel.EVENT)
    assert problem.enterprise == cast.enterprise and problem.text == "希望延长贷款贴息"


def test_campaign_steps_and_call(cast: Any) -> None:
    client = cast.client("office")
    assert (
        client.post(
            "/outreach/campaigns/", {"name": "年度回访", "year": 2025, "region": cast.city.pk}
        ).status_code
        == 302
    )
    campaign = CallbackCampaign.objects.get()
    url = f"/outreach/campaigns/{campaign.pk}/"
    client.post(url, {"step": "questions", "questions": "评分:服务满意吗\n问题:还有什么困难"})
    campaign.refresh_from_db()
    assert [q["kind"] for q in campaign.questions] == ["scale", "problem"]
    unknown = client.post(f"{url}import/", {"file": upload([["NOSUCHCODE"]]), "apply": "1"})
    assert "有误" in unknown.content.decode() and not campaign.targets.exists()
    client.post(f"{url}import/", {"file": upload([[cast.enterprise.credit_code]]), "apply": "1"})
    client.post(url, {"step": "callers", "callers": [cast.lead.pk]})
    target = campaign.targets.get()
    assert target.caller == cast.lead
    response = cast.client("lead").post(
        f"/outreach/calls/{target.pk}/", {"reached": "yes", "q0": "5", "q1": "审批太慢"}
    )
    assert response.status_code == 302
    assert Problem.objects.get(channel=Problem.Channel.CAMPAIGN).text == "审批太慢"


def test_contact_import_page_previews_then_applies(cast: Any) -> None:
    client = cast.client("office")
    rows = [[cast.enterprise.credit_code, "lead", 30]]
    preview = client.post("/outreach/contacts/import/", {"file": _named(_sheet(rows)), "apply": "0"})
    assert "新增 1 条" in preview.content.decode() and not Assignment.objects.exists()
    done = client.post("/outreach/contacts/import/", {"file": _named(_sheet(rows)), "apply": "1"})
    assert done.status_code == 302 and Assignment.objects.count() == 1


def _named(buf: Any) -> Any:
    buf.name = "名单.xlsx"
    return buf


def test_menu_entries_by_role(cast: Any) -> None:
    assert "我的监督发现" in cast.client("supervisor").get("/outreach/findings/").content.decode()
    assert "企业档案" in cast.client("enterprise_user").get("/outreach/mine/", follow=True).content.decode()
