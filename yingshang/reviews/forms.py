"""Forms of the reviews pages; the services validate again (the API uses the same services)."""

from __future__ import annotations

from django import forms

from yingshang.core.models import Unit
from yingshang.core.textforms import CleanTextForm
from yingshang.reviews.models import BadRatingCase, Level, ServicePoint

LEVEL_CHOICES = [(v, label) for v, label in Level.choices]


class RatingForm(CleanTextForm, forms.Form):
    level = forms.TypedChoiceField(
        label="总体评价", choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(label="意见建议(选填)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    token = forms.CharField(label="评价码", required=False, max_length=24)
    rater_name = forms.CharField(label="姓名(选填)", required=False, max_length=50)
    rater_phone = forms.CharField(label="手机号(选填，便于回访)", required=False, max_length=30)

    def __init__(self, *args: object, items: list[dict[str, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.items = list(items)[1:]
        for item in self.items:
            self.fields[f"score_{item['code']}"] = forms.TypedChoiceField(
                label=item["label"],
                choices=LEVEL_CHOICES,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )

    def scores(self) -> dict[str, int]:
        out = {}
        for item in self.items:
            value = self.cleaned_data.get(f"score_{item['code']}")
            if value:
                out[item["code"]] = int(value)
        return out


class FollowUpForm(CleanTextForm, forms.Form):
    level = forms.TypedChoiceField(
        label="对整改的评价", choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(label="补充意见(选填)", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CaseActionForm(CleanTextForm, forms.Form):
    ACTIONS = [("verify", "核实"), ("rectify", "整改"), ("feed_back", "反馈"), ("appeal", "申诉复核")]
    action = forms.ChoiceField(choices=ACTIONS)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    complexity = forms.ChoiceField(choices=BadRatingCase.Complexity.choices, required=False)
    evidence = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(CleanTextForm, forms.Form):
    decision = forms.ChoiceField(choices=[("uphold", "申诉成立"), ("reject", "申诉不成立")])
    reason = forms.CharField(label="复核意见", widget=forms.Textarea(attrs={"rows": 2}))


class PointForm(CleanTextForm, forms.Form):
    unit = forms.ModelChoiceField(label="所属单位", queryset=Unit.objects.none())
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=ServicePoint.Kind.choices)

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class MatterForm(PointForm):
    code = forms.CharField(label="事项编码", max_length=40)
    name = forms.CharField(label="事项名称", max_length=200)
    kind = None  # type: ignore[assignment]


class ImportForm(CleanTextForm, forms.Form):
    file = forms.FileField(label="Excel文件(.xlsx)")


class QuestionnaireForm(CleanTextForm, forms.Form):
    channel = forms.ChoiceField(label="渠道", choices=[("onsite", "现场服务"), ("online", "网上服务")])
    labels = forms.CharField(
        label="评价项(每行一项，第一项为整体满意度)", widget=forms.Textarea(attrs={"rows": 6})
    )
