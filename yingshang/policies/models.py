"""惠企政策: policies and their clauses, rules, test cases and interpretations; enterprise facts; matches
found by 政策找人; redemptions (applications and 免申即享 grants) up to payment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import Enterprise, Region, Unit


class Policy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已废止"

    title = models.CharField("政策名称", max_length=200)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发文机关", max_length=100)
    issue_date = models.DateField("印发日期")
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期止", null=True, blank=True)
    responsible_unit = models.ForeignKey(
        Unit, verbose_name="责任单位(解读和兑现)", on_delete=models.PROTECT, related_name="policies"
    )
    region = models.ForeignKey(
        Region, verbose_name="适用区域", on_delete=models.PROTECT, related_name="policies"
    )
    summary = models.TextField("政策摘要", blank=True)
    source_file = models.FileField("政策原文", upload_to="policies/%Y/%m/", blank=True)
    source_text = models.TextField("原文文本", blank=True)
    interpretation_workdays = models.PositiveSmallIntegerField("解读时限(工作日)", default=7)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "惠企政策"
        ordering = ["-issue_date", "-id"]
        indexes = [models.Index(fields=["status", "published_at"], name="policy_column")]
        constraints = [
            models.CheckConstraint(
                name="policy_validity_ordered",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Parameter(models.Model):
    """A named threshold or rate of a policy with dated values ([["2026-01-01", "500000"], …])."""

    class Kind(models.TextChoices):
        NUMBER = "number", "数值"
        TEXT = "text", "文本"
        DATE = "date", "日期"

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="parameters")
    name = models.CharField("参数名", max_length=50)
    label = models.CharField("说明", max_length=100)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.NUMBER)
    values = models.JSONField("取值(自某日起)", default=list)

    class Meta:
        verbose_name = verbose_name_plural = "政策参数"
        ordering = ["policy_id", "name"]
        constraints = [models.UniqueConstraint(fields=["policy", "name"], name="parameter_unique_name")]

    def __str__(self) -> str:
        return f"${self.name}"


class Clause(models.Model):
    """条款: a part of a policy with its own benefit and eligibility rule."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="clauses")
    number = models.PositiveSmallIntegerField("序号", default=1)
    title = models.CharField("条款名称", max_length=200)
    text = models.TextField("条款原文", blank=True)
    benefit_text = models.CharField("支持内容", max_length=300, blank=True)
    rule = models.TextField("资格规则")
    # Facts the rule reads, kept when the rule is saved: the application form asks for these.
    facts = models.JSONField("规则用到的企业事实", default=list, blank=True)
    attachments = models.JSONField("申报材料", default=list, blank=True)
    auto_grant = models.BooleanField("免申即享", default=False)
    review_workdays = models.PositiveSmallIntegerField("审核时限(工作日)", default=10)
    payment_workdays = models.PositiveSmallIntegerField("兑现时限(工作日)", default=60)

    class Meta:
        verbose_name = verbose_name_plural = "政策条款"
        ordering = ["policy_id", "number", "id"]
        constraints = [models.UniqueConstraint(fields=["policy", "number"], name="clause_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class TestCase(models.Model):
    """An example enterprise (its facts) with the answer a clause must give on a date."""

    class Expected(models.TextChoices):
        ELIGIBLE = "eligible", "符合"
        NOT_ELIGIBLE = "not_eligible", "不符合"
        UNDETERMINED = "undetermined", "待确定"

    __test__ = False  # not a pytest class

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="test_cases")
    name = models.CharField("用例名称", max_length=100)
    facts = models.JSONField("企业事实", default=dict)
    on_date = models.DateField("评估日期")
    expected = models.CharField("预期结果", max_length=14, choices=Expected.choices)
    expected_amount = models.DecimalField("预期金额", max_digits=14, decimal_places=2, null=True, blank=True)
    last_passed = models.BooleanField("上次通过", null=True)
    last_result = models.CharField("上次结果", max_length=300, blank=True)
    last_run_at = models.DateTimeField("上次运行", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "规则测试用例"
        ordering = ["clause_id", "id"]

    def __str__(self) -> str:
        return self.name


class Interpretation(models.Model):
    """谁发布谁解读: the responsible unit owes an interpretation within a number of working days."""

    class Status(models.TextChoices):
        OPEN = "open", "待解读"
        PUBLISHED = "published", "已解读"

    policy = models.OneToOneField(Policy, on_delete=models.CASCADE, related_name="interpretation")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField("解读期限")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    text = models.TextField("政策解读", blank=True)
    published_at = models.DateTimeField("解读发布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "政策解读"
        indexes = [models.Index(fields=["due_date"], condition=Q(status="open"), name="interpretation_timer")]

    def __str__(self) -> str:
        return f"{self.policy} 解读"


class EnterpriseFact(models.Model):
    """One fact about an enterprise from one source. Platform facts are read live from the platform's
    own records and never stored; see facts.py for which value wins."""

    class Source(models.TextChoices):
        PLATFORM = "platform", "平台数据"
        IMPORT = "import", "部门导入"
        DECLARATION = "declaration", "企业申报"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="policy_facts")
    key = models.CharField("事实", max_length=50)
    # JSON text of the typed value: numbers and dates as strings ("3000000", "2024-05-01"), sets as lists.
    value = models.JSONField("取值")
    source = models.CharField("来源", max_length=12, choices=Source.choices)
    as_of = models.DateField("截至日期")
    note = models.CharField("来源说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业事实"
        ordering = ["enterprise_id", "key"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "key", "source"], name="fact_one_per_source"),
            models.CheckConstraint(name="fact_stored_source", condition=~Q(source="platform")),
        ]
        indexes = [models.Index(fields=["key", "enterprise"], name="fact_by_key")]

    def __str__(self) -> str:
        return f"{self.enterprise_id}.{self.key}"


class FactSheet(models.Model):
    """The winning stored fact of each key for one enterprise, kept by facts.refresh_fact_sheets whenever
    facts are written, so that matching a whole region reads one row per enterprise."""

    enterprise = models.OneToOneField(
        Enterprise, primary_key=True, on_delete=models.CASCADE, related_name="policy_fact_sheet"
    )
    values = models.JSONField("事实", default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业事实汇总"

    def __str__(self) -> str:
        return str(self.enterprise_id)


class Match(models.Model):
    """政策找人: an enterprise found eligible or possibly eligible for a clause, and whether it was told."""

    class Status(models.TextChoices):
        ELIGIBLE = "eligible", "符合"
        UNDETERMINED = "undetermined", "待确定"

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="matches")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="policy_matches")
    status = models.CharField("结果", max_length=14, choices=Status.choices)
    amount = models.DecimalField("测算金额", max_digits=14, decimal_places=2, null=True, blank=True)
    missing = models.JSONField("缺少的事实", default=list, blank=True)
    computed_at = models.DateTimeField("计算时间")
    notified_at = models.DateTimeField("推送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "政策匹配"
        constraints = [models.UniqueConstraint(fields=["clause", "enterprise"], name="match_one_per_clause")]

    def __str__(self) -> str:
        return f"{self.clause_id} → {self.enterprise_id}"


class SmsMessage(models.Model):
    """An SMS of 政策找人, kept whatever the gateway did with it."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField("手机", max_length=30)
    text = models.CharField("内容", max_length=300)
    sent = models.BooleanField("已发送", default=False)
    error = models.CharField("错误", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "政策短信"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.phone


class AutoGrantList(models.Model):
    """免申即享: the candidates a clause's rule finds in the data; a person signs the list off."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待确认"
        SIGNED_OFF = "signed_off", "已确认"

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="auto_grant_lists")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    # [{"enterprise": id, "name": …, "amount": "…"}]
    candidates = models.JSONField("候选企业", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "免申即享清单"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.clause} 免申即享清单"


class Redemption(models.Model):
    """兑现: an application (or a 免申即享 grant) for one clause, through review to payment."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "退回补充材料"
        ACCEPTED = "accepted", "审核通过待兑现"
        REFUSED = "refused", "不予支持"
        PAID = "paid", "已兑现"

    class Origin(models.TextChoices):
        APPLICATION = "application", "企业申报"
        AUTO_GRANT = "auto_grant", "免申即享"

    OPEN_STATUSES = ("submitted", "returned", "accepted")

    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="redemptions")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="redemptions")
    origin = models.CharField("方式", max_length=12, choices=Origin.choices)
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    facts = models.JSONField("申报的企业事实", default=dict, blank=True)
    statement = models.TextField("申报说明", blank=True)
    amount_computed = models.DecimalField("测算金额", max_digits=14, decimal_places=2, null=True, blank=True)
    amount_approved = models.DecimalField("核定金额", max_digits=14, decimal_places=2, null=True, blank=True)
    amount_paid = models.DecimalField("兑现金额", max_digits=14, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField("兑现日期", null=True, blank=True)
    voucher = models.CharField("支付凭证号", max_length=100, blank=True)
    reason = models.TextField("审核意见", blank=True)
    submitted_on = models.DateField("申报日期")
    review_due = models.DateField("审核期限")
    accepted_on = models.DateField("审核通过日期", null=True, blank=True)
    payment_due = models.DateField("兑现期限", null=True, blank=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "政策兑现"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["clause", "status"], name="redemption_clause_status"),
            models.Index(
                fields=["payment_due"], condition=Q(status="accepted"), name="redemption_payment_timer"
            ),
        ]
        constraints = [
            # One open or paid redemption per clause and enterprise: no double payment.
            models.UniqueConstraint(
                fields=["clause", "enterprise"],
                condition=Q(status__in=("submitted", "returned", "accepted", "paid")),
                name="redemption_one_live_per_clause",
            ),
            models.CheckConstraint(
                name="redemption_paid_has_payment",
                condition=~Q(status="paid") | Q(amount_paid__isnull=False, paid_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.clause}"


class RedemptionFile(models.Model):
    redemption = models.ForeignKey(Redemption, on_delete=models.CASCADE, related_name="files")
    name = models.CharField("材料名称", max_length=100)
    file = models.FileField("文件", upload_to="policies/redemptions/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "兑现材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
