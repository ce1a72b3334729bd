from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from yingshang.core.text import first_problem


class InSchema(Schema):
    """Base of every input schema (`XxxIn`): no string in it may carry a control character.

    Applies to every field, nested lists and dicts included; the 422 names the field. Tab and line
    breaks are allowed (API clients send multi-line text); see `yingshang.core.text` for the set.
    """

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_control_characters(cls, value: object, info: ValidationInfo) -> object:
        problem = first_problem(value)
        if problem:
            raise PydanticCustomError("control_character", problem)
        return value


class ErrorOut(Schema):
    message: str
    code: str
    fields: dict[str, str] = {}


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    unit_id: int | None
    enterprise_id: int | None
    region_id: int | None
    unread_notifications: int


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    aliases: list[str]
    kind: str
    region_id: int
    region_name: str = Field(..., alias="region.name")
    is_active: bool


class UnitIn(InSchema):
    name: str = Field(..., min_length=1, max_length=100)
    region_id: int = Field(..., ge=1, le=2**53)
    kind: str = "department"
    short_name: str = Field("", max_length=50)
    aliases: list[str] = Field(default_factory=list, max_length=50)


class CandidateOut(Schema):
    id: int
    name: str
    score: float


class ResolutionOut(Schema):
    text: str
    status: str
    unit_id: int | None
    candidates: list[CandidateOut]


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    industry: str
    size_class: str
    region_id: int
    contact_name: str
    contact_phone: str
    address: str
    credit_tier: str


class EnterpriseIn(InSchema):
    name: str = Field(..., min_length=1, max_length=200)
    credit_code: str = Field(..., max_length=40)
    region_id: int = Field(..., ge=1, le=2**53)
    industry: str = Field("", max_length=100)
    size_class: str = "small"
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)
    address: str = Field("", max_length=200)
    credit_tier: str = "B"


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    kind: str
    created_at: datetime
    read_at: datetime | None


class MarkReadIn(InSchema):
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] | None = Field(None, max_length=1000)


class CountOut(Schema):
    count: int


class WorkdayOut(Schema):
    start: date
    workdays: int
    due: date
    estimated: bool


class DayOut(Schema):
    date: date
    is_workday: bool
    estimated: bool
    name: str


class TokenIn(InSchema):
    name: str = Field("默认", max_length=50)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    key: str
