from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone


def build_arrears(c: Any) -> Any:
    """The cast plus one case of the lead unit owed to the cast's enterprise, with a plan, a breach under
    verification by the cooperating unit (made the lead unit's superior), a promise and an arrears appeal."""
    from tests.appeals.makers import make_appeal
    from tests.arrears.helpers import make_case
    from yingshang.appeals.models import Service
    from yingshang.arrears import services

    c.lead_unit.parent = c.coop_unit
    c.lead_unit.save()
    c.case = make_case(c)
    today = timezone.localdate()
    c.instalment = services.add_instalment(
        actor=c.office, case=c.case, due_date=today + timedelta(days=30), amount="1000.00"
    )
    c.breach = services.file_breach(
        actor=c.office, accused=c.lead_unit, enterprise=c.enterprise, summary="拖欠工程款", case=c.case
    )
    c.verifying = services.file_breach(
        actor=c.office, accused=c.lead_unit, enterprise=c.enterprise, summary="承诺未兑现"
    )
    services.send_to_superior(actor=c.office, breach=c.verifying)
    c.promise = services.create_promise(
        actor=c.office,
        unit=c.lead_unit,
        enterprise=c.enterprise,
        kind="land",
        content="供地50亩",
        due_date=date(2099, 1, 1),
    )
    make_appeal(c)  # a plain complaint first, so ids differ
    c.appeal = make_appeal(
        c,
        service=Service.objects.get(code="arrears"),
        title="工程款被拖欠",
        description="市场监管局拖欠我公司维修工程款十万元。",
    )
    return c


def add_breach_states(c: Any) -> Any:
    """One complaint in each state an API move starts from (the matrix moves each once per test), and a
    promise past its date."""
    from yingshang.arrears import services

    def filed() -> Any:
        return services.file_breach(
            actor=c.office, accused=c.lead_unit, enterprise=c.enterprise, summary="补贴未兑现"
        )

    def performing() -> Any:
        b = services.send_to_superior(actor=c.office, breach=filed())
        return services.verify_breach(
            actor=c.office, breach=b, founded=True, text="属实", perform_due=date(2099, 1, 1)
        )

    def confirmed() -> Any:
        return services.confirm_breach(
            actor=c.office,
            breach=performing(),
            decision_no="营商认〔2025〕1号",
            text="拒不履行",
            refused=True,
        )

    c.performing = performing()
    c.confirmed = confirmed()
    c.repair_requested = services.request_repair(actor=c.office, breach=confirmed(), text="已履行完毕")
    c.late_promise = services.create_promise(
        actor=c.office,
        unit=c.lead_unit,
        enterprise=c.enterprise,
        kind="subsidy",
        content="落户补贴200万元",
        due_date=date(2025, 1, 1),
    )
    return c


@pytest.fixture
def acast(cast: Any) -> Any:
    return build_arrears(cast)


@pytest.fixture(scope="module")
def acast_module(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Built once per module inside a transaction rolled back at the end (as tests/ledger does)."""
    from django.db import transaction
    from django.test import override_settings

    from tests.makers import build_cast

    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield add_breach_states(build_arrears(build_cast()))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def mcast(db: None, acast_module: Any) -> Any:
    return acast_module
