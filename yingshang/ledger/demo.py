"""Demo data: the seed documents imported and published, with some months of reports in every colour."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

import policyparse
from yingshang.core.errors import DomainError
from yingshang.core.models import User
from yingshang.ledger import clock, services
from yingshang.ledger.models import Document, Task
from yingshang.ledger.review import IGNORE, included, units_of

# Which region each seed document belongs to (by file-name prefix); others go to the city.
REGION_OF = {"000": "zone", "002": "county"}
# Due dates are moved near today (the seed documents are years old) so the clock means something.
DUE_OFFSETS = (-20, 2, 12, 45, 90, 150, 240, 365)

BUILT_IN = """示范市优化营商环境攻坚行动方案
示营商办发〔2026〕1号
示范市优化营商环境工作领导小组办公室

一、提升政务服务效能
（一）压缩企业开办时间。企业开办时间压减至1个工作日以内。（旗市场监管局牵头，旗发改委配合）
（二）深化工程建设项目审批改革。审批时间由45个工作日减为20个工作日。（旗发改委牵头，旗住建局配合）
二、强化要素保障
（一）做好融资对接。每季度组织一次银企对接活动。（旗发改委牵头，旗金融办配合）
（二）降低用电成本。获得电力时间压减至15个工作日以内。（国网奈曼供电公司牵头，旗发改委配合）
"""


def _seed_files(log: Callable[[str], None]) -> list[Path]:
    """The seed documents of the shared corpus, expected beside the checkout (../shared)."""
    base = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "docs"
    files = sorted(base.glob("*.txt")) if base.is_dir() else []
    if not files:
        log(f"未找到示例文件目录 {base}（shared/ 应放在代码目录旁），只载入内置的一份示例文件")
    return files


def _publish(cast: Any, text: str, region_key: str, log: Callable[[str], None]) -> Document | None:
    office: User = cast.users["office"]
    region = cast.regions[region_key]
    title = policyparse.parse(text).document.title
    if title and Document.objects.filter(region=region, title=title[:300]).exists():
        return None  # loaded by an earlier run
    try:
        doc = services.import_document(actor=office, region=region, text=text)
    except DomainError as exc:
        log(f"跳过文件：{exc.message}")
        return None
    names = {k: IGNORE for k, v in doc.review["names"].items() if v["unit_id"] is None}
    doc = services.update_review(actor=office, document=doc, names=names)
    fallback = cast.units.get(f"{region_key}:市场监督管理局") or next(iter(services.units_under(region)))
    today = clock.today()
    edits = {}
    for i, m in enumerate(included(doc.review)):
        edit: dict[str, Any] = {
            "due": (today + timedelta(days=DUE_OFFSETS[i % len(DUE_OFFSETS)])).isoformat()
        }
        if not units_of(doc.review, m)[0]:
            edit["lead_override"] = fallback.pk
        edits[m["path"]] = edit
    doc = services.update_review(actor=office, document=doc, measures=edits)
    tasks = services.publish_document(actor=office, document=doc)
    log(f"已发布《{doc.title}》：{len([t for t in tasks if not t.is_group])} 项任务")
    return doc


def _history(cast: Any, doc: Document) -> None:
    """Three months of reports by the demo units, a few closures, then dispatch moved back in time."""
    office: User = cast.users["office"]
    reporters = {u.unit_id: u for u in (cast.users["unitstaff"], cast.users["coopstaff"])}
    today = clock.today()
    Task.objects.filter(document=doc).update(dispatched_at=timezone.now() - timedelta(days=120))
    periods = []
    day = today.replace(day=1)
    for _ in range(3):
        day = (day - timedelta(days=1)).replace(day=1)
        periods.append(clock.period_for(day, "monthly"))
    periods.reverse()
    leaves = Task.objects.filter(document=doc, is_group=False, lead_unit_id__in=list(reporters)).order_by(
        "id"
    )
    for n, task in enumerate(leaves):
        user = reporters[task.lead_unit_id]
        if n % 4 == 3:
            continue  # some units never report: they get 催报 and turn yellow
        for k, period in enumerate(periods):
            percent = min(100, (k + 1) * (20 + 10 * (n % 3)))
            report = services.submit_report(
                actor=user,
                task=task,
                period=period,
                progress_text=f"{period} 按计划推进，完成阶段工作。",
                percent=percent,
            )
            services.accept_report(actor=office, report=report)
        if n % 5 == 0:
            from django.core.files.uploadedfile import SimpleUploadedFile

            pdf = SimpleUploadedFile("完成佐证.pdf", b"%PDF-1.4\n%demo\n", content_type="application/pdf")
            services.request_closure(actor=user, task=task, summary="任务已全部完成。", files=[pdf])
            if n % 10 == 0:
                services.verify_closure(actor=office, task=task)
    services.refresh_all_colours()


def load_ledger_demo(cast: Any, log: Callable[[str], None]) -> None:
    files = _seed_files(log)
    sources = [(f.read_text(encoding="utf-8"), REGION_OF.get(f.name[:3], "city")) for f in files] or [
        (BUILT_IN, "county")
    ]
    for text, region_key in sources:
        doc = _publish(cast, text, region_key, log)
        if doc is not None and region_key == "county":
            _history(cast, doc)
    counts = {c: Task.objects.filter(colour=c, is_group=False).count() for c in ("red", "yellow", "green")}
    log(f"督查督办：红 {counts['red']}，黄 {counts['yellow']}，绿 {counts['green']}")
