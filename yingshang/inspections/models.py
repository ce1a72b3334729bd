"""双随机、一公开: the item list, the inspector pool, plans, draws, results and rectifications.

The target pool is core.Enterprise (credit_tier A–D, region, industry); a draw freezes its inputs in
canonical form in `Draw.file`, so a published draw never changes even when the pools do.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from yingshang.core.models import Enterprise, Region, Unit, User


class InspectionItem(models.Model):
    """抽查事项清单: one row of a department's item list."""

    class Level(models.TextChoices):
        KEY = "key", "重点"
        GENERAL = "general", "一般"

    code = models.CharField("事项编码", max_length=40, unique=True)
    name = models.CharField("抽查事项", max_length=200)
    department = models.ForeignKey(Unit, verbose_name="实施部门", on_delete=models.PROTECT, related_name="+")
    legal_basis = models.CharField("检查依据", max_length=500, blank=True)
    level = models.CharField("类别", max_length=8, choices=Level.choices, default=Level.GENERAL)
    method = models.CharField("检查方式", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽查事项"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Inspector(models.Model):
    """执法检查人员名录库: one person; `qualifications` are the items they may inspect."""

    code = models.CharField("执法证号", max_length=40, unique=True)
    name = models.CharField("姓名", max_length=50)
    department = models.ForeignKey(Unit, verbose_name="所在部门", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    qualifications = models.ManyToManyField(
        InspectionItem, verbose_name="执法资格", blank=True, related_name="+"
    )
    user = models.ForeignKey(
        User, verbose_name="登录账号", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法检查人员"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class RecusalDeclaration(models.Model):
    """回避: an inspector who may not be drawn for an enterprise."""

    class Reason(models.TextChoices):
        CONFLICT = "conflict", "利害关系"
        DECLARED = "declared", "本人申报回避"

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="recusals")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("回避原因", max_length=12, choices=Reason.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "回避关系"
        constraints = [
            models.UniqueConstraint(fields=["inspector", "enterprise", "reason"], name="recusal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.inspector_id}回避{self.enterprise_id}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审批"
    APPROVED = "approved", "已批准"
    ANNOUNCED = "announced", "已公告"
    COMMITTED = "committed", "已公布承诺值"
    DRAWN = "drawn", "已抽取"
    PUBLISHED = "published", "抽取结果已公布"


class Plan(models.Model):
    """年度抽查计划 of one department, or a joint plan (联合抽查) of several."""

    title = models.CharField("计划名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    lead_unit = models.ForeignKey(Unit, verbose_name="发起部门", on_delete=models.PROTECT, related_name="+")
    items = models.ManyToManyField(InspectionItem, verbose_name="抽查事项", related_name="plans")
    joint = models.BooleanField("联合抽查", default=False)
    special = models.BooleanField("专项检查", default=False)
    rate_a = models.PositiveIntegerField("A类比例(万分之)", default=300)
    rate_b = models.PositiveIntegerField("B类比例(万分之)", default=500)
    rate_c = models.PositiveIntegerField("C类比例(万分之)", default=1000)
    rate_d = models.PositiveIntegerField("D类比例(万分之)", default=2000)
    scheduled_on = models.DateField("计划抽取日期")
    seed_source = models.CharField("随机种子来源", max_length=300)
    status = models.CharField("状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽查计划"
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="plan_rates_at_most_100_percent",
                condition=Q(rate_a__lte=10000, rate_b__lte=10000, rate_c__lte=10000, rate_d__lte=10000),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rates(self) -> dict[str, int]:
        return {"A": self.rate_a, "B": self.rate_b, "C": self.rate_c, "D": self.rate_d}


class Draw(models.Model):
    """One draw of a plan: commitments first, then the seed, then the result. Never rewritten once published."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="draw")
    algorithm = models.CharField("算法版本", max_length=40)
    commitments = models.JSONField("承诺值", default=dict)
    inputs = models.JSONField("抽取输入(规范形式)", default=dict)
    committed_at = models.DateTimeField()
    seed = models.CharField("随机种子", max_length=200, blank=True)
    seed_entered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    seed_entered_at = models.DateTimeField(null=True, blank=True)
    result_sha256 = models.CharField(max_length=64, blank=True)
    file = models.BinaryField("抽取文件", blank=True, default=b"")
    drawn_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽取"

    def __str__(self) -> str:
        return f"抽取#{self.pk}"


class ResultStatus(models.TextChoices):
    PENDING = "pending", "待检查"
    RECORDED = "recorded", "已录入"
    PUBLISHED = "published", "已公示"


class Outcome(models.TextChoices):
    NO_PROBLEM = "no_problem", "未发现问题"
    RECTIFY = "rectify", "发现问题责令整改"
    TRANSFER = "transfer", "发现问题移送处理"
    NOT_FOUND = "not_found", "未发现(查无下落)"
    CLOSED = "closed", "已关闭或注销"


class DrawnTarget(models.Model):
    """An enterprise the draw chose, its inspectors, and the result they record."""

    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="targets")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    tier = models.CharField("信用风险分类", max_length=1)
    position = models.PositiveIntegerField()
    inspectors = models.ManyToManyField(Inspector, related_name="targets")
    status = models.CharField(max_length=12, choices=ResultStatus.choices, default=ResultStatus.PENDING)
    outcome = models.CharField("检查结果", max_length=12, choices=Outcome.choices, blank=True)
    findings = models.TextField("检查情况", blank=True)
    evidence = models.FileField("佐证材料", upload_to="inspections/evidence/%Y/%m/", blank=True)
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)
    publish_by = models.DateField("公示期限", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽中对象"
        ordering = ["draw_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "enterprise"], name="drawn_target_unique"),
        ]

    def __str__(self) -> str:
        return f"抽中对象#{self.pk}"


class RectificationStatus(models.TextChoices):
    OPEN = "open", "整改中"
    CLOSED = "closed", "已整改销号"


class Rectification(models.Model):
    """整改: a problem found, with an owner (the department) and a working-day clock."""

    target = models.OneToOneField(DrawnTarget, on_delete=models.PROTECT, related_name="rectification")
    owner = models.ForeignKey(Unit, verbose_name="责任部门", on_delete=models.PROTECT, related_name="+")
    problem = models.TextField("问题")
    started_on = models.DateField()
    due_date = models.DateField("整改期限")
    status = models.CharField(
        max_length=8, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    colour = models.CharField(max_length=8, default="green")
    escalated_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField("整改情况", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改事项"
        indexes = [
            models.Index(fields=["due_date"], name="rectification_open_due", condition=Q(status="open")),
        ]

    def __str__(self) -> str:
        return f"整改#{self.pk}"
