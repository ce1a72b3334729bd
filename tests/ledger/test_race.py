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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_document_put_in_a_campaign_while_it_is_being_deleted(cast: Any, monkeypatch: Any) -> None:
    """The delete has counted the campaign's documents (none) and not yet deleted it when the
    assignment comes: the assignment must wait and then be refused (404), not slip a document into a
    campaign that is about to go (a failed commit or ProtectedError)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from tests.ledger.helpers import publish_small
    from yingshang.core.errors import NotFound
    from yingshang.ledger.models import Campaign, Document

    doc, _ = publish_small(cast)
    campaign = services.create_campaign(actor=cast.office, region=cast.county, name="竞争行动")
    counted, assigned = threading.Event(), threading.Event()
    from yingshang.ledger.services import campaigns as campaign_services

    record_event = campaign_services.record_event

    def record_then_pause(subject: Any, **kw: Any) -> Any:
        if kw.get("action") == "delete":  # delete_campaign: counted, about to delete
            counted.set()
            assigned.wait(timeout=1.5)  # the assignment gets its chance (it must block on the lock)
        return record_event(subject, **kw)

    monkeypatch.setattr(campaign_services, "record_event", record_then_pause)
    outcomes: dict[str, str] = {}

    def assign() -> None:
        try:
            counted.wait(timeout=10)
            services.assign_campaign(
                actor=cast.office, document=Document.objects.get(pk=doc.pk), campaign=campaign
            )
            outcomes["assign"] = "won"
        except NotFound:
            outcomes["assign"] = "refused"
        except Exception as exc:  # the failure this test exists to catch
            outcomes["assign"] = repr(exc)
        finally:
            assigned.set()
            connections.close_all()

    def delete() -> None:
        try:
            services.delete_campaign(actor=cast.office, campaign=campaign)
            outcomes["delete"] = "won"
        except Exception as exc:
            outcomes["delete"] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=assign), threading.Thread(target=delete)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == {"assign": "refused", "delete": "won"}
    assert not Campaign.objects.filter(pk=campaign.pk).exists()
    assert Document.objects.get(pk=doc.pk).campaign_id is None
