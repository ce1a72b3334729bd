"""The knowledge entry and each use of it in an answer (imported by appeals.models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import Unit


class KnowledgeEntry(models.Model):
    """知识条目: one question the hotline is asked, the answer its owner unit stands behind, and its source."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        RETIRED = "retired", "已停用"

    question = models.CharField("问题", max_length=200)
    answer = models.TextField("答复口径")
    keywords = models.CharField("关键词", max_length=200, blank=True)
    policy_title = models.CharField("政策依据", max_length=200, blank=True)
    policy_number = models.CharField("文号", max_length=100, blank=True)
    policy_url = models.URLField("政策链接", max_length=300, blank=True)
    owner_unit = models.ForeignKey(
        Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="knowledge_entries"
    )
    valid_until = models.DateField("有效期至", null=True, blank=True)
    review_date = models.DateField("复核日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    # The review date the owner unit was last told about, so the sweep tells it once per review date.
    review_flagged_for = models.DateField("已提醒复核日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "热线知识条目"
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["status", "owner_unit"], name="knowledge_status_unit"),
            models.Index(
                fields=["review_date"], condition=Q(status="published"), name="knowledge_review_due"
            ),
        ]

    def __str__(self) -> str:
        return self.question


class KnowledgeUse(models.Model):
    """An answer given from an entry: which appeal, which entry (and its version), what was said."""

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="knowledge_uses")
    entry = models.ForeignKey(KnowledgeEntry, on_delete=models.PROTECT, related_name="uses")
    entry_version = models.PositiveIntegerField("条目版本")
    text = models.TextField("答复内容")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "知识库答复记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id} ← {self.entry_id}"
