"""Races on PostgreSQL with real row locks: exactly one of two concurrent moves wins, the other is a Conflict."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tests.appeals.makers import make_appeal
from yingshang.appeals import services
from yingshang.appeals.models import Appeal, AppealReply
from yingshang.core.errors import Conflict
from yingshang.core.models import Event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


def race(*moves: Callable[[], object]) -> list[str]:
    """Run the moves at the same moment, each in its own thread and connection; 'ok' or the error name."""
    barrier = threading.Barrier(len(moves))
    results: list[str] = [""] * len(moves)

    def run(i: int, move: Callable[[], object]) -> None:
        try:
            barrier.wait()
            move()
            results[i] = "ok"
        except Conflict:
            results[i] = "conflict"
        except Exception as exc:  # pragma: no cover - shown in the assertion
            results[i] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, m)) for i, m in enumerate(moves)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.mark.parametrize("attempt", range(5))
def test_two_signers_one_wins(cast: Any, attempt: int) -> None:
    a = make_appeal(cast)
    services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    results = race(
        lambda: services.acknowledge_appeal(actor=cast.lead, appeal=Appeal.objects.get(pk=a.pk)),
        lambda: services.acknowledge_appeal(actor=cast.lead_boss, appeal=Appeal.objects.get(pk=a.pk)),
    )
    assert sorted(results) == ["conflict", "ok"]
    assert Event.objects.filter(object_id=a.pk, action="acknowledge").count() == 1


@pytest.mark.parametrize("attempt", range(5))
def test_reply_racing_a_return(cast: Any, attempt: int) -> None:
    a = make_appeal(cast)
    services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=a)
    results = race(
        lambda: services.reply_appeal(actor=cast.lead, appeal=Appeal.objects.get(pk=a.pk), text="答复"),
        lambda: services.return_dispatch(
            actor=cast.lead_boss, appeal=Appeal.objects.get(pk=a.pk), reason="退单"
        ),
    )
    assert sorted(results) == ["conflict", "ok"]
    a.refresh_from_db()
    replied = results[0] == "ok"
    assert a.status == ("replied" if replied else "returned")
    # The loser left nothing behind: no reply row when the return won, one when the reply won.
    assert AppealReply.objects.filter(appeal=a, kind="reply").count() == (1 if replied else 0)
    assert Event.objects.filter(object_id=a.pk, action__in=["reply", "return_dispatch"]).count() == 1
