"""Summary cells of appeal statistics (imported by appeals.models)."""

from __future__ import annotations

from django.db import models


class AppealStatsCell(models.Model):
    """The counters of the appeals of one scope (a region, or a unit that ever held them) that share one
    value of one dimension (month filed, category, channel, active lead unit, evaluation indicator).
    Every counted appeal adds to exactly one cell per dimension of each of its scopes."""

    class Scope(models.TextChoices):
        REGION = "r", "区域"
        UNIT = "u", "单位"

    scope = models.CharField(max_length=1, choices=Scope.choices)
    scope_id = models.PositiveBigIntegerField()
    dim = models.CharField(max_length=10)
    value = models.CharField(max_length=40)
    total = models.IntegerField(default=0)
    open = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    acked = models.IntegerField(default=0)
    acked_on_time = models.IntegerField(default=0)
    replied = models.IntegerField(default=0)
    replied_on_time = models.IntegerField(default=0)
    called = models.IntegerField(default=0)
    solved = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "诉求统计汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "scope_id", "dim", "value"], name="appeal_stats_cell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}{self.scope_id} {self.dim}={self.value}: {self.total}"
