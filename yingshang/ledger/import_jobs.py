"""Large 台账 imports run in the background worker, with a progress record the page polls.

A sheet whose plan writes more than BACKGROUND_ROWS tasks is not applied inside the request: the file is
kept under MEDIA_ROOT, a task re-plans it (the data may have changed since the preview) and applies it in
one transaction, so a bad row still writes nothing. Progress lives in a small JSON file beside the upload
rather than in the database, because the writes happen inside one transaction that other processes
cannot see into until it commits.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

from yingshang.core.errors import NotFound
from yingshang.core.models import Region, User

BACKGROUND_ROWS = 300
_JOB_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789")


def _job_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "ledger_imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _paths(job_id: str) -> tuple[Path, Path]:
    if len(job_id) != 20 or not set(job_id) <= _JOB_ID_CHARS:
        raise NotFound("未找到该导入任务。")
    base = _job_dir() / job_id
    return base.with_suffix(".xlsx"), base.with_suffix(".json")


def _write_status(job_id: str, status: dict[str, Any]) -> None:
    _, status_path = _paths(job_id)
    tmp = status_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False), "utf-8")
    os.replace(tmp, status_path)  # readers never see half a file


def _update_status(job_id: str, **changes: Any) -> None:
    _write_status(job_id, {**read_status(job_id), **changes})


def read_status(job_id: str) -> dict[str, Any]:
    _, status_path = _paths(job_id)
    try:
        return dict(json.loads(status_path.read_text("utf-8")))
    except (OSError, ValueError):
        raise NotFound("未找到该导入任务。") from None


def job_status_for(*, actor: User, job_id: str) -> dict[str, Any]:
    """The job's progress, for the office user who started it only."""
    status = read_status(job_id)
    if status.get("actor_id") != actor.pk:
        raise NotFound("未找到该导入任务。")
    return status


def start_import_job(*, actor: User, region: Region, raw: bytes, total: int) -> str:
    job_id = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(20))
    sheet_path, _ = _paths(job_id)
    sheet_path.write_bytes(raw)
    _write_status(
        job_id,
        {
            "actor_id": actor.pk,
            "state": "queued",
            "done": 0,
            "total": total,
            "count": 0,
            "errors": [],
            "message": "排队中",
        },
    )
    transaction.on_commit(lambda: run_import_job.enqueue(job_id, actor.pk, region.pk))
    return job_id


@task()
def run_import_job(job_id: str, actor_id: int, region_id: int) -> int:
    from yingshang.ledger import excel

    sheet_path, _ = _paths(job_id)
    actor = User.objects.get(pk=actor_id)
    region = Region.objects.get(pk=region_id)

    def progress(done: int, total: int) -> None:
        _update_status(job_id, state="writing", done=done, total=total, message="正在写入")

    try:
        _update_status(job_id, state="planning", message="正在校验")
        with sheet_path.open("rb") as fh:
            plan = excel.plan_ledger_import(fh, actor=actor, region=region)
        if not plan.ok:
            _update_status(
                job_id,
                state="failed",
                message="导入文件有错误，未写入任何数据。",
                errors=[{"row": e.row, "message": e.message} for e in plan.errors[:200]],
            )
            return 0
        count = excel.apply_ledger_import(actor=actor, plan=plan, region=region, progress=progress)
    except Exception as exc:  # the page must learn that it stopped, whatever stopped it
        _update_status(
            job_id, state="failed", message=f"导入失败，未写入任何数据：{getattr(exc, 'message', exc)}"
        )
        raise
    else:
        _update_status(
            job_id, state="done", done=count, count=count, message=f"导入完成：写入 {count} 项任务。"
        )
        return count
    finally:
        sheet_path.unlink(missing_ok=True)
