from __future__ import annotations

from django import forms

from yingshang.appeals.models import Appeal, Service
from yingshang.core.models import Region
from yingshang.core.textforms import CleanTextForm


class FilingForm(CleanTextForm, forms.Form):
    """One form for the three page channels; ``mode`` decides which filer fields it carries.

    Texts are not length-limited here: the service answers an over-long text with the same message
    whatever the channel.
    """

    service = forms.ModelChoiceField(
        label="诉求类别",
        queryset=Service.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择诉求类别。", "invalid_choice": "未知的诉求类别。"},
    )
    title = forms.CharField(label="标题", required=False, max_length=100, help_text="可不填，默认取内容开头")
    description = forms.CharField(
        label="诉求内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        strip=False,
        error_messages={"required": "诉求内容不能为空。"},
    )
    location_text = forms.CharField(label="地点", required=False, max_length=200)

    def __init__(
        self, *args: object, mode: str, regions: list[Region] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.mode = mode
        self.fields["service"].queryset = Service.objects.filter(is_active=True)  # type: ignore[attr-defined]
        if mode in ("public", "staff", "supervisor"):
            self.fields["region"] = forms.ModelChoiceField(
                label="所在区域",
                queryset=Region.objects.filter(pk__in=[r.pk for r in regions or []]),
                empty_label="请选择",
                error_messages={"required": "请选择所在区域。"},
            )
            self.fields["enterprise_name"] = forms.CharField(label="企业名称", required=False, max_length=200)
            self.fields["credit_code"] = forms.CharField(
                label="统一社会信用代码", required=False, max_length=40
            )
            self.fields["contact_name"] = forms.CharField(
                label="联系人", max_length=50, error_messages={"required": "请填写联系人。"}
            )
            self.fields["contact_phone"] = forms.CharField(
                label="联系电话", max_length=30, error_messages={"required": "请填写联系电话。"}
            )
            self.fields["contact_email"] = forms.CharField(label="电子邮箱", required=False, max_length=100)
        if mode == "staff":
            self.fields["channel"] = forms.ChoiceField(
                label="受理渠道", choices=[c for c in Appeal.Channel.choices if c[0] != "api"]
            )
        if mode == "public":
            self.fields["answer"] = forms.CharField(
                label="验证题", max_length=10, error_messages={"required": "请回答验证题。"}
            )
