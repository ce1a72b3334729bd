from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from yingshang.arrears.models import ArrearsCase, Breach, Instalment, Payment

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_in_date_order(settings: Any) -> None:
    from yingshang.arrears.demo import load_arrears
    from yingshang.core.demo import load_core

    cast = load_core()
    load_arrears(cast, lambda _: None)
    load_arrears(cast, lambda _: None)  # idempotent
    today = timezone.localdate()
    assert ArrearsCase.objects.count() == 36
    assert ArrearsCase.objects.values("debtor").distinct().count() >= 5
    assert ArrearsCase.objects.filter(status="settled").exists()
    assert ArrearsCase.objects.filter(status="open", due_date__lt=today).exists()
    assert sorted(Breach.objects.values_list("status", flat=True)) == sorted(Breach.Status.values)
    assert Instalment.objects.filter(colour="red").exists()
    for p in Payment.objects.select_related("case"):
        assert p.case.contract_date <= p.case.delivered_on <= p.paid_on <= today
