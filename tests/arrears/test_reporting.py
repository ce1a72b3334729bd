"""The arrears component of unit scores and the arrears section of the monthly 通报."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.arrears.helpers import make_case
from yingshang.arrears import services
from yingshang.arrears.assessment import bulletin_table, compute
from yingshang.assessment.bulletin_sections import bulletin_sections
from yingshang.assessment.components import get_component
from yingshang.dashboard.sources import Scope

pytestmark = pytest.mark.django_db


def test_component_is_registered_and_counts_late_cases_and_breaches(cast: Any) -> None:
    assert get_component("arrears") is not None
    today = timezone.localdate()
    make_case(cast, contract_no="A")  # due 2025-07-10, unpaid: late
    on_time = make_case(cast, contract_no="B")
    services.record_payment(actor=cast.office, case=on_time, paid_on=date(2025, 7, 1), amount="100000.00")
    cast.lead_unit.parent = cast.coop_unit
    cast.lead_unit.save()
    b = services.file_breach(
        actor=cast.office, accused=cast.lead_unit, enterprise=cast.enterprise, summary="拖欠"
    )
    services.send_to_superior(actor=cast.office, breach=b)
    services.verify_breach(
        actor=cast.office, breach=b, founded=True, text="属实", perform_due=today + timedelta(days=5)
    )
    services.confirm_breach(actor=cast.office, breach=b, decision_no="认1", text="拒不履行", refused=True)
    value, facts = compute([cast.lead_unit.pk, cast.coop_unit.pk], today.replace(day=1), today)[
        cast.lead_unit.pk
    ]
    # 1 of 2 due cases late: 0.5; one breach confirmed this period: − 0.2.
    assert value == pytest.approx(0.3)
    assert facts["late_cases"] == 1 and facts["breaches"] == 1 and facts["all_met"] is False
    assert cast.coop_unit.pk not in compute([cast.coop_unit.pk], today.replace(day=1), today)


def test_bulletin_section_is_registered_and_counts_by_region(cast: Any) -> None:
    assert "arrears" in {s.code for s in bulletin_sections()}
    make_case(cast, contract_no="A")
    today = timezone.localdate()
    headers, rows = bulletin_table(Scope(cast.office, (cast.county.pk,), today.replace(day=1), today))
    assert headers[0] == "区域"
    assert rows[0][:4] == ["奈曼旗", 1, 0, 1] and rows[0][4] == "100,000.00"
    assert rows[-1][:2] == ["本期认定违约失信", 0]
