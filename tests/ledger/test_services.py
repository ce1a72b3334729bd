"""Import → review → publish, reports, validation, closure, reminders (services)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.ledger.helpers import SEED_DOCS, SMALL_TEXT, leaf, pdf, publish_small, seed_path
from yingshang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from yingshang.core.models import Notification
from yingshang.ledger import services
from yingshang.ledger.models import Document, Reminder, Report, Task, TaskUnit

pytestmark = pytest.mark.django_db


def test_import_builds_review_with_resolved_and_flagged_names(cast: Any) -> None:
    doc = services.import_document(actor=cast.office, region=cast.county, text=SMALL_TEXT)
    assert doc.status == Document.Status.DRAFT
    assert doc.doc_number == "示政发〔2025〕7号"
    names = {v["text"]: v for v in doc.review["names"].values()}
    assert names["旗市场监管局"]["unit_id"] == cast.lead_unit.pk
    assert names["旗发改委"]["unit_id"] == cast.coop_unit.pk
    assert names["旗税务局"]["unit_id"] is None and names["旗税务局"]["status"] == "unresolved"
    # a collective name is a question for the office, never ignored by default
    assert names["旗直相关部门"]["collective"] and names["旗直相关部门"]["choice"] is None
    assert doc.review["warnings"] == []


def test_collective_name_blocks_publishing_until_answered(cast: Any) -> None:
    doc = services.import_document(actor=cast.office, region=cast.county, text=SMALL_TEXT)
    key = next(k for k, v in doc.review["names"].items() if v["text"] == "旗税务局")
    doc = services.update_review(actor=cast.office, document=doc, names={key: "ignore"})
    with pytest.raises(ValidationFailed) as err:
        services.publish_document(actor=cast.office, document=doc)
    assert "旗直相关部门" in err.value.message


def test_a_matched_unknown_name_resolves_in_the_next_document(cast: Any) -> None:
    doc = services.import_document(actor=cast.office, region=cast.county, text=SMALL_TEXT)
    key = next(k for k, v in doc.review["names"].items() if v["text"] == "旗税务局")
    services.update_review(actor=cast.office, document=doc, names={key: cast.coop_unit.pk})
    cast.coop_unit.refresh_from_db()
    assert "旗税务局" in cast.coop_unit.aliases
    again = services.import_document(
        actor=cast.office, region=cast.county, text=SMALL_TEXT.replace("若干措施", "补充措施")
    )
    entry = next(v for v in again.review["names"].values() if v["text"] == "旗税务局")
    assert entry["unit_id"] == cast.coop_unit.pk and entry["status"] in ("alias", "prefix")


def test_a_name_moved_to_another_unit_is_taken_back_from_the_first(cast: Any) -> None:
    doc = services.import_document(actor=cast.office, region=cast.county, text=SMALL_TEXT)
    key = next(k for k, v in doc.review["names"].items() if v["text"] == "旗税务局")
    doc = services.update_review(actor=cast.office, document=doc, names={key: cast.coop_unit.pk})
    services.update_review(actor=cast.office, document=doc, names={key: cast.lead_unit.pk})
    cast.coop_unit.refresh_from_db()
    cast.lead_unit.refresh_from_db()
    assert "旗税务局" not in cast.coop_unit.aliases and "旗税务局" in cast.lead_unit.aliases


def test_a_collective_name_matched_to_one_unit_is_not_learnt(cast: Any) -> None:
    doc = services.import_document(actor=cast.office, region=cast.county, text=SMALL_TEXT)
    key = next(k for k, v in doc.review["names"].items() if v["text"] == "旗直相关部门")
    services.update_review(actor=cast.office, document=doc, names={key: cast.coop_unit.pk})
    cast.coop_unit.refresh_from_db()
    assert "旗直相关部门" not in cast.coop_unit.aliases


def test_review_keeps_the_parser_ignored_text(cast: Any) -> None:
    text = SMALL_TEXT + "抄送：旗委办\n另一份文件：关于开展营商环境专项督查的通知，请各单位认真落实。\n"
    doc = services.import_document(actor=cast.office, region=cast.county, text=text)
    [warning] = doc.review["warnings"]
    assert warning["reason"] == "after_footer" and warning["chars"] > 20
    assert "未解析为任务" in warning["message"]


def test_publish_refuses_while_a_name_is_open_then_creates_tree(cast: Any) -> None:
    doc = services.import_document(actor=cast.office, region=cast.county, text=SMALL_TEXT)
    with pytest.raises(ValidationFailed) as err:
        services.publish_document(actor=cast.office, document=doc)
    assert "旗税务局" in err.value.message and err.value.code == "unresolved_units"
    key = next(k for k, v in doc.review["names"].items() if v["text"] == "旗税务局")
    collective = next(k for k, v in doc.review["names"].items() if v["text"] == "旗直相关部门")
    services.update_review(
        actor=cast.office,
        document=doc,
        names={collective: "ignore"},
        new_units={key: {"name": "税务局", "region_id": cast.county.pk}},
    )
    tasks = services.publish_document(actor=cast.office, document=doc)
    paths = sorted(t.path for t in tasks)
    assert paths == ["一", "一/(一)", "一/(二)", "二", "二/(一)"]
    first = leaf(tasks, "一/(一)")
    assert first.lead_unit == cast.lead_unit and not first.is_group
    assert first.due_date == date(2025, 6, 30)
    assert doc.source_text[first.span_start : first.span_end].find("压缩企业开办时间") >= 0
    assert set(TaskUnit.objects.filter(task=first).values_list("unit_id", "role")) == {
        (cast.lead_unit.pk, "lead"),
        (cast.coop_unit.pk, "cooperating"),
    }
    assert Task.objects.get(path="一", document=doc).is_group
    assert leaf(tasks, "二/(一)").reporting_rule == "quarterly"
    assert Notification.objects.filter(recipient=cast.lead).exists()
    doc.refresh_from_db()
    assert doc.status == "published"
    with pytest.raises(Conflict):
        services.publish_document(actor=cast.office, document=doc)


def test_only_office_imports(cast: Any) -> None:
    for who in ("lead", "leader", "enterprise_user"):
        with pytest.raises(NotAllowed):
            services.import_document(actor=getattr(cast, who), region=cast.county, text=SMALL_TEXT)


def test_bad_upload_is_a_clear_error(cast: Any) -> None:
    bad = SimpleUploadedFile("x.docx", b"not a zip", content_type="application/octet-stream")
    with pytest.raises(ValidationFailed) as err:
        services.import_document(actor=cast.office, region=cast.county, upload=bad)
    assert "无法读取" in err.value.message
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationFailed):
        services.import_document(actor=cast.office, region=cast.county, upload=exe)
    with pytest.raises(ValidationFailed) as err:
        services.import_document(actor=cast.office, region=cast.county, text="没有编号的一段话。")
    assert err.value.code == "no_measures"


def test_upload_txt_keeps_original(cast: Any) -> None:
    up = SimpleUploadedFile("措施.txt", SMALL_TEXT.encode(), content_type="text/plain")
    doc = services.import_document(actor=cast.office, region=cast.county, upload=up)
    assert doc.original.name.endswith(".txt")


@pytest.mark.skipif(
    seed_path() is None, reason=f"seed corpus not found at {SEED_DOCS} (../shared beside the checkout)"
)
def test_largest_seed_document_imports_and_publishes_in_bounded_queries(cast: Any) -> None:
    """Publishing costs a bounded number of statements, not one per measure and unit.

    Its speed (goal < 1 s) is measured by bench/ledger.py, not asserted here: a timed test fails
    on a busy machine and passes a slow change on a quiet one.
    """
    text = seed_path().read_text(encoding="utf-8")  # type: ignore[union-attr]
    doc = services.import_document(actor=cast.office, region=cast.county, text=text)
    open_keys = {k: "ignore" for k, v in doc.review["names"].items() if v["unit_id"] is None}
    services.update_review(actor=cast.office, document=doc, names=open_keys)
    # Measures whose every unit was ignored need a lead: give them the market regulator.
    data = Document.objects.get(pk=doc.pk).review
    from yingshang.ledger.review import included, units_of

    lone = {
        m["path"]: {"lead_override": cast.lead_unit.pk} for m in included(data) if not units_of(data, m)[0]
    }
    services.update_review(actor=cast.office, document=doc, measures=lone)
    with CaptureQueriesContext(connection) as publishing:
        tasks = services.publish_document(actor=cast.office, document=doc)
    leaves = [t for t in tasks if not t.is_group]
    assert len(leaves) >= 70
    # 23 statements for 82 tasks when written: bulk inserts, not a loop of saves.
    assert len(publishing) <= 30, len(publishing)


# -- reports ------------------------------------------------------------------------------------


@time_machine.travel("2025-04-03 10:00 +0800", tick=False)
def test_report_flow_sets_progress_and_rolls_up(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    report = services.submit_report(
        actor=cast.lead,
        task=task,
        period="2025-03",
        progress_text="已完成流程梳理",
        percent=40,
        files=[pdf()],
    )
    task.refresh_from_db()
    assert task.status == "in_progress" and report.evidence.count() == 1 and not report.is_late
    services.return_report(actor=cast.office, report=report, reason="请补充数据")
    report.refresh_from_db()
    assert report.status == "returned"
    report = services.submit_report(
        actor=cast.lead, task=task, period="2025-03", progress_text="补充", percent=50
    )
    assert report.status == "submitted"
    services.accept_report(actor=cast.office, report=report)
    task.refresh_from_db()
    assert task.progress_percent == 50
    parent = Task.objects.get(pk=task.parent_id)
    assert parent.rollup_percent == 25  # (50 + 0) / 2, equal weights


@time_machine.travel("2025-04-03 10:00 +0800", tick=False)
def test_cooperating_report_does_not_set_progress(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    r = services.submit_report(
        actor=cast.coop, task=task, period="2025-03", progress_text="配合完成", percent=80
    )
    services.accept_report(actor=cast.office, report=r)
    task.refresh_from_db()
    assert task.progress_percent == 0


@time_machine.travel("2025-05-20 10:00 +0800", tick=False)
def test_report_validation(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(二)")  # target: 审批时间 <= 20 工作日
    assert task.targets and task.targets[0]["comparator"] == "<="
    r = services.submit_report(
        actor=cast.coop_boss if hasattr(cast, "coop_boss") else cast.coop,
        task=task,
        period="2025-04",
        progress_text="进展",
        percent=30,
        actual_values=[{"index": 0, "value": 25}],
    )
    assert r.failed_targets == [0]
    services.accept_report(actor=cast.office, report=r)
    with pytest.raises(ValidationFailed) as err:
        services.submit_report(actor=cast.coop, task=task, period="2025-05", progress_text="x", percent=20)
    assert err.value.code == "percent_down"
    with pytest.raises(ValidationFailed):
        services.submit_report(
            actor=cast.coop,
            task=task,
            period="2025-05",
            progress_text="x",
            percent=40,
            completion_date=date(2025, 6, 1),
        )
    with pytest.raises(ValidationFailed):
        services.submit_report(actor=cast.coop, task=task, period="2025-13", progress_text="x", percent=40)
    # 2025-03 was due on the 5th working day of April: filing it now is late.
    late = services.submit_report(
        actor=cast.coop, task=task, period="2025-03", progress_text="补报", percent=40
    )
    assert late.is_late
    with pytest.raises(Conflict):
        services.submit_report(
            actor=cast.coop, task=task, period="2025-03", progress_text="again", percent=40
        )


def test_evidence_type_and_size_limits(cast: Any, settings: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    exe = SimpleUploadedFile("a.exe", b"MZ\x90", content_type="application/octet-stream")
    with pytest.raises(ValidationFailed):
        services.submit_report(
            actor=cast.lead, task=task, period="2025-03", progress_text="x", percent=1, files=[exe]
        )
    fake = SimpleUploadedFile("a.pdf", b"hello", content_type="application/pdf")
    with pytest.raises(ValidationFailed):
        services.submit_report(
            actor=cast.lead, task=task, period="2025-03", progress_text="x", percent=1, files=[fake]
        )
    settings.UPLOAD_MAX_BYTES = 50
    with pytest.raises(ValidationFailed) as err:
        services.submit_report(
            actor=cast.lead, task=task, period="2025-03", progress_text="x", percent=1, files=[pdf(size=100)]
        )
    assert err.value.code == "too_large"


def test_outsider_and_office_cannot_report(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    with pytest.raises(NotFound):
        services.submit_report(actor=cast.outsider, task=task, period="2025-03", progress_text="x", percent=1)
    with pytest.raises(NotAllowed):
        services.submit_report(actor=cast.office, task=task, period="2025-03", progress_text="x", percent=1)


# -- closure ------------------------------------------------------------------------------------


def test_closure_flow_and_permissions(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    with pytest.raises(NotAllowed):
        services.request_closure(actor=cast.coop, task=task, summary="完成", files=[pdf()])
    with pytest.raises(ValidationFailed):
        services.request_closure(actor=cast.lead, task=task, summary="完成")
    services.request_closure(actor=cast.lead, task=task, summary="已全部完成", files=[pdf()])
    with pytest.raises(NotAllowed):
        services.verify_closure(actor=cast.lead_boss, task=task)
    services.reject_closure(actor=cast.office, task=task, reason="材料不全")
    task.refresh_from_db()
    assert task.status == "in_progress"
    services.request_closure(actor=cast.lead, task=task, summary="已补充")  # earlier evidence counts
    services.verify_closure(actor=cast.office, task=task)
    task.refresh_from_db()
    assert task.status == "closed" and task.colour == "green"
    assert task.progress_percent == 0  # closure does not invent a 100% no report gave
    with pytest.raises(Conflict):
        services.verify_closure(actor=cast.office, task=task)
    services.reopen_task(actor=cast.office, task=task, reason="复查发现问题")
    task.refresh_from_db()
    assert task.status == "in_progress" and task.closed_at is None


# -- colour, reminders, supervision ---------------------------------------------------------------


def test_colours(cast: Any) -> None:
    with time_machine.travel("2025-03-03 10:00 +0800", tick=False):
        _, tasks = publish_small(cast)
        assert leaf(tasks, "一/(一)").colour == "green"
    with time_machine.travel("2025-06-25 10:00 +0800", tick=False):
        services.refresh_all_colours()
        assert leaf(tasks, "一/(一)").colour == "yellow"  # ≤ 5 working days left
        assert leaf(tasks, "一/(二)").colour == "yellow"  # behind schedule: 0% at ~40% of the time
    with time_machine.travel("2025-07-02 10:00 +0800", tick=False):
        services.refresh_all_colours()
        assert leaf(tasks, "一/(一)").colour == "red"


def test_reminders_once_per_period_and_escalation(cast: Any) -> None:
    with time_machine.travel("2025-03-03 10:00 +0800", tick=False):
        _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    with time_machine.travel("2025-04-10 10:00 +0800", tick=False):
        first = services.run_reminders()
        again = services.run_reminders()
    assert first["urge_report"] >= 1 and again["urge_report"] == 0
    assert Reminder.objects.filter(task=task, kind="urge_report", period="2025-03").count() == 1
    with time_machine.travel("2025-05-20 10:00 +0800", tick=False):
        counts = services.run_reminders()
    assert counts["escalate"] >= 1
    assert Notification.objects.filter(recipient=cast.lead_boss, kind="ledger_escalate").exists()
    with time_machine.travel("2025-06-25 10:00 +0800", tick=False):
        assert services.run_reminders()["due_soon"] >= 1
    with time_machine.travel("2025-07-03 10:00 +0800", tick=False):
        assert services.run_reminders()["overdue"] >= 1


def test_supervision_notice(cast: Any) -> None:
    with time_machine.travel("2025-03-03 10:00 +0800", tick=False):
        _, tasks = publish_small(cast)
        task = leaf(tasks, "一/(一)")
        notice = services.issue_notice(
            actor=cast.office,
            task=task,
            unit=cast.lead_unit,
            reason="进度滞后",
            demanded_date=date(2025, 3, 10),
        )
        with pytest.raises(NotFound):
            services.answer_notice(actor=cast.coop, notice=notice, answer="x")
    with time_machine.travel("2025-03-12 10:00 +0800", tick=False):
        assert services.run_reminders()["escalate"] >= 1
        services.answer_notice(actor=cast.lead, notice=notice, answer="已加快推进")
        services.close_notice(actor=cast.office, notice=notice)
    notice.refresh_from_db()
    assert notice.status == "closed" and notice.escalated_at is not None


def test_hand_made_task(cast: Any) -> None:
    task = services.create_task(
        actor=cast.office,
        region=cast.county,
        title="清理拖欠账款",
        lead_unit=cast.lead_unit,
        cooperating_units=[cast.coop_unit],
        due_date=date(2030, 1, 1),
    )
    assert task.document is None and task.task_units.count() == 2
    with pytest.raises(ValidationFailed):
        services.create_task(actor=cast.office, region=cast.county, title="x", lead_unit=cast.other_unit)


def test_report_unique_constraint_in_db(cast: Any) -> None:
    from django.db import IntegrityError, transaction

    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    services.submit_report(actor=cast.lead, task=task, period="2025-Q1", progress_text="x", percent=5)
    r = Report.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            task=task,
            unit=r.unit,
            period=r.period,
            progress_text="y",
            percent=1,
            submitted_by=cast.lead,
            submitted_at=r.submitted_at,
        )


@time_machine.travel("2025-04-03 10:00 +0800", tick=False)
def test_revised_document_moves_tasks_and_keeps_reports(cast: Any) -> None:
    doc, tasks = publish_small(cast)
    kept = leaf(tasks, "一/(一)")
    dropped = leaf(tasks, "二/(一)")
    services.submit_report(actor=cast.lead, task=kept, period="2025-03", progress_text="推进", percent=30)
    revised = (
        SMALL_TEXT.replace("1个工作日以内", "0.5个工作日以内")
        .replace("（一）做好融资对接。每季度组织一次银企对接活动。（旗发改委牵头，旗直相关部门配合）", "")
        .replace(
            "二、强化要素保障\n",
            "二、强化要素保障\n（二）新增信用修复服务。2025年9月底前建立信用修复机制。（旗发改委牵头）\n",
        )
    )
    revision = services.import_document(actor=cast.office, region=cast.county, text=revised, revision_of=doc)
    diff = services.revision_diff(revision)
    assert [d["path"] for d in diff["added"]] == ["二/(二)"]
    assert [d["path"] for d in diff["removed"]] == ["二/(一)"]
    assert [d["path"] for d in diff["changed"]] == ["一/(一)"]
    assert revision.review["names"]  # earlier choices carried: 旗税务局 stays ignored
    services.publish_document(actor=cast.office, document=revision)
    kept.refresh_from_db()
    dropped.refresh_from_db()
    doc.refresh_from_db()
    assert kept.document == revision and kept.reports.count() == 1 and "0.5" in kept.text
    assert revision.source_text[kept.span_start : kept.span_end].find("0.5个工作日") >= 0
    assert dropped.status == "cancelled" and dropped.document == doc
    assert doc.status == "superseded"
    assert Task.objects.filter(document=revision, path="二/(二)", is_group=False).exists()
