from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Evidence and uploaded documents go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def lcast_module(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Any:
    """Built once per module inside a transaction that is rolled back at the end (like Django's
    setUpTestData); each test's own changes roll back to this state."""
    from django.db import transaction
    from django.test import override_settings

    from tests.makers import build_cast

    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_ledger(build_cast())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def lcast(db: None, lcast_module: Any, settings: Any) -> Any:
    settings.MEDIA_ROOT = lcast_module.media_root
    return lcast_module


def build_ledger(cast: Any) -> Any:
    """The cast plus a published ledger: a task with a report, a closure in review, a closed task,
    an issued and an answered 督办单, and a draft document with every name settled."""
    from datetime import date

    from django.conf import settings

    from tests.ledger.helpers import SMALL_TEXT, leaf, pdf, publish_small
    from yingshang.ledger import services
    from yingshang.ledger.transitions import TASK

    doc, tasks = publish_small(cast)
    cast.doc = doc
    cast.task = leaf(tasks, "一/(一)")  # lead: 市场监督管理局, cooperating: 发展和改革委员会
    cast.report = services.submit_report(
        actor=cast.lead, task=cast.task, period="2025-03", progress_text="推进中", percent=30, files=[pdf()]
    )
    cast.evidence = cast.report.evidence.get()

    def hand_task(title: str) -> Any:
        t = services.create_task(
            actor=cast.office,
            region=cast.county,
            title=title,
            lead_unit=cast.lead_unit,
            cooperating_units=[cast.coop_unit],
        )
        services.add_evidence(actor=cast.lead, task=t, files=[pdf()])
        services.request_closure(actor=cast.lead, task=t, summary="完成")
        return t

    cast.group = leaf(tasks, "一")  # group task over 一/(一) and 一/(二)
    cast.campaign = services.create_campaign(actor=cast.office, region=cast.county, name="2023 攻坚突破年")
    cast.cancelled = services.create_task(
        actor=cast.office, region=cast.county, title="已撤销的任务", lead_unit=cast.lead_unit
    )
    TASK.apply(cast.cancelled, "cancel", actor=cast.office, note={"reason": "修订版删除"})
    cast.closing = hand_task("申请销号中的任务")
    cast.closed = hand_task("已销号的任务")
    services.verify_closure(actor=cast.office, task=cast.closed)
    far = date(2099, 1, 1)
    cast.notice = services.issue_notice(
        actor=cast.office, task=cast.task, unit=cast.lead_unit, reason="请加快", demanded_date=far
    )
    cast.answered = services.issue_notice(
        actor=cast.office, task=cast.task, unit=cast.lead_unit, reason="再督", demanded_date=far
    )
    services.answer_notice(actor=cast.lead, notice=cast.answered, answer="已推进")
    draft = services.import_document(
        actor=cast.office, region=cast.county, text=SMALL_TEXT.replace("若干措施", "补充措施")
    )
    names = {k: "ignore" for k, v in draft.review["names"].items() if v["unit_id"] is None}
    cast.draft = services.update_review(actor=cast.office, document=draft, names=names)
    cast.draft_key = next(iter(draft.review["names"]))
    cast.media_root = settings.MEDIA_ROOT
    return cast
