from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from yingshang.core.schemas import InSchema

BIG = Decimal("1e10")


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    parent_id: int | None
    unit_of_measure: str
    direction: str
    metric: str
    target_value: Decimal | None
    warning_value: Decimal | None
    benchmark_value: Decimal | None
    min_value: Decimal | None
    max_value: Decimal | None
    max_jump_ratio: Decimal | None
    lead_unit_id: int | None
    reporting_period: str
    weight: Decimal
    is_active: bool


class IndicatorPatchIn(InSchema):
    target_value: Decimal | None = Field(None, gt=-BIG, lt=BIG)
    warning_value: Decimal | None = Field(None, gt=-BIG, lt=BIG)
    benchmark_value: Decimal | None = Field(None, gt=-BIG, lt=BIG)
    min_value: Decimal | None = Field(None, gt=-BIG, lt=BIG)
    max_value: Decimal | None = Field(None, gt=-BIG, lt=BIG)
    max_jump_ratio: Decimal | None = Field(None, ge=0, lt=1000)
    weight: Decimal | None = Field(None, ge=0, lt=1000)
    lead_unit_id: int | None = Field(None, ge=1, le=2**53)
    reporting_period: str | None = Field(None, pattern="^(month|quarter|year)$")
    is_active: bool | None = None


class ObservationOut(Schema):
    id: int
    indicator_id: int
    indicator_code: str = Field(..., alias="indicator.code")
    region_id: int
    region_name: str = Field(..., alias="region.name")
    period: str
    period_start: date
    value: Decimal
    target_value: Decimal | None
    result: str
    jump_flag: bool
    source: str


class ObservationIn(InSchema):
    indicator_id: int = Field(..., ge=1, le=2**53)
    region_id: int = Field(..., ge=1, le=2**53)
    period: str = Field(..., min_length=4, max_length=8)
    value: Decimal = Field(..., gt=-BIG, lt=BIG)
    note: str = Field("", max_length=300)
    replace: bool = Field(
        False, description="已有同指标同区域同期间的值时须为 true，否则 409 observation_exists"
    )


class WarningOut(Schema):
    id: int
    indicator_id: int
    indicator_name: str
    region_id: int
    period: str
    value: Decimal
    level: str
    status: str
    lead_unit_id: int
    due_date: date
    explanation: str
    fix_plan: str


class ExplainIn(InSchema):
    explanation: str = Field(..., min_length=1, max_length=5000)
    fix_plan: str = Field(..., min_length=1, max_length=5000)


class ResolveIn(InSchema):
    note: str = Field("", max_length=500)


class TargetIn(InSchema):
    subject: str = Field("", max_length=500)
    phrase: str = Field("", max_length=1000)
    metric: str = Field("", max_length=20)
    comparator: str = Field("", max_length=4)
    value: float | None = None
    unit: str = Field("", max_length=20)
    indicators: list[str] = Field(default_factory=list, max_length=20)


class TargetMatchOut(Schema):
    matched: bool
    code: str = ""
    name: str = ""
    parent_name: str = ""
    indicator_id: int | None = None
    reasons: list[str] = []
