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

    # Which registered components count (assessment.components registry), each with its weight.
    components_chosen = forms.MultipleChoiceField(
        label="考核组件", choices=(), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args: object, regions: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.registry = all_components()
        self.fields["components_chosen"].choices = [(c.code, c.name) for c in self.registry]  # type: ignore[attr-defined]
        for comp in self.registry:
            self.fields[f"w_{comp.code}"] = forms.DecimalField(
                label=f"权重：{comp.name}", required=False, min_value=0, max_value=1000, decimal_places=2
            )

    def component_rows(self) -> list[tuple[object, object, object]]:
        """(component, its checkbox, its weight field) for the form's table."""
        boxes = {str(box.data["value"]): box for box in self["components_chosen"]}
        return [(c, boxes.get(c.code), self[f"w_{c.code}"]) for c in self.registry]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        chosen = set(data.get("components_chosen") or [])
        for comp in self.registry:
            weight = data.get(f"w_{comp.code}")
            if weight and comp.code not in chosen:
                self.add_error(f"w_{comp.code}", f"已填写权重，但未选用“{comp.name}”")
            if comp.code in chosen and weight is not None and weight <= 0:
                self.add_error(f"w_{comp.code}", "权重应大于0")
        return data

    def components(self) -> list[tuple[str, object]]:
        """The chosen components with their weights; a chosen component left without a weight counts 1."""
        return [
            (c.code, self.cleaned_data.get(f"w_{c.code}") or 1)
            for c in self.registry
            if c.code in set(self.cleaned_data.get("components_chosen") or [])
        ]


class AdjustmentForm(CleanTextForm, forms.Form):
    unit = forms.IntegerField(min_value=1)
    points = forms.DecimalField(label="分值(负数为扣分)", max_digits=6, decimal_places=2)
    reason = forms.CharField(label="原因", max_length=300)


class BulletinForm(CleanTextForm, forms.Form):
    region = forms.ModelChoiceField(label="区域", queryset=None)  # type: ignore[arg-type]
    period = forms.CharField(label="期间", max_length=8)
    # A date input sends and shows ISO dates whatever the locale's display format is.
    as_of = forms.DateField(
        label="数据截至",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    doc_number = forms.CharField(
        label="发文字号",
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "营商办〔2026〕12号"}),
    )

    def __init__(self, *args: object, regions: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
