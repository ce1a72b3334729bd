"""API schemas of the arrears app. Money travels as strings ("1234.50") so no float ever touches it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from yingshang.appeals.schemas import EventOut
from yingshang.core.schemas import InSchema

MONEY = Field(
    ..., max_length=20, pattern=r"^-?[0-9,]+(\.[0-9]+)?$", description='元，最多两位小数，如 "1234.50"'
)


class PaymentIn(InSchema):
    paid_on: date
    amount: str = MONEY


class CalculateIn(InSchema):
    amount: str = MONEY
    disputed: str = Field("0", max_length=20, pattern=r"^-?[0-9,]+(\.[0-9]+)?$")
    delivered_on: date
    accepted_on: date | None = None
    agreed_term_days: int | None = Field(None, ge=0, le=3650)
    agreed_daily_rate: Decimal | None = Field(None, ge=0, le=Decimal("0.01"), max_digits=8, decimal_places=6)
    as_of: date | None = None
    payments: list[PaymentIn] = Field(default_factory=list, max_length=200)


class InterestLineOut(Schema):
    start: date
    end: date
    days: int
    balance: str
    rate: str
    interest: str


class CalculateOut(Schema):
    clock_start: date
    term_days: int
    term_capped: bool
    due_date: date
    days_overdue: int
    undisputed: str
    paid: str
    outstanding: str
    rate: str
    rate_is_agreed: bool
    interest: str
    rule: str
    lines: list[InterestLineOut]
    working: list[str]


class CaseIn(InSchema):
    debtor_id: int = Field(..., ge=1, le=2**53)
    creditor_id: int = Field(..., ge=1, le=2**53)
    superior_id: int | None = Field(None, ge=1, le=2**53)
    sector: str = Field("organ", max_length=12)
    contract_no: str = Field(..., max_length=60)
    contract_name: str = Field(..., max_length=200)
    contract_date: date
    amount: str = MONEY
    disputed_amount: str = Field("0", max_length=20, pattern=r"^-?[0-9,]+(\.[0-9]+)?$")
    delivered_on: date
    accepted_on: date | None = None
    agreed_term_days: int | None = Field(None, ge=0, le=3650)
    agreed_daily_rate: Decimal | None = Field(None, ge=0, le=Decimal("0.01"), max_digits=8, decimal_places=6)


class CaseOut(Schema):
    """Amounts are decimals, written in JSON as strings ("1234.50")."""

    id: int
    status: str
    debtor: str = Field(..., alias="debtor.name")
    region: str = Field(..., alias="region.name")
    creditor: str = Field(..., alias="creditor.name")
    contract_no: str
    contract_name: str
    amount: Decimal
    disputed_amount: Decimal
    paid_amount: Decimal
    due_date: date
    source: str
    appeal_id: int | None


class CaseDetailOut(CaseOut):
    figures: CalculateOut


class TotalOut(Schema):
    id: int | str | None
    name: str | None
    cases: int
    open_cases: int
    overdue_cases: int
    amount: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue_amount: Decimal


class TotalsOut(Schema):
    by_debtor: list[TotalOut]
    by_region: list[TotalOut]


# -- breach complaints (违约失信) and the investors' promises ----------------------------------------

ID = Field(..., ge=1, le=2**53)
OPTIONAL_ID = Field(None, ge=1, le=2**53)
TEXT = Field(..., max_length=2000)


class BreachIn(InSchema):
    accused_id: int = ID
    enterprise_id: int = ID
    summary: str = Field(..., max_length=500)
    superior_id: int | None = OPTIONAL_ID
    case_id: int | None = OPTIONAL_ID
    promise_id: int | None = OPTIONAL_ID


class BreachVerifyIn(InSchema):
    """The superior's finding: founded → the body performs by `perform_due` (after today)."""

    founded: bool
    text: str = TEXT
    perform_due: date | None = None


class BreachConfirmIn(InSchema):
    """认定违约失信: the body refused (`refused`), or its deadline passed without performance."""

    decision_no: str = Field(..., max_length=60)
    text: str = TEXT
    refused: bool = False


class BreachTextIn(InSchema):
    text: str = TEXT


class RepairDecisionIn(InSchema):
    approve: bool
    text: str = Field("", max_length=2000)


class BreachOut(Schema):
    id: int
    status: str
    status_label: str = Field(..., alias="get_status_display")
    region: str = Field(..., alias="region.name")
    accused_id: int
    accused: str = Field(..., alias="accused.name")
    superior_id: int
    superior: str = Field(..., alias="superior.name")
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    case_id: int | None
    promise_id: int | None
    summary: str
    verify_due: date | None
    perform_due: date | None
    decision_no: str
    decision_text: str
    decided_on: date | None
    repaired_on: date | None
    created_at: datetime


class BreachDetailOut(BreachOut):
    allowed: list[str]
    events: list[EventOut]


class PromiseIn(InSchema):
    unit_id: int = ID
    enterprise_id: int = ID
    kind: str = Field(..., max_length=10)
    content: str = Field(..., max_length=500)
    due_date: date


class FulfilIn(InSchema):
    fulfilled_on: date | None = None


class PromiseOut(Schema):
    id: int
    status: str
    status_label: str = Field(..., alias="get_status_display")
    region: str = Field(..., alias="region.name")
    unit_id: int
    unit: str = Field(..., alias="unit.name")
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    kind: str
    content: str
    due_date: date
    fulfilled_on: date | None
    created_at: datetime


class PromiseDetailOut(PromiseOut):
    breach_ids: list[int]
    events: list[EventOut]
