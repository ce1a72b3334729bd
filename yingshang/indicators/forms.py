from __future__ import annotations

from django import forms

from yingshang.core.textforms import CleanTextForm
from yingshang.core.unit_labels import qualified_label
from yingshang.indicators.models import Indicator
from yingshang.indicators.services import EDITABLE


class IndicatorForm(CleanTextForm, forms.ModelForm):
    class Meta:
        model = Indicator
        # The fields the office edits (services.EDITABLE), with the regions it applies to before the switch.
        fields = [*(f for f in EDITABLE if f != "is_active"), "regions", "is_active"]

    def __init__(self, *args: object, units: object, regions: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["lead_unit"].label_from_instance = qualified_label  # type: ignore[attr-defined]
        self.fields["regions"].queryset = regions  # type: ignore[attr-defined]
        self.fields["regions"].required = False


class ObservationForm(CleanTextForm, forms.Form):
    indicator = forms.ModelChoiceField(label="指标", queryset=None)  # type: ignore[arg-type]
    region = forms.ModelChoiceField(label="区域", queryset=None)  # type: ignore[arg-type]
    period = forms.CharField(label="期间(如 2025-03、2025Q1、2025)", max_length=8)
    value = forms.DecimalField(label="监测值", max_digits=14, decimal_places=4)
    note = forms.CharField(label="备注", max_length=300, required=False)
    # Shown only once the service said a value is already there (see the observation form template).
    replace = forms.BooleanField(label="确认用新值替换已有监测值", required=False)

    def __init__(self, *args: object, indicators: object, regions: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class ExplainForm(CleanTextForm, forms.Form):
    explanation = forms.CharField(label="情况说明", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    fix_plan = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
