from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from yingshang.core.schemas import InSchema


class KnowledgeEntryOut(Schema):
    id: int
    question: str
    answer: str
    keywords: str
    policy_title: str
    policy_number: str
    policy_url: str
    owner_unit_id: int
    owner_unit_name: str = Field(..., alias="owner_unit.name")
    valid_until: date | None
    review_date: date
    status: str
    version: int
    updated_at: datetime


class KnowledgeEntryPageOut(Schema):
    count: int
    items: list[KnowledgeEntryOut]


class KnowledgeMatchOut(Schema):
    entry: KnowledgeEntryOut
    score: float


class KnowledgeEntryIn(InSchema):
    owner_unit_id: int = Field(..., ge=1, le=2**53)
    question: str = Field(..., min_length=1, max_length=200)
    answer: str = Field(..., min_length=1, max_length=5000)
    review_date: date
    keywords: str = Field("", max_length=200)
    policy_title: str = Field("", max_length=200)
    policy_number: str = Field("", max_length=100)
    policy_url: str = Field("", max_length=300)
    valid_until: date | None = None


class KnowledgeEntryPatchIn(InSchema):
    owner_unit_id: int | None = Field(None, ge=1, le=2**53)
    question: str | None = Field(None, max_length=200)
    answer: str | None = Field(None, max_length=5000)
    review_date: date | None = None
    keywords: str | None = Field(None, max_length=200)
    policy_title: str | None = Field(None, max_length=200)
    policy_number: str | None = Field(None, max_length=100)
    policy_url: str | None = Field(None, max_length=300)
    valid_until: date | None = None


class KnowledgeReviewIn(InSchema):
    next_review: date


class KnowledgeAnswerIn(InSchema):
    appeal_id: int = Field(..., ge=1, le=2**53)
    text: str = Field("", max_length=5000)


class KnowledgeUseOut(Schema):
    id: int
    appeal_id: int
    entry_id: int
    entry_version: int
    text: str
    created_at: datetime


class KnowledgeListQueryIn(InSchema):
    q: str = Field("", max_length=100)
    status: str = Field("", max_length=20)
    review: str = Field("", max_length=20)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000)
