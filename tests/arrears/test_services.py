"""Cases, payments, plans, breaches: the errors the issue lists, each leaving nothing changed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.arrears.helpers import make_case
from tests.makers import make_user
from yingshang.arrears import services
from yingshang.arrears.models import ArrearsCase, Breach, Instalment, Payment
from yingshang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from yingshang.core.models import Event, Notification, User

pytestmark = pytest.mark.django_db


def test_case_due_date_from_the_dated_rule(cast: Any) -> None:
    case = make_case(cast)
    assert case.due_date == date(2025, 7, 10)  # 2025-06-10 + 30 calendar days
    assert case.superior is None and case.region == cast.county
    assert Event.objects.filter(action="open").count() == 1


def test_second_open_case_for_the_same_contract_is_refused(cast: Any) -> None:
    make_case(cast)
    with pytest.raises(Conflict) as exc:
        make_case(cast, amount="5.00")
    assert exc.value.code == "duplicate_case"
    assert ArrearsCase.objects.count() == 1


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"amount": "-1"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "1.234"}, "amount"),
        ({"disputed_amount": "200000.00"}, "disputed_amount"),
        ({"delivered_on": date(2025, 2, 1)}, "delivered_on"),
        ({"accepted_on": date(2025, 6, 1)}, "accepted_on"),
    ],
)
def test_bad_case_input(cast: Any, kw: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        make_case(cast, **kw)
    assert field in exc.value.fields
    assert ArrearsCase.objects.count() == 0


def test_debtor_outside_the_offices_region(cast: Any) -> None:
    county_office = make_user("county_office", User.Role.OFFICE_ADMIN, region=cast.county)
    with pytest.raises(ValidationFailed) as exc:
        make_case(cast, actor=county_office, debtor=cast.other_unit)
    assert exc.value.code == "out_of_region"
    assert ArrearsCase.objects.count() == 0


def test_payments_partial_then_settled_and_overpayment_refused(cast: Any) -> None:
    case = make_case(cast)
    services.record_payment(actor=cast.lead, case=case, paid_on=date(2025, 7, 1), amount="40000.00")
    with pytest.raises(ValidationFailed) as exc:
        services.record_payment(actor=cast.lead, case=case, paid_on=date(2025, 7, 2), amount="60000.01")
    assert exc.value.code == "overpaid"
    with pytest.raises(ValidationFailed):
        services.record_payment(actor=cast.lead, case=case, paid_on=date(2025, 2, 1), amount="1.00")
    with pytest.raises(NotFound):
        services.record_payment(actor=cast.outsider, case=case, paid_on=date(2025, 7, 2), amount="1.00")
    assert Payment.objects.count() == 1
    services.record_payment(actor=cast.lead, case=case, paid_on=date(2025, 7, 20), amount="60000.00")
    case.refresh_from_db()
    assert case.status == "settled" and case.settled_on == date(2025, 7, 20)
    assert case.paid_amount == Decimal("100000.00")


def test_plan_overdue_instalment_warns_then_escalates(cast: Any) -> None:
    case = make_case(cast)
    today = timezone.localdate()
    first = services.add_instalment(
        actor=cast.lead, case=case, due_date=today - timedelta(days=20), amount="30000.00"
    )
    services.add_instalment(
        actor=cast.lead, case=case, due_date=today + timedelta(days=60), amount="70000.00"
    )
    with pytest.raises(ValidationFailed):
        services.add_instalment(actor=cast.lead, case=case, due_date=today, amount="0.01")
    counts = services.run_instalment_clocks()
    assert counts["overdue"] == 1 and counts["escalate"] == 1
    first.refresh_from_db()
    assert first.colour == "red"
    leaders = Notification.objects.filter(kind="arrears_escalate").values_list(
        "recipient__username", flat=True
    )
    assert list(leaders) == ["lead_boss"]
    # Idempotent: the same sweep again sends nothing new.
    Instalment.objects.update(next_alert_at=timezone.now())
    assert services.run_instalment_clocks() == {"due_soon": 0, "overdue": 0, "escalate": 0}
    services.pay_instalment(actor=cast.lead, instalment=first, paid_on=today)
    first.refresh_from_db()
    assert first.status == "paid" and services.colour_of(first.due_date, first.status) == "green"


@pytest.mark.parametrize(
    "reason", ["单位主要领导调整，新领导尚未签批", "正在履行内部审批流程", "等待审计结果"]
)
def test_forbidden_excuses_are_refused_with_the_rule(cast: Any, reason: str) -> None:
    case = make_case(cast)
    inst = services.add_instalment(actor=cast.lead, case=case, due_date=date(2026, 1, 1), amount="1000.00")
    with pytest.raises(ValidationFailed) as exc:
        services.reschedule_instalment(
            actor=cast.lead, instalment=inst, due_date=date(2026, 3, 1), reason=reason
        )
    assert exc.value.code == "forbidden_excuse"
    assert "保障中小企业款项支付条例" in exc.value.message
    inst.refresh_from_db()
    assert inst.due_date == date(2026, 1, 1)


def test_acceptable_delay_moves_the_date(cast: Any) -> None:
    case = make_case(cast)
    inst = services.add_instalment(actor=cast.lead, case=case, due_date=date(2026, 1, 1), amount="1000.00")
    services.reschedule_instalment(
        actor=cast.lead, instalment=inst, due_date=date(2026, 2, 1), reason="企业申请变更收款账户"
    )
    inst.refresh_from_db()
    assert inst.due_date == date(2026, 2, 1)


def test_breach_path_to_disclosure_and_repair(cast: Any) -> None:
    cast.lead_unit.parent = cast.coop_unit
    cast.lead_unit.save()
    case = make_case(cast)
    breach = services.file_breach(
        actor=cast.office, accused=cast.lead_unit, enterprise=cast.enterprise, summary="拖欠工程款", case=case
    )
    assert breach.superior == cast.coop_unit
    services.send_to_superior(actor=cast.office, breach=breach)
    assert breach.verify_due is not None
    with pytest.raises(NotAllowed):  # the accused sees its complaint but may not verify it
        services.verify_breach(
            actor=cast.lead, breach=breach, founded=True, text="属实", perform_due=date(2099, 1, 1)
        )
    services.verify_breach(
        actor=cast.coop,
        breach=breach,
        founded=True,
        text="属实",
        perform_due=timezone.localdate() + timedelta(days=10),
    )
    with pytest.raises(ValidationFailed):
        services.confirm_breach(
            actor=cast.office, breach=breach, decision_no="示营商认〔2025〕1号", text="逾期"
        )
    services.confirm_breach(
        actor=cast.office, breach=breach, decision_no="示营商认〔2025〕1号", text="拒不履行", refused=True
    )
    assert breach.status == Breach.Status.CONFIRMED
    with pytest.raises(ValidationFailed) as exc:
        services.request_repair(actor=cast.lead, breach=breach, text="申请修复")
    assert exc.value.code == "not_performed"
    services.record_payment(actor=cast.lead, case=case, paid_on=timezone.localdate(), amount="100000.00")
    breach.case.refresh_from_db()
    services.request_repair(actor=cast.lead, breach=breach, text="已全额支付")
    services.decide_repair(actor=cast.office, breach=breach, approve=True)
    assert breach.status == Breach.Status.REPAIRED
