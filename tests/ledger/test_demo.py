"""The demo step loads documents with reports in every colour, and a second run adds nothing."""

from __future__ import annotations

import pytest

from yingshang.core.demo import load_core
from yingshang.ledger.demo import load_ledger_demo
from yingshang.ledger.models import Document, Report, Task

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_colourful() -> None:
    cast = load_core()
    lines: list[str] = []
    load_ledger_demo(cast, lines.append)
    counts = (Document.objects.count(), Task.objects.count(), Report.objects.count())
    assert counts[1] > 0 and counts[2] > 0
    assert set(Task.objects.filter(is_group=False).values_list("colour", flat=True)) == {
        "red",
        "yellow",
        "green",
    }
    assert Task.objects.filter(status="closed").exists()
    load_ledger_demo(cast, lines.append)
    assert (Document.objects.count(), Task.objects.count(), Report.objects.count()) == counts
