"""Services of the outreach app: contacts and visits, problems into items, events, campaigns, supervisors."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook

from tests.appeals.makers import make_appeal
from tests.makers import make_enterprise
from tests.outreach.makers import (
    appoint,
    assign,
    make_event,
    make_finding,
    make_problem,
    make_service,
    make_target,
    make_visit,
)
from yingshang.appeals import services as appeal_services
from yingshang.appeals.models import Appeal
from yingshang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from yingshang.core.events import timeline
from yingshang.outreach import selectors, services
from yingshang.outreach.models import Assignment, MustVisitOccasion, Problem, Visit

# -- contacts and visits ---------------------------------------------------------------------------


def test_only_unit_people_can_be_contacts_and_frequency_is_bounded(cast: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.assign_cadre(actor=cast.office, enterprise=cast.enterprise, cadre=cast.enterprise_user)
    with pytest.raises(ValidationFailed):
        assign(cast, days=0)
    with pytest.raises(NotAllowed):
        services.assign_cadre(actor=cast.lead, enterprise=cast.enterprise, cadre=cast.lead)
    a = assign(cast, days=30)
    assert a.unit == cast.lead_unit
    # one cadre, many enterprises; one enterprise, many cadres
    assign(cast, enterprise=cast.other_enterprise)
    assign(cast, cadre=cast.coop)
    assert Assignment.objects.filter(cadre=cast.lead).count() == 2
    assert Assignment.objects.filter(enterprise=cast.enterprise).count() == 2
    assert [e.action for e in timeline(a)] == ["assign"]


def test_visit_only_by_an_assigned_cadre_and_not_in_the_future(cast: Any) -> None:
    kwargs = dict(enterprise=cast.enterprise, method=Visit.Method.PHONE, discussed="电话回访")
    with pytest.raises(NotFound):
        services.log_visit(actor=cast.lead, visited_on=timezone.localdate(), **kwargs)  # type: ignore[arg-type]
    assign(cast)
    with pytest.raises(ValidationFailed):
        services.log_visit(
            actor=cast.lead,
            visited_on=timezone.localdate() + timedelta(days=1),
            **kwargs,  # type: ignore[arg-type]
        )
    with pytest.raises(ValidationFailed):
        services.log_visit(
            actor=cast.lead,
            visited_on=timezone.localdate(),
            **{**kwargs, "discussed": "含\x0b控制字符"},  # type: ignore[arg-type]
        )
    visit = make_visit(cast, problems=("用电报装慢", "  ", "融资难"))
    assert [p.text for p in visit.problems.order_by("id")] == ["用电报装慢", "融资难"]
    assert all(
        p.status == Problem.Status.OPEN and p.enterprise == cast.enterprise for p in visit.problems.all()
    )


def test_visit_clock_turns_red_when_overdue(cast: Any) -> None:
    assign(cast, days=30)
    make_visit(cast, problems=(), days_ago=40)
    ((a, clock),) = selectors.with_clocks(selectors.visible_assignments(cast.lead))
    assert clock.colour == "red" and clock.days_over == 10
    make_visit(cast, problems=(), days_ago=25)
    ((a, clock),) = selectors.with_clocks(selectors.visible_assignments(cast.lead))
    assert clock.colour == "yellow"
    make_visit(cast, problems=(), days_ago=0)
    ((a, clock),) = selectors.with_clocks(selectors.visible_assignments(cast.lead))
    assert clock.colour == "green"


def test_department_list_and_who_sees_which_contacts(cast: Any) -> None:
    assign(cast)
    assign(cast, cadre=cast.lead_boss, enterprise=cast.other_enterprise)
    assign(cast, cadre=cast.coop)
    assert {e.pk for e in selectors.unit_enterprise_list(cast.lead_unit)} == {
        cast.enterprise.pk,
        cast.other_enterprise.pk,
    }
    assert selectors.visible_assignments(cast.lead).count() == 1
    assert selectors.visible_assignments(cast.lead_boss).count() == 2
    assert selectors.visible_assignments(cast.office).count() == 3
    assert selectors.visible_assignments(cast.enterprise_user).count() == 0


def _sheet(rows: list[list[Any]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "干部账号", "走访周期(天)"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_import_dry_run_lists_row_errors_and_writes_nothing(cast: Any) -> None:
    rows = [
        [cast.enterprise.credit_code, "lead", 30],
        ["91150000XXXXXXXXXX", "lead", 30],
        [cast.enterprise.credit_code, "ent", 30],
        [cast.other_enterprise.credit_code, "coop", 999],
    ]
    plan = services.import_assignments(actor=cast.office, fileobj=_sheet(rows), apply=True)
    assert [e.row for e in plan.errors] == [3, 4, 5]
    assert len(plan.created) == 1
    assert not Assignment.objects.exists()


def test_import_applies_a_clean_sheet_and_reports_updates(cast: Any) -> None:
    rows = [[cast.enterprise.credit_code, "lead", 30], [cast.other_enterprise.credit_code, "coop", ""]]
    dry = services.import_assignments(actor=cast.office, fileobj=_sheet(rows))
    assert dry.ok and len(dry.created) == 2 and not Assignment.objects.exists()
    services.import_assignments(actor=cast.office, fileobj=_sheet(rows), apply=True)
    assert Assignment.objects.get(cadre=cast.coop).frequency_days == 90
    again = services.import_assignments(
        actor=cast.office, fileobj=_sheet([[cast.enterprise.credit_code, "lead", 60]]), apply=True
    )
    assert len(again.updated) == 1 and Assignment.objects.get(cadre=cast.lead).frequency_days == 60


def test_occasions_are_edited_by_the_office_and_retired_not_deleted(cast: Any) -> None:
    services.save_occasions(
        actor=cast.office, region=cast.city, names=["企业开工投产必访", "企业遇到困难必访"]
    )
    services.save_occasions(
        actor=cast.office, region=cast.city, names=["企业遇到困难必访", "企业重大节庆必访"]
    )
    active = list(MustVisitOccasion.objects.filter(is_active=True).values_list("name", flat=True))
    assert active == ["企业遇到困难必访", "企业重大节庆必访"]
    assert MustVisitOccasion.objects.filter(is_active=False, name="企业开工投产必访").exists()
    with pytest.raises(NotAllowed):
        services.save_occasions(actor=cast.lead, region=cast.city, names=["x"])


# -- problems into items ---------------------------------------------------------------------------


def test_a_visit_problem_becomes_the_enterprises_appeal_linked_both_ways(cast: Any) -> None:
    problem = make_problem(cast)
    appeal = services.problem_to_appeal(actor=cast.office, problem=problem, service=make_service())
    problem.refresh_from_db()
    assert problem.status == Problem.Status.APPEAL and problem.appeal == appeal
    assert appeal.enterprise == cast.enterprise and appeal.channel == Appeal.Channel.VISIT
    assert list(appeal.outreach_problems.all()) == [problem]
    # the enterprise follows it as its own appeal
    assert cast.client("enterprise_user").get(f"/appeals/{appeal.pk}/").status_code == 200
    with pytest.raises(Conflict):
        services.problem_to_appeal(actor=cast.office, problem=problem, service=make_service())
    assert Appeal.objects.count() == 1
    assert [e.action for e in timeline(problem)] == ["raise", "to_appeal"]


def test_a_finding_becomes_a_task_and_the_supervisor_reads_the_outcome(cast: Any) -> None:
    finding = make_finding(cast)
    task = services.problem_to_task(
        actor=cast.office, problem=finding, lead_unit=cast.lead_unit, due_date=date(2026, 12, 31)
    )
    finding.refresh_from_db()
    assert finding.task == task and list(task.outreach_problems.all()) == [finding]
    body = cast.client("supervisor").get(f"/outreach/problems/{finding.pk}/").content.decode()
    assert "已转任务" in body and task.title in body


def test_dismissal_needs_a_reason_and_only_the_office_triages(cast: Any) -> None:
    problem = make_problem(cast)
    with pytest.raises(ValidationFailed):
        services.dismiss_problem(actor=cast.office, problem=problem, reason=" ")
    with pytest.raises(NotAllowed):
        services.dismiss_problem(actor=cast.lead, problem=problem, reason="不是问题")
    services.dismiss_problem(actor=cast.office, problem=problem, reason="企业已自行解决")
    problem.refresh_from_db()
    assert problem.status == Problem.Status.DISMISSED and problem.reason == "企业已自行解决"


def test_funnel_per_channel_counts_solved_when_the_appeal_is_answered(cast: Any) -> None:
    problem = make_problem(cast)
    appeal = services.problem_to_appeal(actor=cast.office, problem=problem, service=make_service())
    make_finding(cast)
    funnel = {r["channel"]: r for r in selectors.problem_funnel(selectors.visible_problems(cast.office))}
    assert (funnel["visit"]["raised"], funnel["visit"]["appeals"], funnel["visit"]["solved"]) == (1, 1, 0)
    assert funnel["finding"]["open"] == 1
    appeal_services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    appeal_services.acknowledge_appeal(actor=cast.lead, appeal=appeal)
    appeal_services.reply_appeal(actor=cast.lead, appeal=appeal, text="已协调供电公司。")
    funnel = {r["channel"]: r for r in selectors.problem_funnel(selectors.visible_problems(cast.office))}
    assert funnel["visit"]["solved"] == 1


# -- events ----------------------------------------------------------------------------------------


def test_events_count_for_the_unit_against_twice_a_year(cast: Any) -> None:
    event = make_event(cast)
    services.record_attendance(
        actor=cast.lead, event=event, attended_ids=[cast.enterprise.pk], summary="纪要"
    )
    assert event.invitations.get().attended is True
    with pytest.raises(ValidationFailed):
        services.record_attendance(actor=cast.lead, event=event, attended_ids=[cast.other_enterprise.pk])
    with pytest.raises(NotAllowed):
        services.record_attendance(actor=cast.coop, event=event, attended_ids=[])
    counts = {r["unit"].pk: r for r in selectors.unit_event_counts(cast.office, 2025)}
    assert counts[cast.lead_unit.pk]["held"] == 1 and counts[cast.lead_unit.pk]["short"]
    make_event(cast)
    counts = {r["unit"].pk: r for r in selectors.unit_event_counts(cast.office, 2025)}
    assert not counts[cast.lead_unit.pk]["short"] and counts[cast.coop_unit.pk]["short"]


# -- campaigns -------------------------------------------------------------------------------------


def test_campaign_list_comes_from_appeals_served_plus_imports_and_can_be_sampled(cast: Any) -> None:
    appeal = make_appeal(cast)
    appeal_services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    year = timezone.localdate().year
    campaign = services.create_campaign(actor=cast.office, region=cast.city, year=year, name="回访")
    extra = make_enterprise(cast.county, name="导入的企业有限公司")
    assert services.build_campaign_list(actor=cast.office, campaign=campaign, extra=[extra]) == 2
    assert {(t.enterprise_id, t.unit_id, t.source) for t in campaign.targets.all()} == {
        (cast.enterprise.pk, cast.lead_unit.pk, "appeals"),
        (extra.pk, None, "import"),
    }
    # building again adds nothing new
    assert services.build_campaign_list(actor=cast.office, campaign=campaign) == 0
    sampled = services.create_campaign(actor=cast.office, region=cast.city, year=year, name="抽样")
    assert (
        services.build_campaign_list(actor=cast.office, campaign=sampled, extra=[extra], sample=1, seed=1)
        == 1
    )


def test_answers_record_satisfaction_and_a_problem_answer_becomes_a_problem(cast: Any) -> None:
    target = make_target(cast)
    with pytest.raises(NotAllowed):
        services.record_answers(actor=cast.coop, target=target, answers=["5", "", ""])
    with pytest.raises(ValidationFailed):
        services.record_answers(actor=cast.lead, target=target, answers=["9", "", ""])
    services.record_answers(actor=cast.lead, target=target, answers=["4", "无", "希望简化招工备案"])
    target.refresh_from_db()
    assert target.satisfaction == 4 and target.status == "answered"
    problem = Problem.objects.get(channel=Problem.Channel.CAMPAIGN)
    assert problem.target == target and problem.enterprise == cast.enterprise
    report = selectors.campaign_report(target.campaign)
    assert report[0]["answered"] == 1 and report[0]["issues"] == 1


# -- supervisors -----------------------------------------------------------------------------------


def test_a_supervisor_files_only_within_a_term_and_sees_only_their_own(cast: Any) -> None:
    with pytest.raises(NotAllowed):
        services.file_finding(actor=cast.supervisor, text="窗口无人", location="大厅")
    with pytest.raises(ValidationFailed):
        appoint(cast, user=cast.lead)
    finding = make_finding(cast)
    assert list(selectors.visible_problems(cast.supervisor)) == [finding]
    make_problem(cast)
    assert list(selectors.visible_problems(cast.supervisor)) == [finding]
    other = cast.client("supervisor").get(
        f"/outreach/problems/{Problem.objects.exclude(pk=finding.pk).get().pk}/"
    )
    assert other.status_code == 404


def test_yearly_figures_per_supervisor(cast: Any) -> None:
    finding = make_finding(cast)
    make_finding(cast)
    services.dismiss_problem(actor=cast.office, problem=finding, reason="经核实不属实")
    (row,) = selectors.supervisor_figures(cast.office, timezone.localdate().year)
    assert (row["filed"], row["dismissed"], row["open"]) == (2, 1, 1)
    assert row["fields_label"] == "政务服务、监管执法"
