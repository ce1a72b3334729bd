"""清欠 and 政务诚信: the statutory parameters, arrears cases with payments and instalments, breach
complaints and the promises made to investors."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from yingshang.core.models import Enterprise, Region, Unit


class StatutoryRule(models.Model):
    """A dated set of parameters of 保障中小企业款项支付条例: a case is judged by the row in force on the day
    its payment clock starts. Edited by the office when the rules change."""

    effective_from = models.DateField("施行日期", unique=True)
    default_term_days = models.PositiveSmallIntegerField("法定付款期限(日)", default=30)
    max_term_days = models.PositiveSmallIntegerField("约定付款期限上限(日)", default=60)
    daily_rate = models.DecimalField("未约定时的逾期利息日利率", max_digits=8, decimal_places=6)
    source = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "款项支付法定参数"
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                name="arrears_rule_term_within_max", condition=Q(default_term_days__lte=F("max_term_days"))
            ),
            models.CheckConstraint(name="arrears_rule_rate_positive", condition=Q(daily_rate__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.effective_from} {self.source}"


class ArrearsCase(models.Model):
    """One debt of a public payer (debtor unit) to an enterprise under one contract (清欠明细台账的一行)."""

    class Status(models.TextChoices):
        OPEN = "open", "未清偿"
        SETTLED = "settled", "已清偿"
        CLOSED = "closed", "已销案"

    class Sector(models.TextChoices):
        ORGAN = "organ", "党政机关"
        INSTITUTION = "institution", "事业单位"
        SOE = "soe", "国有企业"

    class Source(models.TextChoices):
        OFFICE = "office", "营商办登记"
        SURVEY = "survey", "摸排导入"
        APPEAL = "appeal", "企业诉求"
        PLATFORM = "platform", "国家投诉平台"

    region = models.ForeignKey(Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    debtor = models.ForeignKey(Unit, verbose_name="欠款单位", on_delete=models.PROTECT, related_name="+")
    superior = models.ForeignKey(
        Unit, verbose_name="主管部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField("欠款主体类型", max_length=12, choices=Sector.choices, default=Sector.ORGAN)
    creditor = models.ForeignKey(
        Enterprise, verbose_name="债权企业", on_delete=models.PROTECT, related_name="arrears_cases"
    )
    contract_no = models.CharField("合同编号", max_length=60)
    contract_name = models.CharField("合同名称", max_length=200)
    contract_date = models.DateField("合同签订日期")
    amount = models.DecimalField("合同欠款金额(元)", max_digits=14, decimal_places=2)
    disputed_amount = models.DecimalField(
        "有争议金额(元)", default=Decimal("0"), max_digits=14, decimal_places=2
    )
    paid_amount = models.DecimalField("已付金额(元)", default=Decimal("0"), max_digits=14, decimal_places=2)
    delivered_on = models.DateField("交付日期")
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    agreed_term_days = models.PositiveSmallIntegerField("约定付款期限(日)", null=True, blank=True)
    agreed_daily_rate = models.DecimalField(
        "约定逾期利息日利率", max_digits=8, decimal_places=6, null=True, blank=True
    )
    # Worked out by the calculator when the case is entered (and when its dates change), so the ledger
    # can filter and sort overdue cases in the database.
    due_date = models.DateField("法定付款期限届满日")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.OFFICE)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name="来源诉求",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arrears_cases",
    )
    platform_ref = models.CharField("投诉平台编号", max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    settled_on = models.DateField("清偿日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "拖欠账款案件"
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["debtor", "creditor", "contract_no"],
                condition=Q(status="open"),
                name="arrears_one_open_case_per_contract",
            ),
            models.CheckConstraint(name="arrears_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="arrears_disputed_within_amount",
                condition=Q(disputed_amount__gte=0, disputed_amount__lte=F("amount")),
            ),
            models.CheckConstraint(
                name="arrears_paid_within_undisputed",
                condition=Q(paid_amount__gte=0, paid_amount__lte=F("amount") - F("disputed_amount")),
            ),
        ]
        indexes = [
            models.Index(fields=["region", "status", "due_date"], name="arrears_case_ledger"),
            models.Index(fields=["debtor", "status"], name="arrears_case_debtor"),
            # The ledger's page order (due_date, id): a page is read from the index, not sorted.
            models.Index(fields=["due_date", "id"], name="arrears_case_order"),
        ]

    def __str__(self) -> str:
        return f"{self.debtor} 欠 {self.creditor} {self.amount}"

    @property
    def undisputed_amount(self) -> Decimal:
        return self.amount - self.disputed_amount

    @property
    def outstanding(self) -> Decimal:
        return self.undisputed_amount - self.paid_amount


class Payment(models.Model):
    case = models.ForeignKey(ArrearsCase, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField("付款日期")
    amount = models.DecimalField("付款金额(元)", max_digits=14, decimal_places=2)
    instalment = models.ForeignKey(
        "Instalment", null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "还款记录"
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(name="arrears_payment_positive", condition=Q(amount__gt=0))]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"


class Instalment(models.Model):
    """One instalment of a repayment plan: an item with an owner (the debtor) and a clock (its date)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待支付"
        PAID = "paid", "已支付"

    case = models.ForeignKey(ArrearsCase, on_delete=models.CASCADE, related_name="instalments")
    due_date = models.DateField("计划还款日期")
    amount = models.DecimalField("计划金额(元)", max_digits=14, decimal_places=2)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    paid_on = models.DateField("支付日期", null=True, blank=True)
    colour = models.CharField("预警", max_length=8, default="green")
    next_alert_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField("临期提醒时间", null=True, blank=True)
    overdue_at = models.DateTimeField("逾期催办时间", null=True, blank=True)
    escalated_at = models.DateTimeField("升级督办时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "还款计划分期"
        ordering = ["due_date", "id"]
        constraints = [models.CheckConstraint(name="arrears_instalment_positive", condition=Q(amount__gt=0))]
        indexes = [
            models.Index(
                fields=["next_alert_at"], condition=Q(status="pending"), name="arrears_instalment_timer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.due_date} {self.amount}"


class Promise(models.Model):
    """政策承诺 (招商引资): what a government body promised an investor, by when, and whether it was kept."""

    class Kind(models.TextChoices):
        LAND = "land", "土地"
        SUBSIDY = "subsidy", "资金补贴"
        SERVICE = "service", "配套服务"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        PENDING = "pending", "待兑现"
        FULFILLED = "fulfilled", "已兑现"
        BROKEN = "broken", "未兑现"

    region = models.ForeignKey(Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="承诺单位", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="投资企业", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("承诺类型", max_length=10, choices=Kind.choices)
    content = models.CharField("承诺内容", max_length=500)
    due_date = models.DateField("承诺兑现期限")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    fulfilled_on = models.DateField("兑现日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "招商引资政策承诺"
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.content


class Breach(models.Model):
    """违约失信投诉: from complaint through the superior's verification to performance or 认定违约失信,
    disclosure and 信用修复."""

    class Status(models.TextChoices):
        FILED = "filed", "已受理"
        VERIFYING = "verifying", "主管部门核实中"
        UNFOUNDED = "unfounded", "核实不属实"
        PERFORMING = "performing", "限期履行"
        PERFORMED = "performed", "已履行办结"
        CONFIRMED = "confirmed", "认定违约失信"
        REPAIR_REQUESTED = "repair_requested", "申请信用修复"
        REPAIRED = "repaired", "已信用修复"

    region = models.ForeignKey(Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    accused = models.ForeignKey(Unit, verbose_name="被投诉单位", on_delete=models.PROTECT, related_name="+")
    superior = models.ForeignKey(
        Unit, verbose_name="核实部门(主管部门)", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="投诉企业", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        ArrearsCase,
        verbose_name="拖欠账款案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="breaches",
    )
    promise = models.ForeignKey(
        Promise,
        verbose_name="政策承诺",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="breaches",
    )
    summary = models.CharField("投诉事项", max_length=500)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.FILED)
    verify_due = models.DateField("核实期限", null=True, blank=True)
    perform_due = models.DateField("履行期限", null=True, blank=True)
    decision_no = models.CharField("认定文号", max_length=60, blank=True)
    decision_text = models.TextField("认定意见", blank=True)
    decided_on = models.DateField("认定日期", null=True, blank=True)
    repaired_on = models.DateField("修复日期", null=True, blank=True)
    created_at = models.DateTimeField("受理时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "违约失信投诉"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.summary
