"""Forms of the inspections pages; rates are typed as percentages and stored as basis points."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from yingshang.core.textforms import CleanTextForm
from yingshang.inspections.models import InspectionItem, Outcome


class PlanForm(CleanTextForm, forms.Form):
    title = forms.CharField(label="计划名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    items = forms.ModelMultipleChoiceField(
        label="抽查事项(可选多个部门的事项组成联合抽查)",
        queryset=InspectionItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    rate_a = forms.DecimalField(
        label="A类比例(%)", min_value=Decimal(0), max_digits=6, decimal_places=2, initial=3
    )
    rate_b = forms.DecimalField(
        label="B类比例(%)", min_value=Decimal(0), max_digits=6, decimal_places=2, initial=5
    )
    rate_c = forms.DecimalField(
        label="C类比例(%)", min_value=Decimal(0), max_digits=6, decimal_places=2, initial=10
    )
    rate_d = forms.DecimalField(
        label="D类比例(%)", min_value=Decimal(0), max_digits=6, decimal_places=2, initial=20
    )
    special = forms.BooleanField(label="专项检查(不受年度一次限制)", required=False)
    scheduled_on = forms.DateField(
        label="计划抽取日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    seed_source = forms.CharField(label="随机种子来源(事先公布的公开数字)", max_length=300)

    def __init__(self, *args: Any, items: QuerySet[InspectionItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items  # type: ignore[attr-defined]

    def rates(self) -> dict[str, int]:
        return {t: int(self.cleaned_data[f"rate_{t.lower()}"] * 100) for t in "ABCD"}


class ResultForm(CleanTextForm, forms.Form):
    outcome = forms.ChoiceField(label="检查结果", choices=Outcome.choices)
    findings = forms.CharField(
        label="检查情况", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    inspected_on = forms.DateField(
        label="检查日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    evidence = forms.FileField(label="佐证材料", required=False)
