"""Service matters from Excel: a dry run that names each bad row, then the import of a clean sheet."""

from __future__ import annotations

from typing import Any

import pytest

from tests.reviews.helpers import matter_sheet
from yingshang.reviews import services
from yingshang.reviews.models import ServiceMatter

pytestmark = pytest.mark.django_db


def test_dry_run_lists_row_errors_and_writes_nothing(cast: Any) -> None:
    plan = services.plan_matter_import(
        matter_sheet(
            [
                ["SJ-001", "企业设立登记", "奈曼旗市场监督管理局"],
                ["", "缺编码", "发改委"],
                ["SJ-001", "重复", "发改委"],
                ["SJ-009", "某事项", "不存在的局"],
            ]
        ),
        actor=cast.office,
    )
    assert [e.row for e in plan.errors] == [3, 4, 5]
    assert "必填" in plan.errors[0].message and "重复" in plan.errors[1].message
    assert "无法确定实施单位" in plan.errors[2].message
    assert not ServiceMatter.objects.exists()


def test_clean_sheet_imports_then_updates(cast: Any) -> None:
    plan = services.plan_matter_import(
        matter_sheet([["SJ-001", "企业设立登记", "奈曼旗市场监督管理局"]]), actor=cast.office
    )
    assert plan.ok and len(plan.created) == 1
    assert services.apply_matter_import(actor=cast.office, plan=plan) == 1
    matter = ServiceMatter.objects.get()
    assert (matter.code, matter.unit) == ("SJ-001", cast.lead_unit)
    again = services.plan_matter_import(
        matter_sheet([["SJ-001", "企业设立登记(含分支机构)", "奈曼旗市场监督管理局"]]), actor=cast.office
    )
    assert len(again.updated) == 1 and not again.created
