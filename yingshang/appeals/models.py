"""Enterprise appeals (企业诉求): the catalogue, the appeal with its clocks, units, replies and attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import Enterprise, Region, Unit


class Service(models.Model):
    """服务目录: one kind of appeal with its default unit and time limits (Open311 "service")."""

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=50)
    group = models.CharField("分组", max_length=50, blank=True)
    description = models.CharField("说明", max_length=300, blank=True)
    # A unit *name* (resolved in the appeal's region), because the same department exists in every county.
    default_unit_name = models.CharField("默认承办单位", max_length=100, blank=True)
    acknowledge_hours = models.PositiveSmallIntegerField("签收时限(工作小时)", default=2)
    first_contact_workdays = models.PositiveSmallIntegerField("首次联系时限(工作日)", default=1)
    close_workdays = models.PositiveSmallIntegerField("办结时限(工作日)", default=5)
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=50)

    class Meta:
        verbose_name = verbose_name_plural = "诉求类别"
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(name="service_limits_positive", condition=Q(close_workdays__gte=1)),
        ]

    def __str__(self) -> str:
        return self.name


class AppealQuerySet(models.QuerySet["Appeal"]):
    def counted(self) -> AppealQuerySet:
        """Appeals as statistics count them: one merged into another (并单) is counted once, as its parent,
        before and after the parent closes (closing the parent closes its children too)."""
        return self.filter(parent__isnull=True)


class Appeal(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已受理"
        DISPATCHED = "dispatched", "已分办"
        ACKNOWLEDGED = "acknowledged", "已签收"
        REPLIED = "replied", "已答复"
        RETURNED = "returned", "退单待审"
        ESCALATED = "escalated", "提级呈办"
        VISITED = "visited", "已回访"
        CLOSED = "closed", "已办结"
        MERGED = "merged", "已并单"

    class Channel(models.TextChoices):
        HOTLINE = "hotline", "12345热线"
        VISIT = "visit", "来访"
        MENGQITONG = "mengqitong", "蒙企通"
        WEBSITE = "website", "网站"
        LETTER = "letter", "信函"
        API = "api", "API"
        OTHER = "other", "其他"

    class Colour(models.TextChoices):
        GREEN = "green", "正常"
        YELLOW = "yellow", "临期"
        RED = "red", "超期"

    OPEN_STATUSES = ("submitted", "dispatched", "acknowledged", "returned", "escalated")
    DONE_STATUSES = ("replied", "visited", "closed", "merged")

    # Unique and credit-code lookups are exact matches: Meta declares plain btree indexes, without the
    # extra LIKE (varchar_pattern_ops) index `unique=True`/`db_index=True` add on PostgreSQL — every
    # filing writes each index (bench/appeals_load.py).
    tracking_code = models.CharField("查询码", max_length=16)
    channel = models.CharField("渠道", max_length=12, choices=Channel.choices, default=Channel.WEBSITE)
    service = models.ForeignKey(Service, verbose_name="诉求类别", on_delete=models.PROTECT)
    region = models.ForeignKey(Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
        db_index=False,  # appeal_repeat_lookup starts with enterprise_id
    )
    # The enterprise an unauthenticated (or supervisor's) filing names by its credit code: a claim, not the
    # enterprise's own appeal. Its users see the appeal only once the office links it (`enterprise` set
    # by services.link_enterprise), and never the filer's contact.
    claimed_enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="所称企业(未核实)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claimed_appeals",
        db_index=False,  # read through the appeal, never searched by
    )
    enterprise_name = models.CharField("企业名称", max_length=200, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=30)
    contact_email = models.CharField("电子邮箱", max_length=100, blank=True)
    title = models.CharField("标题", max_length=100)
    description = models.TextField("诉求内容")
    location_text = models.CharField("地点", max_length=200, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("受理时间", auto_now_add=True, db_index=True)
    suggested_indicator = models.CharField("相关评价指标", max_length=30, blank=True)

    # Clocks run from the dispatch, not from signing: a unit cannot buy time by signing late.
    dispatched_at = models.DateTimeField("分办时间", null=True, blank=True)
    acknowledge_due_at = models.DateTimeField("签收时限", null=True, blank=True)
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    first_contact_due_at = models.DateTimeField("首次联系时限", null=True, blank=True)
    first_contacted_at = models.DateTimeField("首次联系时间", null=True, blank=True)
    reply_due_at = models.DateTimeField("答复时限", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    extension_workdays = models.PositiveSmallIntegerField("已批准延期(工作日)", default=0)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # Stored so lists can filter and sort by them; the sweep job and every move keep them current.
    colour = models.CharField("预警", max_length=8, choices=Colour.choices, default=Colour.GREEN)
    is_late = models.BooleanField("曾超期", default=False)
    acknowledged_late = models.BooleanField("签收超期", default=False)
    replied_late = models.BooleanField("答复超期", default=False)
    next_alert_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    # Whether the statistics cells count this appeal (appeals.statistics): a filing starts uncounted,
    # costing intake nothing, and the worker folds it in; until then the read counts it live.
    stats_counted = models.BooleanField(default=False)

    parent = models.ForeignKey(
        "self",
        verbose_name="并入",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_children",
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name="重复诉求",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    repeat_count = models.PositiveIntegerField("重复次数", default=0)
    # An appeal may spawn a ledger task; kept as a bare id so the two apps do not depend on each other.
    ledger_task_id = models.PositiveBigIntegerField("关联任务", null=True, blank=True)

    solved = models.BooleanField("是否解决", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField("满意度", null=True, blank=True)
    callback_at = models.DateTimeField("回访时间", null=True, blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "企业诉求"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_alert_at"], condition=Q(next_alert_at__isnull=False), name="appeal_alert_due"
            ),
            models.Index(fields=["status", "colour"], name="appeal_status_colour"),
            models.Index(fields=["enterprise", "service", "created_at"], name="appeal_repeat_lookup"),
            models.Index(fields=["credit_code"], name="appeal_credit_code"),
            models.Index(fields=["id"], condition=Q(stats_counted=False), name="appeal_stats_pending"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="appeal_tracking_code_unique"),
            models.CheckConstraint(
                name="appeal_satisfaction_range",
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
            ),
            models.CheckConstraint(
                name="appeal_merged_has_parent", condition=~Q(status="merged") | Q(parent__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_claim(self) -> bool:
        """Filed without the enterprise's login, naming an enterprise (linked by the office or not)."""
        return self.claimed_enterprise_id is not None


class AppealUnit(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        COOPERATING = "cooperating", "协办"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="appeal_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("角色", max_length=12, choices=Role.choices)
    # Units that returned the appeal keep their row, inactive, so the history of who held it stays.
    is_active = models.BooleanField(default=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "承办单位"
        constraints = [
            models.UniqueConstraint(
                fields=["appeal"], condition=Q(role="lead", is_active=True), name="appeal_one_active_lead"
            ),
            models.UniqueConstraint(
                fields=["appeal", "unit"], condition=Q(is_active=True), name="appeal_unit_once"
            ),
        ]
        indexes = [models.Index(fields=["unit", "is_active"], name="appealunit_by_unit")]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.unit_id} {self.role}"


class AppealReply(models.Model):
    """答复 or 办理 note. Replies are what the enterprise reads; notes stay among staff."""

    class Kind(models.TextChoices):
        REPLY = "reply", "答复"
        NOTE = "note", "办理情况"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="replies")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.appeal_id}"


class AppealExtension(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="extensions")
    workdays = models.PositiveSmallIntegerField("延期工作日")
    reason = models.TextField("理由")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal"], condition=Q(status="pending"), name="appeal_one_pending_extension"
            )
        ]

    def __str__(self) -> str:
        return f"延期{self.workdays}个工作日({self.get_status_display()})"


def _upload_to(instance: AppealAttachment, filename: str) -> str:
    return f"appeals/{instance.appeal_id}/{filename}"


class AppealAttachment(models.Model):
    class Kind(models.TextChoices):
        FILING = "filing", "诉求材料"
        REPLY = "reply", "答复材料"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.FILING)
    file = models.FileField(upload_to=_upload_to, max_length=255)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class SuggestionModel(models.Model):
    """A region's suggestion model, trained by the worker on its dispatch history (appeals.learned).
    Kept in the database, not on a server's disk, so every app server loads the same one."""

    region = models.OneToOneField(Region, verbose_name="区域", on_delete=models.CASCADE, related_name="+")
    trained_at = models.DateTimeField("训练时间")
    samples = models.PositiveIntegerField("样本数")
    held_back = models.PositiveIntegerField("留出检验数")
    # Held-back accuracy (%) of the blended ranking; `figures` adds the lexicon-only ones on the same slice.
    unit_top1 = models.FloatField("承办单位首选准确率")
    unit_top3 = models.FloatField("承办单位前三准确率")
    indicator_top1 = models.FloatField("评价指标首选准确率")
    indicator_top3 = models.FloatField("评价指标前三准确率")
    figures = models.JSONField(default=dict)
    library_version = models.CharField(max_length=20)
    payload = models.BinaryField()

    class Meta:
        verbose_name = verbose_name_plural = "分办建议模型"

    def __str__(self) -> str:
        return f"{self.region_id} {self.trained_at:%Y-%m-%d %H:%M}"


# Models kept in their own modules, registered with this app (热线知识库; notices to filers without an
# account; statistics cells).
from yingshang.appeals.knowledge.models import KnowledgeEntry as KnowledgeEntry  # noqa: E402
from yingshang.appeals.knowledge.models import KnowledgeUse as KnowledgeUse  # noqa: E402
from yingshang.appeals.notices.models import FilerNotice as FilerNotice  # noqa: E402
from yingshang.appeals.statistics.models import AppealStatsCell as AppealStatsCell  # noqa: E402
