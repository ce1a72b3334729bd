"""The dashboard's summary table: attainment per period × region × first-level indicator.

Rebuilt by a background task whenever observations of a period change (and hourly as a safety net),
so the dashboard reads a few hundred rows instead of scanning observations per request.
"""

from __future__ import annotations

from django.db import models

from yingshang.core.models import Region, Unit
from yingshang.indicators.models import Indicator


class AttainmentSummary(models.Model):
    period = models.CharField(max_length=8)
    period_start = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")  # first-level
    total = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)
    warned = models.PositiveIntegerField(default=0)
    jumps = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标达标汇总"
        constraints = [
            models.UniqueConstraint(fields=["period", "region", "indicator"], name="summary_unique_cell")
        ]
        indexes = [models.Index(fields=["period", "region"], name="summary_period_region")]

    def __str__(self) -> str:
        return f"{self.period} {self.region_id} {self.indicator_id}: {self.met}/{self.total}"


class AppealDaySummary(models.Model):
    """Appeals per day filed × region × lead unit, so the appeals panel sums a few thousand rows for a
    month instead of grouping every appeal of it (about 80,000 a month at a million a year)."""

    day = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, null=True, on_delete=models.CASCADE, related_name="+")  # lead (主办)
    total = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    satisfaction_sum = models.PositiveIntegerField(default=0)
    satisfaction_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "诉求日汇总"
        constraints = [
            models.UniqueConstraint(fields=["day", "region", "unit"], name="appeal_summary_unique_cell")
        ]
        indexes = [models.Index(fields=["day", "region"], name="appeal_summary_day_region")]

    def __str__(self) -> str:
        return f"{self.day} {self.region_id} {self.unit_id}: {self.total}"
