from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from yingshang.core.schemas import InSchema


class RatesIn(InSchema):
    """Basis points: 300 means 3 %."""

    A: int = Field(..., ge=0, le=2**31)
    B: int = Field(..., ge=0, le=2**31)
    C: int = Field(..., ge=0, le=2**31)
    D: int = Field(..., ge=0, le=2**31)


class PlanIn(InSchema):
    title: str = Field(..., min_length=1, max_length=200)
    year: int = Field(..., ge=2000, le=2100)
    item_ids: list[int] = Field(..., min_length=1, max_length=50)
    rates: RatesIn
    scheduled_on: date
    seed_source: str = Field(..., min_length=1, max_length=300)
    special: bool = False


class PlanOut(Schema):
    id: int
    title: str
    year: int
    status: str
    joint: bool
    special: bool
    lead_unit: str
    scheduled_on: date
    seed_source: str
    rates: dict[str, int]


class TransitionIn(InSchema):
    action: str = Field(..., pattern="^(submit|approve|return|announce|commit|seed|publish)$")
    seed: str = Field("", max_length=200)
    reason: str = Field("", max_length=500)


class CommitmentsOut(Schema):
    plan_id: int
    status: str
    commitments: dict[str, str]
    seed: str
    result_sha256: str
    published_at: datetime | None


class ResultIn(InSchema):
    outcome: str = Field(..., max_length=12)
    findings: str = Field("", max_length=5000)
    inspected_on: date


class ResultEvidenceOut(Schema):
    name: str
    size: int
    url: str


class ResultOut(Schema):
    id: int
    status: str
    outcome: str
    publish_by: date | None
    rectification_due: date | None
    evidence: list[ResultEvidenceOut] = []


class RectificationCloseIn(InSchema):
    note: str = Field(..., min_length=1, max_length=5000)


class RectificationOut(Schema):
    id: int
    target_id: int
    owner: str
    problem: str
    status: str
    due_date: date
    colour: str
    closing_note: str
    closed_at: datetime | None


class FiguresOut(Schema):
    year: int
    covered: int
    enterprises: int
    coverage: float | None
    by_tier: list[dict[str, object]]
    by_department: list[dict[str, object]]
    by_item: list[dict[str, object]]
