from __future__ import annotations

from django import forms

from yingshang.core.textforms import CleanTextForm
from yingshang.ledger.models import Colour, SupervisionNotice, Task


class ImportForm(CleanTextForm, forms.Form):
    file = forms.FileField(
        label="文件(Word、WPS、PDF、扫描件、照片 .jpg/.png、OFD、.txt)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.doc,.wps,.pdf,.ofd,.jpg,.jpeg,.png"}),
    )
    text = forms.CharField(
        label="或粘贴正文", widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=500_000
    )
    issued_on = forms.DateField(
        label="印发日期(可选，用于推算“9月底前”等相对时限)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    campaign = forms.CharField(label="专项行动(可选)", max_length=100, required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传文件或粘贴文件正文。")
        return data


class ReportForm(CleanTextForm, forms.Form):
    period = forms.CharField(label="报送期(如 2025-03、2025-Q1、final)", max_length=10)
    percent = forms.IntegerField(label="完成进度(%)", min_value=0, max_value=100)
    progress_text = forms.CharField(
        label="进展情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    completion_date = forms.DateField(
        label="完成日期(已完成时填写)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReasonForm(CleanTextForm, forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class ClosureForm(CleanTextForm, forms.Form):
    summary = forms.CharField(label="完成情况说明", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class NoticeForm(CleanTextForm, forms.Form):
    unit = forms.TypedChoiceField(label="督办单位", coerce=int, choices=())
    reason = forms.CharField(label="督办事由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    demanded_date = forms.DateField(
        label="要求完成日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    colour = forms.ChoiceField(
        label="督办等级", choices=[(Colour.YELLOW, "黄色督办"), (Colour.RED, "红色督办")]
    )

    def __init__(self, *args: object, units: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class AnswerForm(CleanTextForm, forms.Form):
    answer = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class TaskForm(CleanTextForm, forms.Form):
    title = forms.CharField(label="任务名称", max_length=300)
    text = forms.CharField(label="任务内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    lead_unit = forms.TypedChoiceField(label="牵头单位", coerce=int, choices=())
    cooperating_units = forms.TypedMultipleChoiceField(
        label="配合单位", coerce=int, choices=(), required=False
    )
    due_date = forms.DateField(
        label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reporting_rule = forms.ChoiceField(label="报送周期", choices=Task.ReportingRule.choices)

    def __init__(self, *args: object, units: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["lead_unit"].choices = units  # type: ignore[attr-defined]
        self.fields["cooperating_units"].choices = units  # type: ignore[attr-defined]


class TaskEditForm(CleanTextForm, forms.Form):
    """改期 / change of units on a published task. Empty fields keep what the task has."""

    due_date = forms.DateField(
        label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    lead_unit = forms.TypedChoiceField(
        label="牵头单位", coerce=int, choices=(), required=False, empty_value=None
    )
    cooperating_units = forms.TypedMultipleChoiceField(
        label="配合单位", coerce=int, choices=(), required=False
    )
    reason = forms.CharField(label="调整原因", max_length=1000)

    def __init__(self, *args: object, units: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["lead_unit"].choices = [("", "不变"), *units]  # type: ignore[attr-defined]
        self.fields["cooperating_units"].choices = units  # type: ignore[attr-defined]


NOTICE_STATUSES = SupervisionNotice.Status
