"""The task ledger: documents split into tasks, their reports, reminders, 督办单 and closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import Region, Unit

OPEN_STATUSES = ("dispatched", "in_progress", "closure_requested", "closure_pre_verified")


class Colour(models.TextChoices):
    GREEN = "green", "绿色"
    YELLOW = "yellow", "黄色"
    RED = "red", "红色"


class Campaign(models.Model):
    """专项行动 / 攻坚年: a named group of documents and tasks."""

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "专项行动"
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="campaign_unique_name")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """政策文件: the parsed source of a ledger. `source_text` is the parser's normalised text."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待审核"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被修订版取代"
        DISCARDED = "discarded", "已作废"

    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuers = models.JSONField("发文机关", default=list, blank=True)
    issue_date = models.DateField("印发日期", null=True, blank=True)
    kind = models.CharField("类型", max_length=20, blank=True)
    source_text = models.TextField("原文")
    original = models.FileField("原始文件", upload_to="ledger/documents/%Y/%m/", blank=True)
    parsed = models.JSONField("解析结果", default=dict, blank=True)
    # The office's working copy of the parse: unit name choices, included measures, edited deadlines.
    review = models.JSONField("审核数据", default=dict, blank=True)
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="专项行动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    # A revised text is a new document; publishing it moves the old one's tasks over by path.
    revision_of = models.ForeignKey(
        "self",
        verbose_name="修订自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "政策文件"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """任务: a measure of a document (or a hand-made item) with units, a deadline and a clock."""

    class Status(models.TextChoices):
        DISPATCHED = "dispatched", "已下发"
        IN_PROGRESS = "in_progress", "推进中"
        CLOSURE_REQUESTED = "closure_requested", "申请销号"
        # Two-level closure (YINGSHANG_CLOSURE_LEVELS=2): a county office's check, awaiting the city's.
        CLOSURE_PRE_VERIFIED = "closure_pre_verified", "初审通过待复核"
        CLOSED = "closed", "已销号"
        CANCELLED = "cancelled", "已撤销"

    class ReportingRule(models.TextChoices):
        MONTHLY = "monthly", "按月报送"
        QUARTERLY = "quarterly", "按季报送"
        ON_COMPLETION = "on_completion", "完成时报送"

    document = models.ForeignKey(
        Document,
        verbose_name="来源文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="专项行动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    path = models.CharField("条目", max_length=100, blank=True)
    title = models.CharField("任务", max_length=300)
    text = models.TextField("任务内容", blank=True)
    # Provenance: the span of this measure in document.source_text, kept for ever.
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_group = models.BooleanField("分组节点", default=False)
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2, default=1)
    lead_unit = models.ForeignKey(
        Unit, verbose_name="牵头单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField("完成时限", null=True, blank=True)
    due_estimated = models.BooleanField("时限为推定", default=False)
    targets = models.JSONField("目标", default=list, blank=True)
    recurrences = models.JSONField("周期", default=list, blank=True)
    indicators = models.JSONField("指标", default=list, blank=True)
    reporting_rule = models.CharField(
        "报送周期", max_length=16, choices=ReportingRule.choices, default=ReportingRule.MONTHLY
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DISPATCHED)
    progress_percent = models.PositiveSmallIntegerField("进度(报送)", default=0)
    rollup_percent = models.PositiveSmallIntegerField("进度(汇总)", null=True, blank=True)
    colour = models.CharField("三色", max_length=6, choices=Colour.choices, default=Colour.GREEN)
    last_reported_at = models.DateTimeField("最近报送", null=True, blank=True)
    next_alert_at = models.DateTimeField(null=True, blank=True)
    closure_summary = models.TextField("销号说明", blank=True)
    dispatched_at = models.DateTimeField("下发时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    closure_pre_verified_by = models.ForeignKey(
        "core.User",
        verbose_name="销号初审人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    units = models.ManyToManyField(Unit, through="TaskUnit", related_name="ledger_tasks")

    class Meta:
        verbose_name = verbose_name_plural = "任务"
        ordering = ["document_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "path"], condition=Q(document__isnull=False), name="task_unique_path"
            ),
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="task_progress_max_100"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="task_weight_not_negative"),
        ]
        indexes = [
            models.Index(fields=["region", "is_group", "colour"], name="task_region_colour"),
            # Covers the overview's per-unit colour counts (GROUP BY lead_unit, colour) without table reads.
            models.Index(
                fields=["lead_unit", "colour", "status", "region", "is_group"], name="task_unit_colour"
            ),
            models.Index(fields=["status", "region", "is_group"], name="task_status"),
            models.Index(fields=["due_date"], name="task_due"),
            models.Index(
                fields=["next_alert_at"], condition=Q(status__in=OPEN_STATUSES), name="task_alert_timer"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        """任务编号: stable across exports, so a sheet edited offline finds its rows again."""
        return f"RW{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TaskUnit(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "牵头"
        COOPERATING = "cooperating", "配合"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="task_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_roles")
    role = models.CharField("角色", max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "任务单位"
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="task_unit_unique")]
        indexes = [models.Index(fields=["unit", "task"], name="task_unit_by_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.role}"


class TaskIndicator(models.Model):
    """One row per indicator a task serves, so the overview's indicator filter is an index lookup
    (Task.indicators keeps the list for display)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicator_rows")
    name = models.CharField("指标", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "任务指标"
        constraints = [models.UniqueConstraint(fields=["task", "name"], name="task_indicator_unique")]
        indexes = [models.Index(fields=["name", "task"], name="task_indicator_by_name")]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """调度报送: one unit's progress on one task for one period ("2025-03", "2025-Q1", "final")."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已采纳"

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField("报送期", max_length=10)
    progress_text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成进度")
    actual_values = models.JSONField("实际值", default=list, blank=True)
    # Indexes into task.targets of the actual values that miss their target (shown in red).
    failed_targets = models.JSONField("未达标目标", default=list, blank=True)
    completion_date = models.DateField("完成日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    is_late = models.BooleanField("逾期报送", default=False)
    return_reason = models.TextField("退回原因", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "调度报送"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period"], name="report_unique_period"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.period}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"ledger/evidence/{instance.task_id}/{filename}"


class Evidence(models.Model):
    """佐证材料 of a report or of a closure request."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="evidence")
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField("文件", upload_to=evidence_path)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """A reminder sent once per task, kind and period; the unique row is what makes it once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "临期提醒"
        URGE_REPORT = "urge_report", "催报"
        OVERDUE = "overdue", "逾期催办"
        ESCALATE = "escalate", "升级督办"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    period = models.CharField("期间", max_length=20)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "提醒记录"
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "period"], name="reminder_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period}"


class SupervisionNotice(models.Model):
    """督办单: the office presses a unit on a task, with a reason and a demanded date."""

    class Status(models.TextChoices):
        ISSUED = "issued", "待答复"
        ANSWERED = "answered", "已答复"
        CLOSED = "closed", "已办结"

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="notices")
    unit = models.ForeignKey(Unit, verbose_name="督办单位", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("督办事由")
    demanded_date = models.DateField("要求完成日期")
    colour = models.CharField("督办等级", max_length=6, choices=Colour.choices, default=Colour.YELLOW)
    answer = models.TextField("答复", blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.ISSUED)
    escalated_at = models.DateTimeField("升级时间", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "督办单"
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="notice_unit_status")]

    def __str__(self) -> str:
        return f"督办单 {self.pk}"
