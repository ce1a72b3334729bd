"""Small builders for ledger tests (on top of tests/makers.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.ledger import services
from yingshang.ledger.models import Document, Task

# The shared corpus sits beside the checkout (../shared); look one level further up too.
_HERE = Path(__file__).resolve()
SEED_DOCS = next(
    (
        p / "shared" / "corpus" / "docs"
        for p in (_HERE.parents[3], _HERE.parents[3].parent)
        if (p / "shared").is_dir()
    ),
    _HERE.parents[3] / "shared" / "corpus" / "docs",
)

SMALL_TEXT = """关于进一步优化营商环境的若干措施
示政发〔2025〕7号
示范市人民政府
2025年3月1日

一、提升政务服务效能
（一）压缩企业开办时间。2025年6月底前企业开办时间压减至1个工作日以内。（旗市场监管局牵头，旗发改委配合）
（二）推进项目审批改革。2025年12月底前工程建设项目审批时间由45个工作日减为20个工作日。（旗发改委牵头，旗税务局配合）
二、强化要素保障
（一）做好融资对接。每季度组织一次银企对接活动。（旗发改委牵头，旗直相关部门配合）
"""


def seed_path(prefix: str = "002") -> Path | None:
    found = sorted(SEED_DOCS.glob(f"{prefix}_*.txt")) if SEED_DOCS.exists() else []
    return found[0] if found else None


def publish_small(cast: Any, text: str = SMALL_TEXT) -> tuple[Document, list[Task]]:
    """Import the small document, settle the one unknown name (税务局) by ignoring it, publish."""
    doc = services.import_document(
        actor=cast.office, region=cast.county, text=text, issued_on=date(2025, 3, 1)
    )
    names = {
        k: "ignore" for k, v in doc.review["names"].items() if v["unit_id"] is None and v["choice"] is None
    }
    if names:
        doc = services.update_review(actor=cast.office, document=doc, names=names)
    tasks = services.publish_document(actor=cast.office, document=doc)
    return doc, tasks


def leaf(tasks: list[Task], path: str) -> Task:
    return Task.objects.get(pk=next(t.pk for t in tasks if t.path == path))


def pdf(name: str = "evidence.pdf", size: int = 100) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"x" * size, content_type="application/pdf")
