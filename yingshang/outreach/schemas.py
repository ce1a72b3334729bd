"""Shapes of /api/v1/outreach/."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from yingshang.core.schemas import InSchema
from yingshang.outreach.models import Visit

Method = Literal["on_site", "meeting", "phone", "online"]
ProblemText = Annotated[str, StringConstraints(max_length=2000)]


class ProblemOut(Schema):
    id: int
    channel: str
    status: str
    text: str
    enterprise_id: int | None
    unit_id: int | None
    appeal_id: int | None
    task_id: int | None
    reason: str
    created_at: datetime


class VisitOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str = Field(..., alias="enterprise.name")
    cadre_id: int
    unit_id: int
    visited_on: date
    method: str
    occasion_id: int | None
    discussed: str
    problems: list[ProblemOut]

    @staticmethod
    def resolve_problems(obj: Visit) -> list[Any]:
        return list(obj.problems.all())


class VisitIn(InSchema):
    enterprise_id: int = Field(..., ge=1, le=2**53)
    visited_on: date
    method: Method
    discussed: str = Field(..., min_length=1, max_length=5000)
    occasion_id: int | None = Field(None, ge=1, le=2**53)
    problems: list[ProblemText] = Field(default=[], max_length=50)


class FindingIn(InSchema):
    text: str = Field(..., min_length=1, max_length=5000)
    location: str = Field(..., min_length=1, max_length=200)
    unit_id: int | None = Field(None, ge=1, le=2**53)
    evidence: str = Field("", max_length=5000)


class ContactOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str = Field(..., alias="enterprise.name")
    cadre_id: int
    cadre_name: str
    unit_id: int
    frequency_days: int
    last_visit: date | None = None

    @staticmethod
    def resolve_cadre_name(obj: Any) -> str:
        return str(obj.cadre)


class SectionOut(Schema):
    code: str
    title: str
    data: dict[str, Any]


class EnterprisePageOut(Schema):
    id: int
    name: str
    sections: list[SectionOut]


class ProblemToAppealIn(InSchema):
    """转为诉求: the category the appeal is filed under (``GET /api/v1/appeals/services``)."""

    service_code: str = Field(..., min_length=1, max_length=32)


class CampaignImportRowOut(Schema):
    row: int
    message: str


class CampaignImportTargetOut(Schema):
    row: int
    enterprise: str
    credit_code: str


class CampaignImportOut(Schema):
    """What the import did (``applied``) or, on a dry run, would do."""

    applied: bool
    created: list[CampaignImportTargetOut]
    unchanged: int
    errors: list[CampaignImportRowOut]
    notices: list[CampaignImportRowOut]
