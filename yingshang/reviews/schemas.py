"""Input and output schemas of the reviews API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from yingshang.core.schemas import InSchema


class RatingIn(InSchema):
    point_key: str = Field("", max_length=64, description="窗口二维码标识(与 token 同用)")
    token: str = Field("", max_length=64, description="评价码(一次一评)")
    kiosk_key: str = Field("", max_length=64, description="评价器标识")
    request_code: str = Field("", max_length=64, description="一事一评邀请码")
    level: int = Field(..., ge=1, le=5, description="5 非常满意 … 1 非常不满意")
    scores: dict[str, int] = Field(default_factory=dict, max_length=20)
    # Longer texts reach the service, which refuses them with its own message (limit: 2,000 characters).
    text: str = Field("", max_length=20_000)
    rater_name: str = Field("", max_length=50)
    rater_phone: str = Field("", max_length=30)
    device: str = Field("", max_length=64)


class RatingOut(Schema):
    receipt_code: str
    level: int
    bad: bool


class BadRatingCaseOut(Schema):
    id: int
    unit: str
    status: str
    status_label: str
    colour: str
    level: int
    level_label: str
    text: str
    point: str | None
    matter: str | None
    submitted_at: datetime
    due_date: date
    complexity: str
    excluded: bool
    # Only for the office, and only for a real-name rating.
    rater_name: str | None = None
    rater_phone: str | None = None


class CaseActionIn(InSchema):
    action: str = Field(..., max_length=20, description="verify / rectify / feed_back / appeal")
    text: str = Field("", max_length=5000)
    complexity: str = Field("simple", max_length=10)
    evidence: str = Field("", max_length=5000)


class VisitTokenOut(Schema):
    code: str
    url: str


class StatsRowOut(Schema):
    key: str
    label: str
    ratings: int
    good: int
    bad: int
    cases: int
    rectified: int
    on_time: int
    handled: int | None
    good_rate: float | None
    rectified_rate: float | None
    on_time_rate: float | None
    active_rate: float | None


class ServiceMatterIn(InSchema):
    unit_id: int = Field(..., ge=1, le=2**53, description="实施单位")
    code: str = Field(..., max_length=200, description="事项编码(不超过40字)")
    name: str = Field(..., max_length=1000, description="事项名称(不超过200字)")


class ServiceMatterOut(Schema):
    id: int
    code: str
    name: str
    unit_id: int
    unit: str = Field(..., alias="unit.name")
    is_active: bool


class MatterImportRowOut(Schema):
    row: int
    action: str  # create / update
    code: str
    name: str
    unit_id: int
    unit: str


class MatterImportOut(Schema):
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    rows: list[MatterImportRowOut]


class QuestionnaireItemOut(Schema):
    code: str
    label: str


class QuestionnaireOut(Schema):
    id: int
    channel: str
    channel_label: str
    version: int
    items: list[QuestionnaireItemOut]
    created_at: datetime


class QuestionnaireIn(InSchema):
    # Bounds for the schema; the service refuses more than 10 items or 30 characters with its own message.
    labels: list[Annotated[str, Field(max_length=200)]] = Field(
        ..., max_length=50, description="评价项，第一项为整体满意度"
    )
