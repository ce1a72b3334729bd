"""Forms of the policies pages. Services do the validation that matters; forms parse what people type."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from yingshang.core.models import Region, Unit
from yingshang.core.textforms import CleanTextForm
from yingshang.policies import facts as fact_catalogue
from yingshang.policies.models import Clause, Parameter, Redemption, TestCase

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PolicyForm(CleanTextForm, forms.Form):
    source_file = forms.FileField(
        label="政策原文(.docx/.pdf/.txt，可选：自动识别标题、文号和条款)", required=False
    )
    title = forms.CharField(label="政策名称", max_length=200, required=False)
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    issuer = forms.CharField(label="发文机关", max_length=100, required=False)
    issue_date = forms.DateField(label="印发日期", widget=DATE, required=False)
    valid_from = forms.DateField(label="有效期起", widget=DATE)
    valid_until = forms.DateField(label="有效期止", widget=DATE, required=False)
    responsible_unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label="责任单位(解读和兑现)", queryset=Unit.objects.none()
    )
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label="适用区域", queryset=Region.objects.none()
    )
    summary = forms.CharField(label="政策摘要", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    interpretation_workdays = forms.IntegerField(
        label="解读时限(工作日)", min_value=1, max_value=60, initial=7
    )

    def __init__(self, *args: Any, units: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class ParameterForm(CleanTextForm, forms.Form):
    name = forms.CharField(label="参数名(规则中写作 $参数名)", max_length=50)
    label = forms.CharField(label="说明", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=Parameter.Kind.choices)
    values = forms.CharField(
        label="取值(每行“起始日期, 值”，新值自起始日期起适用)",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2026-01-01, 500000\n2026-07-01, 1000000"}),
    )

    def pairs(self) -> list[list[str]]:
        out = []
        for line in self.cleaned_data["values"].splitlines():
            line = line.strip().replace("，", ",")
            if line:
                out.append([p.strip() for p in line.split(",", 1)])
        return out


class ClauseForm(CleanTextForm, forms.Form):
    title = forms.CharField(label="条款名称", max_length=200)
    text = forms.CharField(label="条款原文", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    benefit_text = forms.CharField(label="支持内容", max_length=300, required=False)
    rule = forms.CharField(
        label="资格规则",
        widget=forms.Textarea(
            attrs={"rows": 10, "class": "code", "spellcheck": "false", "data-testid": "rule"}
        ),
    )
    attachments = forms.CharField(label="申报材料(以、分隔)", max_length=500, required=False)
    auto_grant = forms.BooleanField(label="免申即享", required=False)
    review_workdays = forms.IntegerField(label="审核时限(工作日)", min_value=1, max_value=120, initial=10)
    payment_workdays = forms.IntegerField(label="兑现时限(工作日)", min_value=1, max_value=250, initial=60)

    def attachment_list(self) -> list[str]:
        raw = self.cleaned_data.get("attachments") or ""
        return [a.strip() for a in raw.replace("，", "、").replace(",", "、").split("、") if a.strip()]

    @staticmethod
    def initial_for(clause: Clause) -> dict[str, Any]:
        return {
            "title": clause.title,
            "text": clause.text,
            "benefit_text": clause.benefit_text,
            "rule": clause.rule,
            "attachments": "、".join(clause.attachments),
            "auto_grant": clause.auto_grant,
            "review_workdays": clause.review_workdays,
            "payment_workdays": clause.payment_workdays,
        }


class TestCaseForm(CleanTextForm, forms.Form):
    __test__ = False

    name = forms.CharField(label="用例名称", max_length=100)
    facts = forms.CharField(
        label="企业事实(每行“事实 = 值”，事实可写名称或中文名)",
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "企业规模 = 小型\n新增设备投资额 = 3000000"}),
        required=False,
    )
    on_date = forms.DateField(label="评估日期", widget=DATE, initial=date.today)
    expected = forms.ChoiceField(label="预期结果", choices=TestCase.Expected.choices)
    expected_amount = forms.DecimalField(
        label="预期金额(元，可选)", max_digits=14, decimal_places=2, required=False
    )

    def fact_dict(self) -> dict[str, str]:
        out: dict[str, str] = {}
        cat = fact_catalogue.catalogue()
        by_label = {f.spec.label: k for k, f in cat.items()}
        for number, line in enumerate(self.cleaned_data.get("facts", "").splitlines(), start=1):
            if not line.strip():
                continue
            if "=" not in line:
                self.add_error("facts", f"第{number}行应写成“事实 = 值”")
                continue
            name, value = (p.strip() for p in line.split("=", 1))
            key = name if name in cat else by_label.get(name)
            if key is None:
                self.add_error("facts", f"第{number}行：未知的企业事实“{name}”")
                continue
            out[key] = value
        return out


class ReasonForm(CleanTextForm, forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class InterpretationForm(CleanTextForm, forms.Form):
    text = forms.CharField(label="政策解读", widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)


class FactForm(CleanTextForm, forms.Form):
    key = forms.ChoiceField(label="企业事实", choices=())
    value = forms.CharField(label="取值", max_length=500)
    as_of = forms.DateField(label="截至日期", widget=DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(f.spec.key, f.spec.label) for f in fact_catalogue.declarable()]  # type: ignore[attr-defined]


class ApplyForm(CleanTextForm, forms.Form):
    """Built from the clause: one field per fact the rule reads (declarable ones), one per material."""

    statement = forms.CharField(label="申报说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, clause: Clause, known: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cat = fact_catalogue.catalogue()
        for key in clause.facts:
            fact = cat.get(key)
            if fact is None or fact.platform:
                continue
            help_text = fact.help or ("；".join(fact.spec.choices) if fact.spec.choices else "")
            initial = fact_catalogue.editable(known[key]) if key in known else ""
            self.fields[f"fact_{key}"] = forms.CharField(
                label=fact.spec.label + (f"({fact.spec.unit})" if fact.spec.unit else ""),
                required=key not in known,
                initial=initial,
                help_text=help_text,
                max_length=500,
            )
        for i, name in enumerate(clause.attachments):
            self.fields[f"file_{i}"] = forms.FileField(label=name)
        self.clause = clause

    def facts(self) -> dict[str, str]:
        return {k[5:]: v for k, v in self.cleaned_data.items() if k.startswith("fact_") and v}

    def files_list(self) -> list[tuple[str, Any]]:
        return [(name, self.cleaned_data[f"file_{i}"]) for i, name in enumerate(self.clause.attachments)]


class ReviewForm(CleanTextForm, forms.Form):
    decision = forms.ChoiceField(
        label="审核结论", choices=[("accept", "审核通过"), ("return", "退回补充材料"), ("refuse", "不予支持")]
    )
    amount = forms.CharField(label="核定金额(元，通过时填写，默认为测算金额)", max_length=30, required=False)
    reason = forms.CharField(
        label="审核意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class PayForm(CleanTextForm, forms.Form):
    amount = forms.CharField(label="兑现金额(元)", max_length=30)
    paid_on = forms.DateField(label="兑现日期", widget=DATE, initial=date.today)
    voucher = forms.CharField(label="支付凭证号", max_length=100)


class ResubmitForm(CleanTextForm, forms.Form):
    statement = forms.CharField(
        label="补充说明", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )
    file = forms.FileField(label="补充材料", required=False)
    file_name = forms.CharField(label="材料名称", max_length=100, required=False)


REDEMPTION_STATUSES = Redemption.Status.choices
