from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from yingshang.core.schemas import InSchema


class ComponentOut(Schema):
    code: str
    name: str
    description: str


class SchemeComponentIn(InSchema):
    code: str = Field(..., min_length=1, max_length=40)
    weight: Decimal = Field(..., gt=0, le=1000)


class SchemeIn(InSchema):
    name: str = Field(..., min_length=1, max_length=100)
    region_id: int = Field(..., ge=1, le=2**53)
    period: str = Field(..., min_length=4, max_length=8)
    components: list[SchemeComponentIn] = Field(..., min_length=1, max_length=20)
    red_count: int = Field(3, ge=0, le=50)
    black_count: int = Field(1, ge=0, le=50)
    min_sample: int = Field(1, ge=0, le=10000)


class SchemeOut(Schema):
    id: int
    name: str
    region_id: int
    period: str
    status: str
    red_count: int
    black_count: int
    min_sample: int
    published_at: datetime | None


class ScoreOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    group: str
    total: Decimal | None
    base_score: Decimal | None
    adjustment_total: Decimal
    rank: int | None
    is_ranked: bool
    list_flag: str
    sample: int
    parts: dict[str, Any]
    anomalies: list[str]


class AdjustmentIn(InSchema):
    unit_id: int = Field(..., ge=1, le=2**53)
    points: Decimal = Field(..., ge=-100, le=100)
    reason: str = Field(..., min_length=1, max_length=300)


class AdjustmentOut(Schema):
    id: int
    unit_id: int
    points: Decimal
    reason: str


class PublicListOut(Schema):
    id: int
    name: str
    period: str
    region: str
    published_at: datetime | None
    groups: dict[str, Any]


class BulletinIn(InSchema):
    region_id: int = Field(..., ge=1, le=2**53)
    period: str = Field(..., min_length=4, max_length=8)
    as_of: date
    doc_number: str = Field("", max_length=60, description="发文字号，如 营商办〔2026〕12号")


class BulletinOut(Schema):
    id: int
    title: str
    doc_number: str
    pdf_error: str
    period: str
    as_of: date
    status: str
    error: str
    snapshot: dict[str, Any]
