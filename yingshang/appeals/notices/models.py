"""The outbox of notices to filers without an account (imported by appeals.models)."""

from __future__ import annotations

from django.db import models


class FilerNotice(models.Model):
    """One SMS or email to a filer: what was sent, to which number or address, through which backend, and
    whether the gateway took it. The office reads it to answer "I never got a message"."""

    class Channel(models.TextChoices):
        SMS = "sms", "短信"
        EMAIL = "email", "电子邮件"

    class Status(models.TextChoices):
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="filer_notices")
    event = models.CharField("事由", max_length=20)
    channel = models.CharField("方式", max_length=8, choices=Channel.choices)
    recipient = models.CharField("接收号码/地址", max_length=100)
    body = models.TextField("内容")
    backend = models.CharField("发送通道", max_length=100)
    status = models.CharField("状态", max_length=8, choices=Status.choices)
    error = models.CharField("失败原因", max_length=300, blank=True)
    created_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "诉求人通知"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.appeal_id} {self.event}"
