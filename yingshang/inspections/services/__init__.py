"""Writes of the inspections app: lists and pools, plans, draws, results and rectifications."""

from yingshang.inspections.services.draws import build_input, commit_draw, enter_seed, publish_draw
from yingshang.inspections.services.lists import (
    create_inspector,
    create_item,
    declare_recusal,
    set_inspector_active,
)
from yingshang.inspections.services.plans import (
    announce_plan,
    approve_plan,
    create_plan,
    return_plan,
    submit_plan,
)
from yingshang.inspections.services.results import (
    close_rectification,
    publish_result,
    record_result,
    refresh_rectifications,
)

__all__ = [
    "announce_plan",
    "approve_plan",
    "build_input",
    "close_rectification",
    "commit_draw",
    "create_inspector",
    "create_item",
    "create_plan",
    "declare_recusal",
    "enter_seed",
    "publish_draw",
    "publish_result",
    "record_result",
    "refresh_rectifications",
    "return_plan",
    "set_inspector_active",
    "submit_plan",
]
