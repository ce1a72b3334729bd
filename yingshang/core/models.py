"""Core records every app stands on: regions, units, people, enterprises, events, notifications, calendar."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Region(models.Model):
    """An administrative area: 市 → 县(区)/园区 → 乡镇. The office of a region sees everything under it."""

    class Level(models.TextChoices):
        CITY = "city", "市(盟)"
        COUNTY = "county", "县(区、旗)"
        ZONE = "zone", "开发区(园区)"
        TOWN = "town", "乡镇(街道)"

    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of ids ("/1/4/") so "everything under a region" is one indexed prefix query.
    tree_path = models.CharField(max_length=255, editable=False, db_index=True, default="/")

    class Meta:
        verbose_name = verbose_name_plural = "行政区域"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent")
        ]
        ordering = ["tree_path"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """单位: any responsible body (department, town, park, utility, court)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "党政部门"
        TOWN = "town", "乡镇街道"
        ZONE = "zone", "园区"
        UTILITY = "utility", "公用企业"
        JUDICIAL = "judicial", "司法机关"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.DEPARTMENT)
    region = models.ForeignKey(
        Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]
        ordering = ["region_id", "name"]

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    """市场主体, identified by its 统一社会信用代码."""

    class SizeClass(models.TextChoices):
        LARGE = "large", "大型"
        MEDIUM = "medium", "中型"
        SMALL = "small", "小型"
        MICRO = "micro", "微型"

    class CreditTier(models.TextChoices):
        A = "A", "A类(信用风险低)"
        B = "B", "B类(信用风险一般)"
        C = "C", "C类(信用风险较高)"
        D = "D", "D类(信用风险高)"

    name = models.CharField("企业名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    industry = models.CharField("行业", max_length=100, blank=True)
    size_class = models.CharField("规模", max_length=8, choices=SizeClass.choices, default=SizeClass.SMALL)
    region = models.ForeignKey(
        Region, verbose_name="所在区域", on_delete=models.PROTECT, related_name="enterprises"
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    credit_tier = models.CharField(
        "信用风险分类", max_length=1, choices=CreditTier.choices, default=CreditTier.B
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "市场主体"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. The role decides what they see; unit or enterprise ties scope it."""

    class Role(models.TextChoices):
        OFFICE_ADMIN = "office_admin", "营商办管理员"
        UNIT_LEADER = "unit_leader", "单位负责人"
        UNIT_STAFF = "unit_staff", "单位经办人"
        ENTERPRISE = "enterprise", "企业用户"
        SUPERVISOR = "supervisor", "社会监督员"
        LEADER = "leader", "领导(只读)"

    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.UNIT_STAFF)
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机", max_length=30, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="所属企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    region = models.ForeignKey(
        Region, verbose_name="管辖区域", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                name="user_unit_roles_have_unit",
                condition=~Q(role__in=["unit_leader", "unit_staff"]) | Q(unit__isnull=False),
            ),
            models.CheckConstraint(
                name="user_enterprise_role_has_enterprise",
                condition=~Q(role="enterprise") | Q(enterprise__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_office(self) -> bool:
        return self.role == self.Role.OFFICE_ADMIN

    @property
    def is_unit_user(self) -> bool:
        return self.role in (self.Role.UNIT_LEADER, self.Role.UNIT_STAFF)

    @property
    def is_read_only(self) -> bool:
        return self.role == self.Role.LEADER


class ApiToken(models.Model):
    """A per-user API token. Only its SHA-256 digest is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=50)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Event(models.Model):
    """One append-only row per state change of any item (task, appeal, report…): who, what, from → to."""

    # event_subject_time (content_type, object_id, created_at) serves lookups by content type too.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, db_index=False)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("动作", max_length=40)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    note = models.JSONField(default=dict, blank=True)
    # No index of its own: events are read by subject (event_subject_time), and every state change in
    # every app writes one, so each index is paid on every move.
    # The time of the change: now, unless a loader replays history (demo data, imports of old records)
    # and gives the time it happened — rows are never updated afterwards.
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "事件"
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"], name="event_subject_time")
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


class Notification(models.Model):
    """An in-app message; email copies are sent by a background task."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    kind = models.CharField("类别", max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title


class CalendarDay(models.Model):
    """An office-edited day that overrides the built-in holiday calendar (years it does not know yet)."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作日历调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'}"


class PersonalDataExport(models.Model):
    """One export that carried personal data (complainants' names and contacts): who, when, which rows.
    Written by core.personal_data.log_personal_export in the request that builds the file; never edited."""

    class Kind(models.TextChoices):
        APPEALS = "appeals", "企业诉求(含诉求人姓名和联系方式)"

    actor = models.ForeignKey(User, verbose_name="导出人", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("导出内容", max_length=30, choices=Kind.choices)
    query = models.CharField("筛选条件", max_length=500, blank=True)
    row_count = models.PositiveIntegerField("行数")
    # The rows' own identifiers (an appeal's tracking code), so the log still names them if rows go.
    rows = models.JSONField("导出的行", default=list)
    created_at = models.DateTimeField("导出时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "个人信息导出记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor} {self.kind} {self.row_count}"


class Webhook(models.Model):
    """A work group's robot (企业微信 / 钉钉 / 飞书) that notices are posted to: a unit's, or the office's
    of a region. The URL holds the robot's key and the secret signs each message: neither is shown back
    in full once saved."""

    class Platform(models.TextChoices):
        WECOM = "wecom", "企业微信"
        DINGTALK = "dingtalk", "钉钉"
        FEISHU = "feishu", "飞书"

    name = models.CharField("名称", max_length=50)
    platform = models.CharField("平台", max_length=10, choices=Platform.choices)
    url = models.CharField("机器人地址", max_length=500)
    secret = models.CharField("加签密钥", max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name="单位", null=True, blank=True, on_delete=models.CASCADE, related_name="webhooks"
    )
    # Set for the office's own group: the region whose office it serves.
    region = models.ForeignKey(
        Region, verbose_name="营商办区域", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by the worker so the office's list shows health without reading the deliveries.
    last_status = models.CharField("最近状态", max_length=10, blank=True)
    last_attempt_at = models.DateTimeField("最近发送", null=True, blank=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "群机器人"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="webhook_unit_or_office",
                condition=Q(unit__isnull=False, region__isnull=True)
                | Q(unit__isnull=True, region__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One message for one robot, with its attempts: the worker posts it and retries a failure."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        RETRYING = "retrying", "等待重试"
        SENT = "sent", "已送达"
        FAILED = "failed", "发送失败"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField("事项", max_length=30)
    text = models.TextField("消息")
    link = models.CharField("链接", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    response_code = models.PositiveSmallIntegerField("响应码", null=True, blank=True)
    response_excerpt = models.CharField("响应摘要", max_length=300, blank=True)
    # One entry per attempt: {"at", "code", "ok", "excerpt"}.
    attempt_log = models.JSONField("尝试记录", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the sweep should try it (again): the next retry, or a fallback in case the first enqueue
    # was lost. An attempt in progress pushes it forward, so two workers never post it twice.
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "群机器人消息"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["webhook", "-created_at"], name="webhook_delivery_recent"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=("pending", "retrying")),
                name="webhook_delivery_timer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}"


class RateCount(models.Model):
    """One fixed window of a rate limit (yingshang/core/ratelimit.py): key = scope, subject, window."""

    key = models.CharField(max_length=200, unique=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "频率计数"
        indexes = [models.Index(fields=["expires_at"], name="ratecount_expires")]

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
