from __future__ import annotations

from typing import Any

from django import forms

from yingshang.core.models import Webhook
from yingshang.core.textforms import CleanTextForm


class WebhookForm(CleanTextForm, forms.Form):
    name = forms.CharField(label="名称", max_length=50, help_text="如：奈曼旗市场监管局工作群")
    platform = forms.ChoiceField(label="平台", choices=Webhook.Platform.choices)
    owner = forms.ChoiceField(label="所属", choices=())
    url = forms.CharField(
        label="机器人地址(Webhook)",
        max_length=500,
        widget=forms.TextInput(attrs={"size": 60, "autocomplete": "off"}),
    )
    secret = forms.CharField(
        label="加签密钥",
        max_length=200,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="钉钉“加签”的SEC开头密钥，或飞书“签名校验”的密钥；企业微信不需要。",
    )

    def __init__(
        self, *args: Any, owners: list[tuple[str, str]], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]
        if editing:
            # Saved values are never shown back: blank keeps them.
            del self.fields["owner"], self.fields["platform"]
            self.fields["url"].required = False
            self.fields["url"].help_text = "留空则保持不变。"
            self.fields["secret"].help_text = "留空则保持不变。"
            self.fields["is_active"] = forms.BooleanField(label="启用", required=False)
