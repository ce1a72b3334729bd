"""On PostgreSQL the events table refuses UPDATE and DELETE at the database level, even through raw SQL;
inserting (every state change) still works."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tests.appeals.makers import make_appeal
from yingshang.core.events import timeline
from yingshang.core.models import Event

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the guard is a PostgreSQL trigger")


def test_events_cannot_be_updated_or_deleted(cast: Any) -> None:
    appeal = make_appeal(cast)
    event = timeline(appeal).get()
    with pytest.raises(DatabaseError, match="append-only: UPDATE"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(note={"text": "改写"})
    with pytest.raises(DatabaseError, match="append-only: DELETE"), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_event SET action = 'x' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.action == "file" and event.note != {"text": "改写"}
    assert timeline(appeal).count() == 1


@pytest.mark.django_db(transaction=True)
def test_flush_between_transactional_tests_still_empties_the_table(cast: Any) -> None:
    # Transactional tests are torn down with `flush`, a TRUNCATE, which a row-level trigger does not see.
    make_appeal(cast)
    assert Event.objects.exists()
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    assert not Event.objects.exists()
