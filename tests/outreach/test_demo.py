"""The outreach demo step loads on the core demo data alone, in date order, and only once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.appeals.makers import ensure_services
from yingshang.core.demo import load_core
from yingshang.outreach.demo import load_outreach_demo
from yingshang.outreach.models import Assignment, OutreachEvent, Problem, SupervisorAppointment, Visit


@pytest.mark.django_db
def test_demo_step() -> None:
    ensure_services()
    lines: list[str] = []
    cast = load_core()
    load_outreach_demo(cast, lines.append)
    assert Assignment.objects.values("enterprise").distinct().count() >= 30
    assert OutreachEvent.objects.count() == 1
    assert SupervisorAppointment.objects.count() == 3
    assert Problem.objects.filter(channel=Problem.Channel.FINDING).count() >= 3
    today = timezone.localdate()
    assert not Visit.objects.filter(visited_on__gt=today).exists()
    for appointment in SupervisorAppointment.objects.all():
        assert appointment.term_start <= today <= appointment.term_end
    load_outreach_demo(cast, lines.append)
    assert lines[-1] == "政企联系：已有数据，跳过"
