"""包抓联 contacts, visits, 六必访 occasions, 座谈会 and other events, 回访 campaigns, social supervisors,
and the problems all of these raise (each triaged into an appeal, a ledger task or no action)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import Enterprise, Region, Unit


class MustVisitOccasion(models.Model):
    """One of the 六必访 occasions ("企业遇到困难必访"…): a checklist the office edits for its region."""

    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("走访情形", max_length=100)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "六必访情形"
        ordering = ["region_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="occasion_unique_name_in_region")
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """包抓联: one cadre looks after one enterprise, and must visit it every ``frequency_days``."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="outreach_assignments"
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="包联干部", on_delete=models.PROTECT, related_name="+"
    )
    # The cadre's unit when assigned: the department's 对口服务企业名单 is its assignments.
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    frequency_days = models.PositiveSmallIntegerField("走访周期(天)", default=90)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "包抓联"
        ordering = ["enterprise_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "cadre"], name="assignment_unique_pair"),
            models.CheckConstraint(
                name="assignment_frequency_range", condition=Q(frequency_days__gte=1, frequency_days__lte=366)
            ),
        ]
        indexes = [models.Index(fields=["cadre"], name="assignment_cadre")]

    def __str__(self) -> str:
        return f"{self.cadre} → {self.enterprise}"


class Visit(models.Model):
    """走访: a cadre's contact with an enterprise."""

    class Method(models.TextChoices):
        ON_SITE = "on_site", "实地走访"
        MEETING = "meeting", "座谈"
        PHONE = "phone", "电话"
        ONLINE = "online", "网络"

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="+"
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="走访人", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField("走访日期")
    method = models.CharField("方式", max_length=10, choices=Method.choices)
    occasion = models.ForeignKey(
        MustVisitOccasion, verbose_name="六必访情形", null=True, blank=True, on_delete=models.PROTECT
    )
    discussed = models.TextField("交流内容")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "走访记录"
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "-visited_on"], name="visit_enterprise_date"),
            models.Index(fields=["cadre", "-visited_on"], name="visit_cadre_date"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.enterprise}"


class OutreachEvent(models.Model):
    """政企沟通活动: a 座谈会, a policy briefing or a 企业家沙龙, organised by a unit (or the office)."""

    class Kind(models.TextChoices):
        FORUM = "forum", "座谈会"
        BRIEFING = "briefing", "政策宣讲会"
        SALON = "salon", "企业家沙龙"

    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name="组织单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.FORUM)
    title = models.CharField("名称", max_length=200)
    held_on = models.DateField("日期")
    place = models.CharField("地点", max_length=200, blank=True)
    summary = models.TextField("纪要", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "政企沟通活动"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="invitations")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="+"
    )
    attended = models.BooleanField("出席", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "邀请企业"
        constraints = [models.UniqueConstraint(fields=["event", "enterprise"], name="invitation_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.enterprise_id}"


class SupervisorAppointment(models.Model):
    """社会监督员: the office appoints a person (a SUPERVISOR user) for a term and fields."""

    class Field(models.TextChoices):
        INVESTMENT = "investment", "招商引资"
        COMPETITION = "competition", "公平竞争"
        APPROVAL = "approval", "行政审批"
        SERVICE = "service", "政务服务"
        ENFORCEMENT = "enforcement", "监管执法"
        JUSTICE = "justice", "司法保障"
        RELATIONS = "relations", "政商关系"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="监督员", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    term_start = models.DateField("任期开始")
    term_end = models.DateField("任期结束")
    fields = models.JSONField("监督领域", default=list)
    contact = models.CharField("联系方式", max_length=50, blank=True)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "社会监督员聘任"
        ordering = ["-term_start", "id"]
        constraints = [
            models.CheckConstraint(
                name="appointment_term_order", condition=Q(term_end__gte=models.F("term_start"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.term_start}–{self.term_end}"


class CallbackCampaign(models.Model):
    """回访活动: the yearly survey of the enterprises served; the office edits its questionnaire."""

    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=100)
    # [{"text": "…", "kind": "scale" | "text" | "problem"}]: a "problem" answer becomes a Problem.
    questions = models.JSONField("问卷", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "回访活动"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignTarget(models.Model):
    """One enterprise on a campaign's list, with the unit that served it, its caller and its answers."""

    class Status(models.TextChoices):
        PENDING = "pending", "待回访"
        ANSWERED = "answered", "已回访"
        UNREACHABLE = "unreachable", "未能联系"

    campaign = models.ForeignKey(CallbackCampaign, on_delete=models.CASCADE, related_name="targets")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="服务单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField("来源", max_length=20)
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    answers = models.JSONField("回答", default=list, blank=True)
    satisfaction = models.PositiveSmallIntegerField("满意度", null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "回访对象"
        ordering = ["campaign_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "enterprise", "unit"], name="target_unique"),
            models.CheckConstraint(
                name="target_satisfaction_range",
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.enterprise_id}"


class Problem(models.Model):
    """A problem raised in a visit, a 座谈会, a supervisor's finding or a campaign answer; the office turns
    it into an appeal or a ledger task (linked both ways) or closes it with a reason."""

    class Channel(models.TextChoices):
        VISIT = "visit", "走访"
        EVENT = "event", "座谈会"
        FINDING = "finding", "社会监督员"
        CAMPAIGN = "campaign", "回访"

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        APPEAL = "appeal", "已转诉求"
        TASK = "task", "已转任务"
        DISMISSED = "dismissed", "不予处理"

    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_problems",
    )
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="problems")
    event = models.ForeignKey(
        OutreachEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="problems"
    )
    target = models.ForeignKey(
        CampaignTarget, null=True, blank=True, on_delete=models.PROTECT, related_name="problems"
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name="涉及单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("问题")
    location = models.CharField("地点", max_length=200, blank=True)
    evidence = models.TextField("证据说明", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    appeal = models.ForeignKey(
        "appeals.Appeal", null=True, blank=True, on_delete=models.PROTECT, related_name="outreach_problems"
    )
    task = models.ForeignKey(
        "ledger.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="outreach_problems"
    )
    reason = models.CharField("不予处理理由", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    triaged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "问题收集"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "-created_at"], name="problem_enterprise_time"),
            models.Index(fields=["raised_by", "-created_at"], name="problem_raiser_time"),
            models.Index(fields=["region", "status"], name="problem_region_status"),
        ]
        constraints = [
            models.CheckConstraint(
                name="problem_links_match_status",
                condition=(
                    (Q(status="appeal") & Q(appeal__isnull=False))
                    | (Q(status="task") & Q(task__isnull=False))
                    | (Q(status__in=["open", "dismissed"]) & Q(appeal__isnull=True) & Q(task__isnull=True))
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:30]
