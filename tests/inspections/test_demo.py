"""The demo step: two departments' plans, a joint plan drawn and inspected, dates in order; a rerun adds nothing."""

from __future__ import annotations

import json

import pytest

from yingshang.core.demo import load_core
from yingshang.inspections.demo import JOINT_TITLE, load_inspections_demo
from yingshang.inspections.draw import verify_file
from yingshang.inspections.models import DrawnTarget, Plan, Rectification

pytestmark = pytest.mark.django_db


def test_demo_has_plans_a_verified_joint_draw_and_published_results() -> None:
    cast = load_core()
    load_inspections_demo(cast, lambda _: None)
    assert Plan.objects.count() == 3
    joint = Plan.objects.get(title=JOINT_TITLE)
    assert joint.joint and joint.status == "published"
    draw = joint.draw
    assert draw.committed_at <= draw.seed_entered_at <= draw.published_at  # type: ignore[operator]
    assert all(c.ok for c in verify_file(json.loads(bytes(draw.file))))
    targets = DrawnTarget.objects.filter(draw=draw)
    assert targets.exists() and not targets.exclude(status="published").exists()
    assert Rectification.objects.filter(status="closed").count() == 1
    load_inspections_demo(cast, lambda _: None)
    assert Plan.objects.count() == 3 and DrawnTarget.objects.filter(draw=draw).count() == targets.count()
