"""好差评: what is rated (matters, service points), the questionnaire versions, ratings, visit tokens,
per-matter rating requests, bad-rating cases (差评) and the units' appeals against a rating (申诉复核)."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import Enterprise, Region, Unit


class Channel(models.TextChoices):
    ONSITE = "onsite", "现场服务"
    ONLINE = "online", "网上服务"


class Level(models.IntegerChoices):
    """The five national levels; 3 and above count as 好评, 2 and below as 差评 (GB/T 39734)."""

    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    BASIC = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


BAD_LEVELS = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)


class ServiceMatter(models.Model):
    """政务服务事项: owned by one unit; imported from Excel or entered."""

    region = models.ForeignKey(Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="实施单位", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("事项编码", max_length=40)
    name = models.CharField("事项名称", max_length=200)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "政务服务事项"
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="reviews_matter_code_unique")]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class MatterVolume(models.Model):
    """Matters handled in a month, where the platform knows it: the base of 主动评价率."""

    matter = models.ForeignKey(ServiceMatter, on_delete=models.CASCADE, related_name="volumes")
    month = models.DateField("月份")  # the first day of the month
    handled = models.PositiveIntegerField("办件量")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["matter", "month"], name="reviews_volume_unique")]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.month:%Y-%m}"


class ServicePoint(models.Model):
    """A window, a hall, a self-service kiosk or an online channel: where a rating is given."""

    class Kind(models.TextChoices):
        WINDOW = "window", "窗口"
        HALL = "hall", "大厅"
        KIOSK = "kiosk", "自助终端"
        ONLINE = "online", "网上渠道"

    region = models.ForeignKey(Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.WINDOW)
    # The QR code carries this key; the kiosk page its own (the kiosk page may rate without a ticket).
    public_key = models.CharField("二维码标识", max_length=24, unique=True)
    kiosk_key = models.CharField("评价器标识", max_length=32, unique=True)
    opens_at = models.TimeField("开始办公", default=time(9, 0))
    closes_at = models.TimeField("结束办公", default=time(17, 30))
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "服务点位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def channel(self) -> str:
        return Channel.ONLINE if self.kind == self.Kind.ONLINE else Channel.ONSITE


class Questionnaire(models.Model):
    """One version of a channel's rating content. A change is a new version; ratings keep theirs."""

    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    version = models.PositiveIntegerField("版本")
    # [{"code": "overall", "label": "整体满意度"}, …]; the first item is the overall level.
    items = models.JSONField("评价内容")
    is_current = models.BooleanField("现行版本", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评价问卷"
        constraints = [
            models.UniqueConstraint(fields=["channel", "version"], name="reviews_questionnaire_version"),
            models.UniqueConstraint(
                fields=["channel"], condition=Q(is_current=True), name="reviews_questionnaire_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} 第{self.version}版"


class VisitToken(models.Model):
    """一次一评: the code on a queue ticket or shown at the window, good for one rating at that point."""

    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="tokens")
    matter = models.ForeignKey(
        ServiceMatter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField("评价码", max_length=24, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code


class RatingRequest(models.Model):
    """一事一评: one online rating asked of the enterprise for one finished matter (an appeal)."""

    class Status(models.TextChoices):
        OPEN = "open", "待评价"
        RATED = "rated", "已评价"
        FROM_CALLBACK = "from_callback", "已由回访评价"

    appeal_id = models.PositiveBigIntegerField("诉求", unique=True)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("事项", max_length=100)
    code = models.CharField("评价码", max_length=24, unique=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class Rating(models.Model):
    class Source(models.TextChoices):
        QR = "qr", "扫码评价"
        KIOSK = "kiosk", "评价器"
        REQUEST = "request", "一事一评"
        CALLBACK = "callback", "诉求回访"

    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    source = models.CharField("来源", max_length=8, choices=Source.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="被评价单位", on_delete=models.PROTECT, related_name="+")
    point = models.ForeignKey(ServicePoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    matter = models.ForeignKey(
        ServiceMatter, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField("评价等级", choices=Level.choices)
    scores = models.JSONField("分项评价", default=dict)
    text = models.TextField("评价内容", blank=True)
    visit_token = models.OneToOneField(
        VisitToken, null=True, blank=True, on_delete=models.PROTECT, related_name="rating"
    )
    request = models.OneToOneField(
        RatingRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="rating"
    )
    # Real-name raters: only the office reads these (core.visibility.contact_visible).
    rater_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rater_name = models.CharField("评价人", max_length=50, blank=True)
    rater_phone = models.CharField("联系电话", max_length=30, blank=True)
    # Hashes of the address and the device cookie, for the suspicious-pattern checks only.
    network = models.CharField(max_length=16, blank=True)
    device = models.CharField(max_length=16, blank=True)
    flags = models.JSONField("异常标记", default=list)
    receipt_code = models.CharField("回执码", max_length=16, unique=True)
    submitted_at = models.DateTimeField("评价时间", db_index=True)
    # An upheld 申诉复核 takes the rating out of the statistics; it is never deleted.
    excluded = models.BooleanField("不计入统计", default=False)

    class Meta:
        verbose_name = "评价"
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="reviews_rating_level"),
        ]
        indexes = [models.Index(fields=["network", "submitted_at"], name="reviews_rating_network")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.submitted_at:%Y-%m-%d}"

    @property
    def is_bad(self) -> bool:
        return self.level <= Level.DISSATISFIED

    @property
    def is_real_name(self) -> bool:
        return bool(self.rater_user_id or self.rater_phone)


class BadRatingCase(models.Model):
    """差评: an item with an owner (the unit) and a clock (working days), from 核实 to 追评."""

    class Status(models.TextChoices):
        VERIFYING = "verifying", "待核实"
        RECTIFYING = "rectifying", "整改中"
        RECTIFIED = "rectified", "已整改待反馈"
        FED_BACK = "fed_back", "已反馈待追评"
        CLOSED = "closed", "已办结"
        APPEALED = "appealed", "申诉复核中"
        VOIDED = "voided", "申诉成立"

    class Complexity(models.TextChoices):
        SIMPLE = "simple", "情况清楚(立即整改)"
        COMPLEX = "complex", "情况复杂"

    class Colour(models.TextChoices):
        GREEN = "green", "正常"
        YELLOW = "yellow", "临期"
        RED = "red", "超期"

    OPEN_STATUSES = ("verifying", "rectifying", "rectified")

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="case")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.VERIFYING)
    complexity = models.CharField(
        "复杂程度", max_length=8, choices=Complexity.choices, default=Complexity.SIMPLE
    )
    opened_at = models.DateTimeField("产生时间")
    due_date = models.DateField("整改期限")
    verify_note = models.TextField("核实情况", blank=True)
    rectification = models.TextField("整改情况", blank=True)
    rectified_at = models.DateTimeField("整改时间", null=True, blank=True)
    rectified_late = models.BooleanField("整改超期", default=False)
    feedback = models.TextField("反馈内容", blank=True)
    fed_back_at = models.DateTimeField("反馈时间", null=True, blank=True)
    follow_up_level = models.PositiveSmallIntegerField("追评", choices=Level.choices, null=True, blank=True)
    colour = models.CharField("预警", max_length=8, choices=Colour.choices, default=Colour.GREEN)
    escalated_at = models.DateTimeField("升级督办时间", null=True, blank=True)
    next_alert_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "差评"
        ordering = ["-opened_at"]
        indexes = [
            models.Index(
                fields=["next_alert_at"],
                name="reviews_case_alert",
                condition=Q(next_alert_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"差评 {self.pk}"


class RatingAppeal(models.Model):
    """申诉复核: the unit says a rating is false or malicious; the office upholds or rejects it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待复核"
        UPHELD = "upheld", "申诉成立"
        REJECTED = "rejected", "申诉不成立"

    case = models.ForeignKey(BadRatingCase, on_delete=models.PROTECT, related_name="appeals")
    reason = models.TextField("申诉理由")
    evidence = models.TextField("证据说明")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField("复核意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "申诉复核"
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="reviews_one_pending_appeal"
            )
        ]

    def __str__(self) -> str:
        return f"申诉复核 {self.pk}"
