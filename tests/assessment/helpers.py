"""Assessment set-up: observations for two departments of the county, and a scheme over them."""

from __future__ import annotations

from typing import Any

from tests.indicators.helpers import setup_indicator
from yingshang.assessment import services
from yingshang.assessment.models import Scheme
from yingshang.indicators import services as ind_services


def observations(cast: Any) -> None:
    """lead_unit leads 开办企业/办理时间 (misses in 奈曼旗), coop_unit leads 获得电力/供电可靠性 (meets)."""
    time = setup_indicator(cast)
    power = setup_indicator(cast, code="I06.5", target="99.9", warning="99.5", hi="100", lead=cast.coop_unit)
    for region, v in ((cast.county, "2"), (cast.other_county, "1")):
        ind_services.record_observation(
            actor=cast.office, indicator=time, region=region, period="2025-03", value=v
        )
    for region in (cast.county, cast.other_county):
        ind_services.record_observation(
            actor=cast.office, indicator=power, region=region, period="2025-03", value="99.95"
        )


def scheme(cast: Any, **kw: Any) -> Scheme:
    return services.create_scheme(
        actor=cast.office,
        name=kw.pop("name", "三月考核"),
        region=kw.pop("region", cast.county),
        period=kw.pop("period", "2025-03"),
        components=kw.pop("components", [("indicator_attainment", 80), ("open_warnings", 20)]),
        **{"red_count": 1, "black_count": 1, "min_sample": 1, **kw},
    )


def without_pdf_converter(settings: Any, path: str = "/nonexistent/soffice") -> None:
    """Point the PDF converter at a program that is not there (or fails): tests of the .docx skip the
    seconds LibreOffice takes; the PDF has its own tests."""
    settings.YINGSHANG = {**settings.YINGSHANG, "SOFFICE": path}
