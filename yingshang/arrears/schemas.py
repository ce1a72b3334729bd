"""API schemas of the arrears app. Money travels as strings ("1234.50") so no float ever touches it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

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
