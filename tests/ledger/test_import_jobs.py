"""Large 台账 imports: applied by the background worker, with progress the page polls."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.ledger.helpers import publish_small
from yingshang.core.excel import write_sheet
from yingshang.ledger import excel, import_jobs
from yingshang.ledger.models import Task


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _sheet(rows: list[list[str]]) -> bytes:
    return write_sheet("任务台账", excel.HEADERS, rows)


def _new_rows(n: int, lead: str = "发改委") -> list[list[str]]:
    return [["", "", f"批量任务{i}", lead, "", "2026-12-31", "", "", "", ""] for i in range(n)]


def test_large_sheet_runs_in_background_with_progress(
    cast: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publish_small(cast)
    monkeypatch.setattr(import_jobs, "BACKGROUND_ROWS", 3)
    monkeypatch.setattr(excel, "PROGRESS_EVERY", 2)
    client = cast.client("office")
    stash = base64.b64encode(_sheet(_new_rows(5))).decode()
    before = Task.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/ledger/import/", {"stash": stash, "apply": "1"})
    assert resp.status_code == 302 and "/ledger/import/jobs/" in resp["Location"]
    assert Task.objects.count() == before + 5
    page = client.get(resp["Location"])
    assert "导入完成：写入 5 项任务。" in page.content.decode()
    fragment = client.get(resp["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'data-state="done"' in fragment and "hx-trigger" not in fragment


def test_small_sheet_is_still_applied_at_once(cast: Any) -> None:
    publish_small(cast)
    before = Task.objects.count()
    stash = base64.b64encode(_sheet(_new_rows(2))).decode()
    resp = cast.client("office").post("/ledger/import/", {"stash": stash, "apply": "1"})
    assert resp.status_code == 302 and resp["Location"].endswith("/ledger/")
    assert Task.objects.count() == before + 2


def test_job_that_finds_bad_rows_writes_nothing_and_lists_them(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publish_small(cast)
    before = Task.objects.count()
    rows = _new_rows(3) + _new_rows(1, lead="不存在的局")
    with django_capture_on_commit_callbacks(execute=True):
        job_id = import_jobs.start_import_job(
            actor=cast.office, region=cast.county, raw=_sheet(rows), total=4
        )
    status = import_jobs.job_status_for(actor=cast.office, job_id=job_id)
    assert status["state"] == "failed"
    assert status["errors"] == [{"row": 5, "message": "牵头单位“不存在的局”无法识别"}]
    assert Task.objects.count() == before


def test_progress_is_reported_while_writing(cast: Any) -> None:
    publish_small(cast)
    from io import BytesIO

    plan = excel.plan_ledger_import(BytesIO(_sheet(_new_rows(5))), actor=cast.office, region=cast.county)
    seen: list[tuple[int, int]] = []
    excel.apply_ledger_import(
        actor=cast.office, plan=plan, region=cast.county, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (5, 5) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_only_the_starter_sees_a_job(cast: Any) -> None:
    from tests.makers import make_user

    job_id = import_jobs.start_import_job(actor=cast.office, region=cast.county, raw=b"", total=0)
    other = make_user("office2", "office_admin", region=cast.city)
    from django.test import Client

    client = Client()
    client.force_login(other)
    assert client.get(f"/ledger/import/jobs/{job_id}/").status_code == 404
    assert cast.client("office").get("/ledger/import/jobs/not-a-job-id/").status_code == 404
    assert cast.client("office").get(f"/ledger/import/jobs/{job_id}/").status_code == 200
