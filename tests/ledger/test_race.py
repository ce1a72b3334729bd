"""Two closures racing on PostgreSQL: one wins, the other gets Conflict."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from tests.ledger.helpers import pdf
from yingshang.core.errors import Conflict
from yingshang.ledger import services
from yingshang.ledger.models import Task


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_verifications_one_wins(cast: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    task = services.create_task(
        actor=cast.office, region=cast.county, title="竞争销号", lead_unit=cast.lead_unit
    )
    services.request_closure(actor=cast.lead, task=task, summary="完成", files=[pdf()])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def verify() -> None:
        try:
            mine = Task.objects.get(pk=task.pk)  # each thread reads "closure_requested"
            barrier.wait()
            services.verify_closure(actor=cast.office, task=mine)
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=verify) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "won"]
    assert Task.objects.get(pk=task.pk).status == "closed"
