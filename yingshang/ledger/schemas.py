from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from yingshang.core.schemas import InSchema

BigId = Annotated[int, Field(ge=1, le=2**53)]
Key = Annotated[str, StringConstraints(max_length=200)]
Path_ = Annotated[str, StringConstraints(max_length=100)]


class DocumentImportIn(InSchema):
    text: str = Field(..., min_length=1, max_length=500_000)
    issued_on: date | None = None
    campaign: str = Field("", max_length=100)


class DocumentOut(Schema):
    id: int
    title: str
    doc_number: str
    issue_date: date | None
    kind: str
    status: str
    region_id: int
    campaign_id: int | None
    created_at: datetime
    published_at: datetime | None


class NameOut(Schema):
    key: str
    text: str
    status: str
    unit_id: int | None
    choice: int | str | None
    collective: bool = False
    candidates: list[dict[str, Any]]


class MeasureOut(Schema):
    path: str
    title: str
    span: list[int]
    is_leaf: bool
    include: bool
    lead: list[str]
    cooperating: list[str]
    due: date | None
    due_estimated: bool
    targets: list[dict[str, Any]]
    indicators: list[str]
    reporting_rule: str


class ReviewOut(Schema):
    document: DocumentOut
    open_names: list[str]
    revision_of: int | None = None
    diff: dict[str, list[dict[str, Any]]] = {}
    names: list[NameOut]
    measures: list[MeasureOut]


class NewUnitIn(InSchema):
    name: str = Field(..., min_length=1, max_length=100)
    region_id: BigId | None = None


class TaskTargetIn(InSchema):
    phrase: str = Field("", max_length=300)
    subject: str = Field("", max_length=100)
    metric: str = Field("other", max_length=20)
    comparator: Literal["<=", "<", ">=", ">", "="]
    value: float = Field(..., ge=-1e12, le=1e12)
    unit: str = Field("", max_length=20)
    baseline: float | None = Field(None, ge=-1e12, le=1e12)


class MeasureEditIn(InSchema):
    include: bool | None = None
    due: date | None = None
    lead_override: BigId | None = None
    reporting_rule: Literal["monthly", "quarterly", "on_completion"] | None = None
    targets: list[TaskTargetIn] | None = Field(None, max_length=50)


class DocumentReviewIn(InSchema):
    names: dict[Key, BigId | Literal["ignore"] | None] = Field(default_factory=dict, max_length=1000)
    new_units: dict[Key, NewUnitIn] = Field(default_factory=dict, max_length=200)
    measures: dict[Path_, MeasureEditIn] = Field(default_factory=dict, max_length=2000)


class PublishOut(Schema):
    document: DocumentOut
    tasks: int


class TaskOut(Schema):
    id: int
    code: str
    document_id: int | None
    parent_id: int | None
    path: str
    title: str
    is_group: bool
    lead_unit_id: int | None
    lead_unit_name: str
    cooperating_units: list[str]
    due_date: date | None
    due_estimated: bool
    status: str
    status_label: str
    colour: str
    progress_percent: int
    rollup_percent: int | None
    reporting_rule: str
    indicators: list[str]
    last_reported_at: datetime | None
    campaign_id: int | None
    weight: float


class TaskDetailOut(TaskOut):
    text: str
    targets: list[dict[str, Any]]
    doc_number: str
    source_span: list[int] | None
    source_excerpt: str
    closure_summary: str


class TaskIn(InSchema):
    title: str = Field(..., min_length=1, max_length=300)
    text: str = Field("", max_length=20000)
    lead_unit_id: BigId
    cooperating_unit_ids: list[BigId] = Field(default_factory=list, max_length=50)
    due_date: date | None = None
    reporting_rule: Literal["monthly", "quarterly", "on_completion"] = "monthly"
    targets: list[TaskTargetIn] = Field(default_factory=list, max_length=50)
    parent_id: BigId | None = None
    weight: float = Field(1, gt=0, le=1000)


class ActualIn(InSchema):
    index: int = Field(..., ge=0, le=49)
    value: float | None = Field(None, ge=-1e12, le=1e12)


class ReportIn(InSchema):
    period: str = Field(..., min_length=1, max_length=10)
    progress_text: str = Field(..., min_length=1, max_length=5000)
    percent: int = Field(..., ge=0, le=100)
    actual_values: list[ActualIn] = Field(default_factory=list, max_length=50)
    completion_date: date | None = None


class ReportFormIn(InSchema):
    """ReportIn as multipart form fields; actual_values is the same list as JSON text."""

    period: str = Field(..., min_length=1, max_length=10)
    progress_text: str = Field(..., min_length=1, max_length=5000)
    percent: int = Field(..., ge=0, le=100)
    actual_values: str = Field("", max_length=10000)
    completion_date: date | None = None


class ReportOut(Schema):
    id: int
    task_id: int
    unit_id: int
    unit_name: str
    period: str
    progress_text: str
    percent: int
    actual_values: list[dict[str, Any]]
    failed_targets: list[int]
    completion_date: date | None
    status: str
    is_late: bool
    return_reason: str
    submitted_at: datetime


class LedgerReasonIn(InSchema):
    reason: str = Field(..., min_length=1, max_length=1000)


class TaskEditIn(InSchema):
    """改期 / change of units; a field left out keeps its value."""

    reason: str = Field(..., min_length=1, max_length=1000)
    due_date: date | None = None
    lead_unit_id: BigId | None = None
    cooperating_unit_ids: list[BigId] | None = Field(None, max_length=50)


class ClosureIn(InSchema):
    summary: str = Field(..., min_length=1, max_length=5000)


class EvidenceOut(Schema):
    id: int
    name: str
    size: int


class NoticeIn(InSchema):
    unit_id: BigId
    reason: str = Field(..., min_length=1, max_length=2000)
    demanded_date: date
    colour: Literal["yellow", "red"] = "yellow"


class TaskBulkIn(InSchema):
    """催报 / 督办 / 采纳 for several tasks at once; 督办 needs ``reason`` and ``demanded_date``."""

    action: Literal["urge", "supervise", "accept"]
    task_ids: list[BigId] = Field(..., min_length=1, max_length=200)
    reason: str = Field("", max_length=2000)
    demanded_date: date | None = None
    colour: Literal["yellow", "red"] = "yellow"


class BulkSkippedOut(Schema):
    task_id: int
    code: str
    reason: str


class BulkOut(Schema):
    done: int
    skipped: list[BulkSkippedOut]


class AnswerIn(InSchema):
    answer: str = Field(..., min_length=1, max_length=5000)


class NoticeOut(Schema):
    id: int
    task_id: int
    unit_id: int
    reason: str
    demanded_date: date
    colour: str
    answer: str
    status: str
    escalated_at: datetime | None
    issued_at: datetime


class WeightIn(InSchema):
    task_id: BigId
    weight: float = Field(..., ge=0, le=9999.99)


class WeightsIn(InSchema):
    weights: list[WeightIn] = Field(..., min_length=1, max_length=500)


class WeightOut(Schema):
    task_id: int
    path: str
    title: str
    status: str
    weight: float


class CampaignIn(InSchema):
    name: str = Field(..., min_length=1, max_length=100)


class CampaignOut(Schema):
    id: int
    name: str
    region_id: int
    created_at: datetime


class CampaignAssignIn(InSchema):
    campaign_id: BigId | None = None
