"""Excel import of observations: dry run, row errors with row numbers, nothing written on any bad row."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest

from tests.indicators.helpers import setup_indicator, xlsx
from yingshang.core.errors import ValidationFailed
from yingshang.indicators import services
from yingshang.indicators.models import IndicatorWarning, Observation

pytestmark = pytest.mark.django_db
HEAD = ["指标编码", "期间", "区域", "数值", "备注"]


def test_good_file_plans_then_applies(cast: Any) -> None:
    setup_indicator(cast)
    f = xlsx(HEAD, [["I01.2", "2025-01", "奈曼旗", 0.8, ""], ["I01.2", "2025-02", "奈曼旗", 2, "系统升级"]])
    plan = services.plan_observation_import(f, actor=cast.lead)
    assert plan.ok and len(plan.created) == 2 and not Observation.objects.exists()
    assert services.apply_observation_import(actor=cast.lead, plan=plan) == 2
    assert Observation.objects.filter(source="import").count() == 2
    assert IndicatorWarning.objects.count() == 1
    again = services.plan_observation_import(
        xlsx(HEAD, [["I01.2", "2025-01", "奈曼旗", 0.8, ""], ["I01.2", "2025-02", "奈曼旗", 1, ""]]),
        actor=cast.lead,
    )
    assert again.unchanged == 1 and len(again.updated) == 1 and again.updated[0]["old"] == "2"


def test_bad_rows_are_reported_with_row_numbers_and_nothing_is_written(cast: Any) -> None:
    setup_indicator(cast)
    setup_indicator(cast, code="I06.2", lead=cast.coop_unit)
    rows = [
        ["I01.2", "2025-01", "奈曼旗", 0.8, ""],  # row 2: fine
        ["X99", "2025-01", "奈曼旗", 1, ""],  # 3: unknown code
        ["I01.2", "2025-13", "奈曼旗", 1, ""],  # 4: bad month
        ["I01.2", "2025-02", "火星", 1, ""],  # 5: unknown region
        ["I01.2", "2025-03", "奈曼旗", "很快", ""],  # 6: not a number
        ["I01.2", "2025-04", "奈曼旗", 500, ""],  # 7: above max
        ["I01.2", "2025-01", "奈曼旗", 0.9, ""],  # 8: duplicate of row 2
        ["I06.2", "2025-01", "奈曼旗", 3, ""],  # 9: not the lead unit of I06.2
        ["I01.2", "2025-05", "东河区", 1, ""],  # 10: region outside the unit's
        ["I01.2", "2025Q2", "奈曼旗", 1, ""],  # 11: quarterly value for a monthly indicator
    ]
    plan = services.plan_observation_import(xlsx(HEAD, rows), actor=cast.lead)
    assert [e.row for e in plan.errors] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    messages = {e.row: e.message for e in plan.errors}
    assert "X99" in messages[3] and "火星" in messages[5] and "第 2 行" in messages[8]
    assert "牵头单位" in messages[9] and "按月度填报" in messages[11]
    with pytest.raises(ValidationFailed):
        services.apply_observation_import(actor=cast.lead, plan=plan)
    assert not Observation.objects.exists()


def test_missing_header_and_non_excel_files_are_refused(cast: Any) -> None:
    with pytest.raises(ValidationFailed, match="缺少表头"):
        services.plan_observation_import(xlsx(["指标编码", "数值"], [["I01.2", 1]]), actor=cast.office)
    with pytest.raises(ValidationFailed, match="无法读取"):
        services.plan_observation_import(io.BytesIO(b"not a workbook"), actor=cast.office)


def test_import_page_previews_then_writes(cast: Any) -> None:
    setup_indicator(cast)
    client = cast.client("lead")
    data = xlsx(HEAD, [["I01.2", "2025-01", "奈曼旗", 0.8, ""]]).getvalue()
    resp = client.post("/indicators/observations/import/", {"file": io.BytesIO(data)}, format="multipart")
    assert resp.status_code == 200 and "确认写入" in resp.content.decode()
    assert not Observation.objects.exists()
    resp = client.post(
        "/indicators/observations/import/", {"stash": base64.b64encode(data).decode(), "apply": "1"}
    )
    assert resp.status_code == 302 and Observation.objects.count() == 1


def test_import_page_shows_row_errors(cast: Any) -> None:
    setup_indicator(cast)
    data = xlsx(HEAD, [["I01.2", "2025-01", "奈曼旗", -3, ""]]).getvalue()
    resp = cast.client("office").post("/indicators/observations/import/", {"file": io.BytesIO(data)})
    body = resp.content.decode()
    assert "第 2 行" in body and "小于最小值" in body and not Observation.objects.exists()
