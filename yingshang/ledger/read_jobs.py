"""Documents read in the worker: scanned PDFs and photos (OCR) and Word 97/WPS files (LibreOffice).

The upload is kept under MEDIA_ROOT with the same progress record as large 台账 imports
(import_jobs.py), so the same progress page shows pages done / total; when the text is read the draft is
made with `import_document` and the page links to its review. Page images are kept beside it (scaled
down) for the review screen. policyparse bounds the work (pages, time), so no job runs without end; any
failure is written to the record, never left as a job that looks alive.
"""

from __future__ import annotations

import secrets
import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

import policyparse
from policyparse.formats import detect
from yingshang.core.errors import DomainError
from yingshang.core.models import Region, Unit, User
from yingshang.ledger import import_jobs

if TYPE_CHECKING:
    from PIL.Image import Image

PAGE_IMAGE_WIDTH = 1000  # pixels of a kept page image: enough to read a line, small on disk
SCAN_FOLDER = "ledger_scans"


def _unit_names(region: Region) -> list[str]:
    """The region's unit directory (names, short names, aliases): OCR'd names one character off one of
    them are put back (and flagged on the review screen)."""
    names: list[str] = []
    for name, short, aliases in Unit.objects.filter(region=region).values_list(
        "name", "short_name", "aliases"
    ):
        names += [name, short, *(a for a in aliases or () if isinstance(a, str))]
    return sorted({n for n in names if len(n) >= 3})


def needs_worker(path: Path) -> bool:
    """True for files that take seconds to minutes to read: images, OLE2 files, PDFs without text."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    kind = detect(head if len(head) < (1 << 20) else path.read_bytes())
    if kind in ("jpeg", "png", "ole2"):
        return True
    if kind != "pdf":
        return False
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        if reader.is_encrypted:
            return False  # the reader refuses it at once
        first = reader.pages[: min(3, len(reader.pages))]
        return sum(len((p.extract_text() or "").strip()) for p in first) < 10 * len(first) / 2
    except Exception:
        return False  # a damaged PDF: the reader's own error, at once


def scan_folder(job_id: str) -> Path:
    return Path(settings.MEDIA_ROOT) / SCAN_FOLDER / job_id


def start_read_job(
    *,
    actor: User,
    region: Region,
    raw: bytes,
    filename: str,
    issued_on: date | None,
    campaign_id: int | None,
) -> str:
    job_id = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(20))
    upload_path, _ = import_jobs._paths(job_id)
    upload_path.write_bytes(raw)
    import_jobs._write_status(
        job_id,
        {
            "actor_id": actor.pk,
            "state": "queued",
            "done": 0,
            "total": 0,
            "count": 0,
            "errors": [],
            "message": "排队中",
            "kind": "document",
        },
    )
    transaction.on_commit(
        lambda: run_read_job.enqueue(
            job_id, actor.pk, region.pk, filename, issued_on.isoformat() if issued_on else None, campaign_id
        )
    )
    return job_id


@task()
def run_read_job(
    job_id: str, actor_id: int, region_id: int, filename: str, issued_on: str | None, campaign_id: int | None
) -> int:
    from yingshang.ledger import services
    from yingshang.ledger.models import Campaign

    upload_path, _ = import_jobs._paths(job_id)
    folder = scan_folder(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    actor = User.objects.get(pk=actor_id)
    region = Region.objects.get(pk=region_id)

    def progress(done: int, total: int) -> None:
        import_jobs._update_status(job_id, state="reading", done=done, total=total, message="正在识别文字")

    def keep_page(number: int, image: Image) -> None:
        scale = PAGE_IMAGE_WIDTH / max(image.width, 1)
        small = image.convert("RGB").resize((PAGE_IMAGE_WIDTH, max(1, round(image.height * scale))))
        small.save(folder / f"page-{number}.png", "PNG", optimize=True)

    try:
        import_jobs._update_status(job_id, state="reading", message="正在读取文件")
        suffixed = upload_path.with_name(f"{job_id}{Path(filename).suffix.lower()[:8]}")
        upload_path.rename(suffixed)
        upload_path = suffixed
        source = policyparse.read_document(
            upload_path, progress=progress, on_page=keep_page, unit_names=_unit_names(region)
        )
        campaign = Campaign.objects.filter(pk=campaign_id).first() if campaign_id else None
        document = services.import_document(
            actor=actor,
            region=region,
            issued_on=date.fromisoformat(issued_on) if issued_on else None,
            campaign=campaign,
            source=source,
            original=(filename, upload_path.read_bytes()),
            scan_folder=f"{SCAN_FOLDER}/{job_id}" if source.scan is not None else "",
        )
    except policyparse.ReadError as exc:
        _fail(job_id, folder, f"无法读取文件：{exc.zh}。")
        return 0
    except DomainError as exc:
        _fail(job_id, folder, str(getattr(exc, "message", exc)))
        return 0
    except Exception as exc:  # the page must learn that it stopped, whatever stopped it
        _fail(job_id, folder, f"读取失败：{type(exc).__name__}")
        raise
    else:
        done: dict[str, Any] = {"state": "done", "message": f"已解析《{document.title}》，请审核后发布。"}
        import_jobs._update_status(job_id, **done, document_id=document.pk)
        if source.scan is None:
            shutil.rmtree(folder, ignore_errors=True)
        return int(document.pk)
    finally:
        upload_path.unlink(missing_ok=True)


def _fail(job_id: str, folder: Path, message: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    import_jobs._update_status(job_id, state="failed", message=message)
