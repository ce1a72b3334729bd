"""`make_entry`: a knowledge entry of the cast's lead unit, published unless asked otherwise."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from yingshang.appeals.knowledge import services
from yingshang.appeals.knowledge.models import KnowledgeEntry


def make_entry(cast: Any, *, publish: bool = True, unit: Any = None, **kw: Any) -> KnowledgeEntry:
    values: dict[str, Any] = {
        "question": "小规模纳税人增值税减免政策怎么申报？",
        "keywords": "纳税 增值税 减免",
        "answer": "月销售额10万元以下免征增值税，在电子税务局申报时系统自动带出减免项目。",
        "policy_title": "关于增值税小规模纳税人减免增值税政策的公告",
        "policy_number": "财政部 税务总局公告2023年第19号",
        "review_date": timezone.localdate() + timedelta(days=90),
    }
    values.update(kw)
    entry = services.create_entry(actor=cast.office, owner_unit=unit or cast.lead_unit, **values)
    if publish:
        services.publish_entry(actor=cast.office, entry=entry)
    return entry
