from __future__ import annotations

from django import forms

from yingshang.assessment.components import all_components
from yingshang.core.textforms import CleanTextForm


class SchemeForm(CleanTextForm, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    region = forms.ModelChoiceField(label="考核区域", queryset=None)  # type: ignore[arg-type]
    period = forms.CharField(label="期间(如 2025-03、2025Q1、2025)", max_length=8)
    red_count = forms.IntegerField(label="红榜名额(每组)", min_value=0, max_value=50, initial=3)
    black_count = forms.IntegerField(label="黑榜名额(每组)", min_value=0, max_value=50, initial=1)
    min_sample = forms.IntegerField(label="最少数据量(低于不排名)", min_value=0, max_value=10000, initial=1)

    def __init__(self, *args: object, regions: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        for comp in all_components():
            self.fields[f"w_{comp.code}"] = forms.DecimalField(
                label=f"权重：{comp.name}", required=False, min_value=0, max_value=1000, decimal_places=2
            )

    def components(self) -> list[tuple[str, object]]:
        return [
            (name[2:], value)
            for name, value in self.cleaned_data.items()
            if name.startswith("w_") and value is not None and value > 0
        ]


class AdjustmentForm(CleanTextForm, forms.Form):
    unit = forms.IntegerField(min_value=1)
    points = forms.DecimalField(label="分值(负数为扣分)", max_digits=6, decimal_places=2)
    reason = forms.CharField(label="原因", max_length=300)


class BulletinForm(CleanTextForm, forms.Form):
    region = forms.ModelChoiceField(label="区域", queryset=None)  # type: ignore[arg-type]
    period = forms.CharField(label="期间", max_length=8)
    as_of = forms.DateField(label="数据截至", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, regions: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
