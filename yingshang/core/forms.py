from __future__ import annotations

from django import forms

from yingshang.core.errors import DomainError
from yingshang.core.models import Enterprise, Unit
from yingshang.core.textforms import CleanTextForm


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the form: each field error beside its field, the message on top."""
    for name, msg in exc.fields.items():
        form.add_error(name if name in form.fields else None, msg)
    if not exc.fields:
        form.add_error(None, exc.message)


class PasswordChangeForm(CleanTextForm, forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput)
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput, min_length=8)
    new_password2 = forms.CharField(label="确认新密码", widget=forms.PasswordInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", "两次输入的新密码不一致。")
        return data


class UnitForm(CleanTextForm, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    aliases = forms.CharField(label="别名(以、或逗号分隔)", required=False)
    kind = forms.ChoiceField(label="类型", choices=Unit.Kind.choices)
    region = forms.ModelChoiceField(label="所属区域", queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: object, regions: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]

    def alias_list(self) -> list[str]:
        raw = self.cleaned_data.get("aliases") or ""
        return [a.strip() for a in raw.replace("，", ",").replace("、", ",").split(",") if a.strip()]


class EnterpriseForm(CleanTextForm, forms.Form):
    name = forms.CharField(label="企业名称", max_length=200)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30)
    industry = forms.CharField(label="行业", max_length=100, required=False)
    size_class = forms.ChoiceField(label="规模", choices=Enterprise.SizeClass.choices)
    region = forms.ModelChoiceField(label="所在区域", queryset=None)  # type: ignore[arg-type]
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    credit_tier = forms.ChoiceField(label="信用风险分类", choices=Enterprise.CreditTier.choices)

    def __init__(self, *args: object, regions: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class CalendarDayForm(CleanTextForm, forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    is_workday = forms.TypedChoiceField(
        label="类型", choices=[("0", "休息日(节假日)"), ("1", "工作日(调休上班)")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="说明", max_length=100, required=False)


class UploadForm(CleanTextForm, forms.Form):
    file = forms.FileField(label="Excel文件(.xlsx)")
    apply = forms.BooleanField(label="确认写入", required=False)
