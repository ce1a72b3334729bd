"""Evaluation indicators (评价指标), their observations (监测值) and the warnings a miss raises (预警)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from yingshang.core.models import Region, Unit, User


class Direction(models.TextChoices):
    LOWER = "lower", "越低越好"
    HIGHER = "higher", "越高越好"


class PeriodKind(models.TextChoices):
    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"
    YEAR = "year", "年度"


class Indicator(models.Model):
    """A first-level (parent is null) or second-level indicator of the national evaluation system."""

    code = models.CharField("编码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name="一级指标",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit_of_measure = models.CharField("计量单位", max_length=20, blank=True)
    direction = models.CharField("方向", max_length=6, choices=Direction.choices, default=Direction.LOWER)
    # policyparse's metric vocabulary (time, steps, cost, materials, rate, count, amount, index)
    metric = models.CharField("度量类别", max_length=12, blank=True)
    keywords = models.JSONField("关键词", default=list, blank=True)
    target_value = models.DecimalField("创优目标值", max_digits=14, decimal_places=4, null=True, blank=True)
    warning_value = models.DecimalField("预警值", max_digits=14, decimal_places=4, null=True, blank=True)
    benchmark_value = models.DecimalField("先进值", max_digits=14, decimal_places=4, null=True, blank=True)
    min_value = models.DecimalField("最小值", max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField("最大值", max_digits=14, decimal_places=4, null=True, blank=True)
    max_jump_ratio = models.DecimalField(
        "最大环比变动", max_digits=6, decimal_places=3, null=True, blank=True, help_text="如 0.5 表示 ±50%"
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name="牵头单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    reporting_period = models.CharField(
        "填报周期", max_length=8, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2, default=1)
    regions = models.ManyToManyField(Region, verbose_name="适用区域", blank=True, related_name="+")
    # Workdays the lead unit has to explain a miss.
    explain_workdays = models.PositiveSmallIntegerField("说明时限(工作日)", default=5)
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "评价指标"
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                name="indicator_min_le_max",
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
            ),
            models.CheckConstraint(name="indicator_weight_nonneg", condition=Q(weight__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}/{self.name}" if self.parent_id and self.parent else self.name

    @property
    def is_first_level(self) -> bool:
        return self.parent_id is None


class Observation(models.Model):
    """The value of one indicator for one period in one region, as reported or computed."""

    class Source(models.TextChoices):
        MANUAL = "manual", "填报"
        IMPORT = "import", "导入"
        COMPUTED = "computed", "平台计算"

    class Result(models.TextChoices):
        MET = "met", "达标"
        MISSED = "missed", "未达目标"
        WARNING = "warning", "触发预警"
        NO_TARGET = "no_target", "未设目标"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name="填报单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField("期间", max_length=8)  # "2025-03", "2025Q1", "2025"
    period_start = models.DateField("期间开始")
    period_end = models.DateField("期间结束")
    value = models.DecimalField("监测值", max_digits=14, decimal_places=4)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.NO_TARGET)
    # Value against target at the time it was recorded; the catalogue's thresholds may change later.
    target_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    previous_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    jump_flag = models.BooleanField("环比异常", default=False)
    source = models.CharField("来源", max_length=8, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField("备注", max_length=300, blank=True)
    entered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标监测值"
        ordering = ["-period_start", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "region"], name="observation_unique_period"
            )
        ]
        indexes = [
            models.Index(fields=["period_start", "region"], name="observation_period_region"),
            models.Index(fields=["indicator", "region", "period_start"], name="observation_trend"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.value}"


class WarningStatus(models.TextChoices):
    OPEN = "open", "待说明"
    EXPLAINED = "explained", "已说明"
    OVERDUE = "overdue", "逾期未说明"
    RESOLVED = "resolved", "已解除"


class IndicatorWarning(models.Model):
    """预警: an observation missed its target; the lead unit owes an explanation and a fix plan by a date."""

    class Level(models.TextChoices):
        MISSED = "missed", "未达目标"
        WARNING = "warning", "触发预警值"

    observation = models.OneToOneField(Observation, on_delete=models.PROTECT, related_name="warning")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="warnings")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    lead_unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=8, choices=Level.choices)
    status = models.CharField(
        "状态", max_length=10, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    due_date = models.DateField("说明期限")
    due_estimated = models.BooleanField(default=False)
    explanation = models.TextField("情况说明", blank=True)
    fix_plan = models.TextField("整改措施", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标预警"
        ordering = ["due_date", "id"]
        indexes = [
            # The overdue sweep and the "open warnings" panel only ever read unresolved rows.
            models.Index(
                fields=["due_date"],
                condition=Q(status__in=["open", "explained", "overdue"]),
                name="warning_live",
            ),
            models.Index(fields=["lead_unit", "status"], name="warning_unit_status"),
        ]

    def __str__(self) -> str:
        return f"预警：{self.indicator} {self.observation.period}"

    @property
    def is_live(self) -> bool:
        return self.status != WarningStatus.RESOLVED
