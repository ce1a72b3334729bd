from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from yingshang.core.schemas import InSchema

Id = Field(..., ge=1, le=2**53)


class ServiceOut(Schema):
    code: str
    name: str
    group: str
    description: str
    default_unit_name: str
    acknowledge_hours: int
    first_contact_workdays: int
    close_workdays: int


class AppealIn(InSchema):
    service_code: str = Field(..., min_length=1, max_length=32)
    description: str = Field(..., max_length=200_000)
    title: str = Field("", max_length=100)
    channel: str = Field("api", max_length=12)
    region_id: int | None = Field(None, ge=1, le=2**53)
    enterprise_name: str = Field("", max_length=200)
    credit_code: str = Field("", max_length=40)
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)
    contact_email: str = Field("", max_length=100)
    location_text: str = Field("", max_length=200)


class AppealOut(Schema):
    id: int
    tracking_code: str
    status: str
    status_label: str
    channel: str
    service_code: str
    service_name: str
    region_id: int
    enterprise_id: int | None
    claimed_enterprise_id: int | None
    enterprise_name: str
    credit_code: str
    contact_name: str
    contact_phone: str
    title: str
    description: str
    location_text: str
    lead_unit: str | None
    colour: str
    is_late: bool
    # The clock that matters next (appeals.sla): "签收剩 1.5 工作小时", "答复超期"; empty when none runs.
    clock: str = ""
    clock_due_at: datetime | None = None
    clock_overdue: bool = False
    created_at: datetime
    dispatched_at: datetime | None
    acknowledge_due_at: datetime | None
    acknowledged_at: datetime | None
    reply_due_at: datetime | None
    replied_at: datetime | None
    closed_at: datetime | None
    parent_id: int | None
    repeat_of_id: int | None
    repeat_count: int
    solved: bool | None
    satisfaction: int | None
    suggested_indicator: str
    ledger_task_id: int | None


class AppealPageOut(Schema):
    count: int = Field(description="符合条件的诉求数，最多数到 1000")
    count_capped: bool = Field(description="为 true 时实际多于 count 条(请缩小筛选范围)")
    items: list[AppealOut]
    next_cursor: str | None = Field(
        None, description="下一页的游标(作为 cursor 参数传回)；为 null 时没有下一页"
    )


class ReplyOut(Schema):
    kind: str
    unit: str
    text: str
    created_at: datetime


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str
    size: int
    content_type: str
    url: str
    created_at: datetime


class EventDetailOut(Schema):
    name: str
    value: str


class EventOut(Schema):
    """One event as the caller may see it (core.visibility): texts only where the rule allows."""

    action: str
    label: str
    from_status: str
    to_status: str
    from_label: str
    to_label: str
    actor: str
    details: list[EventDetailOut]
    text: str
    reason: str
    note: dict
    created_at: datetime


class UnitLinkOut(Schema):
    unit_id: int
    unit: str
    role: str
    is_active: bool


class ExtensionOut(Schema):
    id: int
    workdays: int
    reason: str
    status: str
    created_at: datetime


class AppealDetailOut(AppealOut):
    units: list[UnitLinkOut]
    replies: list[ReplyOut]
    events: list[EventOut]
    extensions: list[ExtensionOut]


class DispatchIn(InSchema):
    lead_unit_id: int = Id
    cooperating_unit_ids: list[int] = Field(default_factory=list, max_length=20)
    note: str = Field("", max_length=500)


class ReviewIn(InSchema):
    decision: str = Field(..., max_length=20)
    lead_unit_id: int | None = Field(None, ge=1, le=2**53)
    cooperating_unit_ids: list[int] = Field(default_factory=list, max_length=20)
    note: str = Field("", max_length=500)


class TextIn(InSchema):
    text: str = Field(..., max_length=200_000)
    contacted: bool = False


class ReasonIn(InSchema):
    reason: str = Field(..., max_length=5000)


class IndicatorIn(InSchema):
    indicator: str = Field(..., max_length=30, description="一级评价指标名称(如“纳税”)")
    reason: str = Field(..., max_length=500)


class NoteIn(InSchema):
    note: str = Field("", max_length=500)


class ExtensionIn(InSchema):
    workdays: int = Field(..., ge=1, le=30)
    reason: str = Field(..., max_length=5000)


class DecisionIn(InSchema):
    approve: bool
    note: str = Field("", max_length=500)


class HelpIn(InSchema):
    unit_id: int = Id
    reason: str = Field(..., max_length=5000)


class MergeIn(InSchema):
    children: list[int] = Field(default_factory=list, max_length=50)
    codes: list[str] = Field(default_factory=list, max_length=50, description="按查询码并入")


class CallbackIn(InSchema):
    solved: bool
    satisfaction: int = Field(..., ge=1, le=5)
    note: str = Field("", max_length=500)


class SuggestionOut(Schema):
    unit_id: int | None = None
    name: str
    score: float
    reasons: list[str]


class SuggestionsOut(Schema):
    units: list[SuggestionOut]
    indicators: list[SuggestionOut]


class DuplicateOut(Schema):
    id: int
    tracking_code: str
    title: str
    score: int
    same_filer: bool
    same_phone: bool


class CountRow(Schema):
    name: str
    n: int


class StatsOut(Schema):
    total: int
    open: int
    late: int
    by_service: list[CountRow]
    by_unit: list[CountRow]
    by_channel: list[dict]
    by_month: list[dict]
    by_indicator: list[CountRow]
    acknowledge_on_time_rate: float | None
    reply_on_time_rate: float | None
    solved_rate: float | None
    satisfaction_rate: float | None
