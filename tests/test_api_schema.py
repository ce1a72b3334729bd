"""Fuzz every operation of /api/v1/ from its own OpenAPI schema: garbage input is a 4xx, never a 5xx.

The schema is loaded from the running WSGI app, so operations other apps add are covered without edits
here. Requests carry a real Bearer token of an office admin (the widest write access) and run against
the test cast. Generation is derandomized so CI and a developer's machine send the same requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from yingshang.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Methods an operation does not declare all end in ninja's one 405 answer; fuzzing them per path only
# costs time.
schema.config.phases.coverage.unexpected_methods = set()


class _Rollback(Exception):
    pass


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    # Requests here go through the bare WSGI app, whose request signals would close the test's connection
    # (it sits in a transaction); Django's own test client detaches the same handler.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def office_key(db: None, keep_test_connection: None) -> str:
    from tests.makers import build_cast
    from yingshang.core import services

    cast = build_cast()
    return services.create_api_token(actor=cast.office, name="schemathesis")[1]


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
        # The cast and token are meant to persist across the generated requests of one operation.
        HealthCheck.function_scoped_fixture,
    ],
)
def test_api_never_answers_5xx(case: Any, office_key: str) -> None:
    # Each request runs in a savepoint that is rolled back, as if it had a transaction of its own: a
    # database error it provokes cannot poison the next request, and every request sees the same cast.
    try:
        with transaction.atomic():
            response = case.call(headers={"Authorization": f"Bearer {office_key}"})
            raise _Rollback
    except _Rollback:
        pass
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
