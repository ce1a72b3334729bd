"""The text rule of `yingshang.core.text` at the page boundary: forms, and POST fields read directly.

Every form of the product mixes in `CleanTextForm`: a refused character becomes an error beside its
field, and the page shows the form again with what was typed. Views that read `request.POST` directly
(action buttons with a note, the 类别 settings) get a `CheckedQueryDict` from `TextBoundaryMiddleware`:
reading a field that carries a refused character raises `ValidationFailed` naming the field (a 422 page).
A `CleanTextForm` reads the raw data instead, so its own, friendlier message wins.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from yingshang.core.errors import ValidationFailed
from yingshang.core.text import first_problem, forbidden_character


class CheckedQueryDict(QueryDict):
    """A QueryDict whose values are checked when read (`get`, `[]`, `getlist`, `items`, `dict`)."""

    @classmethod
    def wrap(cls, data: QueryDict) -> CheckedQueryDict:
        checked = cls(mutable=True, encoding=data.encoding)
        for key, values in data.lists():
            checked.setlist(key, values)
        checked._mutable = False
        return checked

    def unchecked(self) -> QueryDict:
        plain = QueryDict(mutable=True, encoding=self.encoding)
        for key, values in self.lists():
            plain.setlist(key, values)
        plain._mutable = False
        return plain

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        _check(key, value)
        return value

    def _getlist(self, key: str, default: Any = None, force_list: bool = False) -> Any:
        values = super()._getlist(key, default, force_list)
        _check(key, values)
        return values


def _check(key: str, value: Any) -> None:
    problem = first_problem(value)
    if problem:
        raise ValidationFailed(f"提交的“{key}”{problem}", code="control_character", fields={key: problem})


class CleanTextForm(forms.BaseForm):
    """Mixin for every form: text fields refuse control characters (line breaks only in a textarea)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.data, CheckedQueryDict):
            self.data = self.data.unchecked()

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            multiline = isinstance(field.widget, forms.Textarea)
            problem = (
                forbidden_character(value, multiline=multiline)
                if isinstance(value, str)
                else first_problem(value, multiline=multiline)
                if isinstance(value, list)
                else None
            )
            if problem:
                self.add_error(name, problem)
