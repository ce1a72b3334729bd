"""Incoming work in view: a submitted report reaches the office (inbox, 我的待办, 待审核报送 queue),
and a task is found by its number, its title words or its unit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.ledger.helpers import leaf, publish_small
from yingshang.core.models import Notification
from yingshang.ledger import queue, services
from yingshang.ledger.models import Report


def _submit(cast: Any, task: Any, period: str = "2025-03", who: str = "lead") -> Report:
    return services.submit_report(
        actor=getattr(cast, who), task=task, period=period, progress_text="已推进", percent=10
    )


def test_submitted_report_notifies_the_office_and_no_one_else(cast: Any) -> None:
    _, tasks = publish_small(cast)
    Notification.objects.all().delete()
    _submit(cast, leaf(tasks, "一/(一)"))
    notes = Notification.objects.filter(kind="ledger_report")
    assert [n.recipient for n in notes] == [cast.office]
    assert "市场监督管理局" in notes[0].title and "2025-03" in notes[0].title


def _days_back(today: date, workdays: int) -> int:
    """Calendar days back to the latest day that is ``workdays`` working days before ``today``."""
    days = 0
    while queue.age_in_workdays(today - timedelta(days=days), today) < workdays:
        days += 1
    return days


def test_queue_counts_by_unit_and_working_day_age(cast: Any) -> None:
    _, tasks = publish_small(cast)
    now = timezone.now()
    fresh = _submit(cast, leaf(tasks, "一/(一)"), "2025-03")
    middle = _submit(cast, leaf(tasks, "一/(一)"), "2025-04")
    old = _submit(cast, leaf(tasks, "一/(二)"), "2025-03", who="coop")
    # Ages picked by the working-day calendar, so the test holds on any weekday and around holidays.
    today = timezone.localdate(now)
    Report.objects.filter(pk=middle.pk).update(submitted_at=now - timedelta(days=_days_back(today, 2)))
    Report.objects.filter(pk=old.pk).update(submitted_at=now - timedelta(days=_days_back(today, 10)))
    summary = queue.queue_summary(cast.office, today=today)
    assert summary.totals == {"fresh": 1, "days": 1, "old": 1}
    by_unit = {r.name: r.counts for r in summary.rows}
    assert by_unit["市场监督管理局"] == {"fresh": 1, "days": 1, "old": 0}
    assert by_unit["发展和改革委员会"] == {"fresh": 0, "days": 0, "old": 1}
    # The unit whose report has waited longest comes first.
    assert summary.rows[0].name == "发展和改革委员会"
    assert summary.ages[fresh.pk] == (0, "fresh")
    # Another county's office sees none of them.
    assert queue.queue_summary(cast.outsider).total == 0


def test_queue_page_lists_filters_and_links_each_report(cast: Any) -> None:
    _, tasks = publish_small(cast)
    report = _submit(cast, leaf(tasks, "一/(一)"))
    _submit(cast, leaf(tasks, "一/(二)"), who="coop")
    Report.objects.filter(pk=report.pk).update(submitted_at=timezone.now() - timedelta(days=21))
    office = cast.client("office")
    page = office.get("/ledger/reports/pending/").content.decode()
    assert 'data-testid="queue-total">共 2 份' in page
    assert f"/ledger/tasks/{report.task_id}/" in page
    assert "超过3个工作日 <b>1</b>" in page
    old_only = office.get("/ledger/reports/pending/?age=old").content.decode()
    assert f"/ledger/tasks/{report.task_id}/" in old_only
    assert old_only.count("个工作日</td>") == 1
    by_unit = office.get(f"/ledger/reports/pending/?unit={cast.coop_unit.pk}").content.decode()
    assert f"/ledger/tasks/{report.task_id}/" not in by_unit
    # Decided reports leave the queue.
    services.accept_report(actor=cast.office, report=report)
    assert "共 1 份" in office.get("/ledger/reports/pending/").content.decode()


def test_queue_page_queries_do_not_grow_with_reports(cast: Any) -> None:
    _, tasks = publish_small(cast)
    office = cast.client("office")
    office.get("/ledger/reports/pending/")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert office.get("/ledger/reports/pending/").status_code == 200
        return len(ctx.captured_queries)

    _submit(cast, leaf(tasks, "一/(一)"), "2025-01")
    few = count()
    for period in ("2025-02", "2025-03", "2025-04"):
        _submit(cast, leaf(tasks, "一/(一)"), period)
        _submit(cast, leaf(tasks, "一/(二)"), period, who="coop")
    assert count() == few


def test_task_search_by_number_title_words_and_unit(cast: Any) -> None:
    _, tasks = publish_small(cast)
    target = leaf(tasks, "一/(一)")
    office = cast.client("office")

    def found(q: str) -> set[int]:
        page = office.get("/ledger/", {"q": q}).content.decode()
        return {t.pk for t in tasks if f'data-task="{t.pk}"' in page}

    assert found(target.code) == {target.pk}
    assert found(target.code.lower().replace("rw0000", "rw")) == {target.pk}
    assert found("企业开办 压缩") == {target.pk}
    # 市场监管局 (a short name) leads 一/(一) only.
    assert found("市场监管局") == {target.pk}
    leaves = {leaf(tasks, p).pk for p in ("一/(一)", "一/(二)", "二/(一)")}
    assert found("奈曼旗 发展和改革委员会") == leaves  # lead or cooperating, qualified by region
    assert found("东河区 发展和改革委员会") == set()
    assert found("发改委 审批") == {leaf(tasks, "一/(二)").pk}
    assert found("不存在的词") == set()


def test_global_search_opens_a_task_by_number_and_respects_visibility(cast: Any) -> None:
    _, tasks = publish_small(cast)
    target = leaf(tasks, "一/(一)")
    resp = cast.client("office").get("/search/", {"q": target.code})
    assert resp.status_code == 302 and resp["Location"] == f"/ledger/tasks/{target.pk}/"
    listing = cast.client("lead").get("/search/", {"q": "企业开办"}).content.decode()
    assert target.code in listing and f"/ledger/tasks/{target.pk}/" in listing
    # Another county's unit finds nothing, even by number.
    other = cast.client("outsider").get("/search/", {"q": target.code})
    assert other.status_code == 200 and "没有找到" in other.content.decode()
