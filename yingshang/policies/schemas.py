from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from yingshang.core.schemas import InSchema


class ClauseOut(Schema):
    id: int
    number: int
    title: str
    benefit_text: str
    auto_grant: bool
    facts: list[str]
    attachments: list[str]


class PolicyOut(Schema):
    id: int
    title: str
    doc_number: str
    issuer: str
    issue_date: date
    valid_from: date
    valid_until: date | None
    status: str
    responsible_unit: str = Field(..., alias="responsible_unit.name")
    summary: str


class PolicyDetailOut(PolicyOut):
    clauses: list[ClauseOut]


class RuleCheckIn(InSchema):
    rule: str = Field(..., min_length=1, max_length=10000)
    policy_id: int | None = Field(None, ge=1, le=2**53)


class RuleProblemOut(Schema):
    line: int
    reason: str


class RuleCheckOut(Schema):
    ok: bool
    problems: list[RuleProblemOut]
    facts: list[str]


class StepOut(Schema):
    line: int
    expression: str
    detail: str
    value: str


class AnswerOut(Schema):
    policy_id: int
    policy_title: str
    clause_id: int
    clause_title: str
    status: str
    amount: Decimal | None
    missing: list[str]
    failing: list[StepOut]
    steps: list[StepOut]


class FactIn(InSchema):
    key: str = Field(..., min_length=1, max_length=50)
    value: str = Field(..., min_length=1, max_length=500)
    as_of: date | None = None


class FactOut(Schema):
    key: str
    label: str
    value: str
    source: str
    as_of: date | None
