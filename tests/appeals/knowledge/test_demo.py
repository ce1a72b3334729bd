"""The demo's knowledge entries: a dozen, mostly published, two past their review date; idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from yingshang.appeals.knowledge import selectors
from yingshang.appeals.knowledge.demo import load_knowledge
from yingshang.appeals.models import KnowledgeEntry
from yingshang.core.demo import load_core


@pytest.mark.django_db
def test_demo_entries(db: Any) -> None:
    cast = load_core()
    load_knowledge(cast, lambda _: None)
    load_knowledge(cast, lambda _: None)
    assert KnowledgeEntry.objects.count() == 12
    assert KnowledgeEntry.objects.filter(status="draft").count() == 1
    assert KnowledgeEntry.objects.filter(selectors.overdue_review_q()).count() == 2
    office = cast.users["office"]
    found = selectors.matches_for(office, "公司刚招了几个新员工，社保参保登记在哪里办")
    assert found and found[0].entry.question == "新招员工的社保怎么办理参保登记？"
