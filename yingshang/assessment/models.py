"""考核: schemes of weighted components, scores per unit, 红黑榜, 末位 follow-ups, and 通报 bulletins."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from yingshang.core.models import Region, Unit, User


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    COMPUTED = "computed", "已计分"
    PUBLISHED = "published", "已发布"


class Scheme(models.Model):
    """One assessment over a period in a region: which components count, with what weight, and the list rules."""

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(Region, verbose_name="考核区域", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("期间", max_length=8)  # "2025-03", "2025Q1", "2025"
    period_kind = models.CharField("周期", max_length=8)
    period_start = models.DateField()
    period_end = models.DateField()
    red_count = models.PositiveSmallIntegerField("红榜名额(每组)", default=3)
    black_count = models.PositiveSmallIntegerField("黑榜名额(每组)", default=1)
    min_sample = models.PositiveSmallIntegerField("最少数据量", default=1)
    status = models.CharField("状态", max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT)
    computed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The list as published, frozen: the public page never recomputes.
    published_list = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核方案"
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "period", "name"], name="scheme_unique_name_period")
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="scheme_published")]

    def __str__(self) -> str:
        return self.name


class SchemeComponent(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="components")
    code = models.CharField("组件", max_length=40)
    name = models.CharField("名称", max_length=100)
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="scheme_component_once"),
            models.CheckConstraint(name="scheme_component_weight_pos", condition=Q(weight__gt=0)),
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} × {self.weight}"


class Adjustment(models.Model):
    """加分/扣分 by the office, with its reason; part of the score and of its explanation."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="adjustments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    reason = models.CharField("原因", max_length=300)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "加减分"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.points:+} {self.reason}"


class Score(models.Model):
    class ListFlag(models.TextChoices):
        NONE = "", "—"
        RED = "red", "红榜"
        BLACK = "black", "黑榜"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    group = models.CharField("分组", max_length=12)  # Unit.kind
    parts = models.JSONField(default=dict)  # {code: {name, weight, value, explanation}}
    base_score = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    adjustment_total = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    total = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True)
    sample = models.PositiveIntegerField(default=0)
    is_ranked = models.BooleanField(default=False)
    rank = models.PositiveIntegerField(null=True)
    met_all_targets = models.BooleanField(default=False)
    list_flag = models.CharField("榜单", max_length=5, choices=ListFlag.choices, blank=True, default="")
    anomalies = models.JSONField(default=list, blank=True)
    not_ranked_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核得分"
        ordering = ["group", "rank", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit"], name="score_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.total}"


class FollowUpStatus(models.TextChoices):
    PENDING = "pending", "待约谈"
    DONE = "done", "已完成"


class FollowUp(models.Model):
    """末位问责: a black-listed unit is called for an interview (约谈); the office records the outcome."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "约谈"
        ACCOUNTABILITY = "accountability", "问责"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="follow_ups")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("方式", max_length=16, choices=Kind.choices, default=Kind.INTERVIEW)
    status = models.CharField(
        "状态", max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.PENDING
    )
    outcome = models.TextField("结果", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "末位问责"
        ordering = ["status", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit", "kind"], name="follow_up_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.unit_id}"


class BulletinStatus(models.TextChoices):
    QUEUED = "queued", "生成中"
    READY = "ready", "已生成"
    FAILED = "failed", "生成失败"


class Bulletin(models.Model):
    """通报: figures frozen in `snapshot` as of a date, so generating the period again gives the same numbers."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField("期间", max_length=8)
    as_of = models.DateField("数据截至")
    title = models.CharField("标题", max_length=200)
    doc_number = models.CharField("文号", max_length=60, default="〔    〕第  号")
    status = models.CharField(max_length=8, choices=BulletinStatus.choices, default=BulletinStatus.QUEUED)
    snapshot = models.JSONField(default=dict, blank=True)
    docx = models.BinaryField(null=True, blank=True)
    # The same document as PDF (LibreOffice headless); empty with `pdf_error` set when conversion failed.
    pdf = models.BinaryField(null=True, blank=True)
    pdf_error = models.CharField(max_length=300, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通报"
        ordering = ["-as_of", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "period", "as_of"], name="bulletin_one_snapshot")
        ]

    def __str__(self) -> str:
        return self.title
