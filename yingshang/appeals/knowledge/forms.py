from __future__ import annotations

from django import forms

from yingshang.core.models import Unit
from yingshang.core.textforms import CleanTextForm
from yingshang.core.unit_labels import qualified_label


class EntryForm(CleanTextForm, forms.Form):
    """The entry's fields; lengths and the date rule are checked by the service (one message everywhere)."""

    owner_unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none(), empty_label="请选择")
    question = forms.CharField(label="问题", max_length=200)
    keywords = forms.CharField(
        label="关键词", required=False, max_length=200, help_text="以空格分隔，便于匹配"
    )
    answer = forms.CharField(label="答复口径", widget=forms.Textarea(attrs={"rows": 8}))
    policy_title = forms.CharField(label="政策依据", required=False, max_length=200)
    policy_number = forms.CharField(label="文号", required=False, max_length=100)
    policy_url = forms.CharField(label="政策链接", required=False, max_length=300)
    valid_until = forms.DateField(
        label="有效期至", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    review_date = forms.DateField(
        label="复核日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: object, units: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["owner_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["owner_unit"].label_from_instance = qualified_label  # type: ignore[attr-defined]
