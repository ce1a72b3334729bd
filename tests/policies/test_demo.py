"""The demo step: a dozen published policies over a few hundred enterprises; running it twice changes nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from yingshang.core.demo import load_core
from yingshang.core.models import Enterprise, User
from yingshang.policies.demo import load_demo
from yingshang.policies.models import Match, Policy, Redemption


def test_demo_policies_match_and_pay(db: Any) -> None:
    cast = load_core()
    logs: list[str] = []
    load_demo(cast, logs.append)
    assert Enterprise.objects.count() >= 300
    assert Policy.objects.filter(status="published").count() == 12
    assert Match.objects.filter(status="eligible").count() > 50
    assert Match.objects.filter(status="undetermined").exists()
    assert Redemption.objects.filter(origin="auto_grant").exists()
    assert Redemption.objects.filter(status="paid", origin="application").count() == 1
    counts = (Policy.objects.count(), Redemption.objects.count(), Match.objects.count())
    load_demo(cast, logs.append)
    assert (Policy.objects.count(), Redemption.objects.count(), Match.objects.count()) == counts
    client = Client()
    client.force_login(User.objects.get(username="enterprise"))
    page = client.get("/policies/mine/")
    assert page.status_code == 200 and "计算过程" in page.content.decode()
    client.force_login(User.objects.get(username="office"))
    assert "兑现率" in client.get("/policies/figures/").content.decode()
    assert Client().get("/policies/column/").status_code == 200
