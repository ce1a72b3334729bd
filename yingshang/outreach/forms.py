"""Forms of the outreach pages; every one refuses control characters (CleanTextForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from yingshang.appeals.models import Service
from yingshang.core.models import Enterprise, Region, Unit, User
from yingshang.core.textforms import CleanTextForm
from yingshang.outreach.models import MustVisitOccasion, OutreachEvent, SupervisorAppointment, Visit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssignForm(CleanTextForm, forms.Form):
    enterprise = forms.ModelChoiceField(label="企业", queryset=Enterprise.objects.none())
    cadre = forms.ModelChoiceField(label="包联干部", queryset=User.objects.none())
    frequency_days = forms.IntegerField(label="走访周期(天)", min_value=1, max_value=366, initial=90)

    def __init__(self, *args: Any, enterprises: Any, cadres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        self.fields["cadre"].queryset = cadres  # type: ignore[attr-defined]


class ImportForm(CleanTextForm, forms.Form):
    file = forms.FileField(label="包抓联名单(.xlsx)")


class OccasionsForm(CleanTextForm, forms.Form):
    names = forms.CharField(
        label="六必访情形(每行一项)", widget=forms.Textarea(attrs={"rows": 8}), max_length=5000
    )


class VisitForm(CleanTextForm, forms.Form):
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    method = forms.ChoiceField(label="方式", choices=Visit.Method.choices)
    occasion = forms.ModelChoiceField(
        label="六必访情形", queryset=MustVisitOccasion.objects.none(), required=False
    )
    discussed = forms.CharField(label="交流内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    problems = forms.CharField(
        label="企业反映的问题(每行一个，可不填)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args: Any, occasions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occasion"].queryset = occasions  # type: ignore[attr-defined]
        self.fields["visited_on"].initial = timezone.localdate()

    def problem_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("problems", "").splitlines() if line.strip()]


class TriageForm(CleanTextForm, forms.Form):
    ACTIONS = [("appeal", "转为诉求"), ("task", "转为督办任务"), ("dismiss", "不予处理")]
    action = forms.ChoiceField(label="处理方式", choices=ACTIONS, widget=forms.RadioSelect)
    service = forms.ModelChoiceField(
        label="诉求类别(转诉求时)", queryset=Service.objects.none(), required=False
    )
    lead_unit = forms.ModelChoiceField(
        label="牵头单位(转任务时)", queryset=Unit.objects.none(), required=False
    )
    due_date = forms.DateField(label="完成时限(转任务时)", widget=DATE, required=False)
    reason = forms.CharField(
        label="不予处理理由", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=500
    )

    def __init__(
        self, *args: Any, services: Any, units: Any, appeal_only: bool = False, **kwargs: Any
    ) -> None:
        """``appeal_only``: a contact cadre's form — 转为诉求 and nothing else (tasks are the office's)."""
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        if appeal_only:
            for name in ("lead_unit", "due_date", "reason"):
                del self.fields[name]
            self.fields["action"].choices = self.ACTIONS[:1]  # type: ignore[attr-defined]
            self.fields["action"].initial = "appeal"
            self.fields["service"].label = "诉求类别"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == "appeal" and not data.get("service"):
            self.add_error("service", "请选择诉求类别。")
        if action == "task" and not data.get("lead_unit"):
            self.add_error("lead_unit", "请选择牵头单位。")
        if action == "dismiss" and not (data.get("reason") or "").strip():
            self.add_error("reason", "请填写理由。")
        return data


class EventForm(CleanTextForm, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=OutreachEvent.Kind.choices)
    title = forms.CharField(label="名称", max_length=200)
    held_on = forms.DateField(label="日期", widget=DATE)
    place = forms.CharField(label="地点", max_length=200, required=False)
    region = forms.ModelChoiceField(label="区域", queryset=Region.objects.none())
    enterprises = forms.ModelMultipleChoiceField(
        label="邀请企业",
        queryset=Enterprise.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, regions: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["enterprises"].queryset = enterprises  # type: ignore[attr-defined]


class AttendanceForm(CleanTextForm, forms.Form):
    attended = forms.MultipleChoiceField(
        label="出席企业", choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label="纪要", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=10000
    )
    problems = forms.CharField(
        label="会上企业反映的问题(每行一条：企业名称：问题)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, invitations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(i.enterprise_id), i.enterprise.name) for i in invitations]  # type: ignore[attr-defined]


class FindingForm(CleanTextForm, forms.Form):
    text = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    location = forms.CharField(label="地点", max_length=200)
    unit = forms.ModelChoiceField(label="涉及单位", queryset=Unit.objects.none(), required=False)
    evidence = forms.CharField(
        label="证据说明(时间、经过、照片编号等)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class AppointForm(CleanTextForm, forms.Form):
    user = forms.ModelChoiceField(label="监督员账号", queryset=User.objects.none())
    region = forms.ModelChoiceField(label="监督区域", queryset=Region.objects.none())
    term_start = forms.DateField(label="任期开始", widget=DATE)
    term_end = forms.DateField(label="任期结束", widget=DATE)
    fields_chosen = forms.MultipleChoiceField(
        label="监督领域", choices=SupervisorAppointment.Field.choices, widget=forms.CheckboxSelectMultiple
    )
    contact = forms.CharField(label="联系方式", max_length=50, required=False)

    def __init__(self, *args: Any, users: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class CampaignForm(CleanTextForm, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    region = forms.ModelChoiceField(label="区域", queryset=Region.objects.none())

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year


class QuestionsForm(CleanTextForm, forms.Form):
    questions = forms.CharField(
        label="问卷(每行一题，行首写 评分:、问答: 或 问题: 标明类型)",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )

    PREFIXES = {"评分": "scale", "问答": "text", "问题": "problem"}

    def parsed(self) -> list[dict[str, str]]:
        out = []
        for line in self.cleaned_data["questions"].splitlines():
            line = line.strip()
            if not line:
                continue
            head, sep, rest = line.replace("：", ":").partition(":")
            kind = self.PREFIXES.get(head.strip()) if sep else None
            out.append({"text": rest.strip(), "kind": kind} if kind else {"text": line, "kind": "text"})
        return out

    @classmethod
    def render_questions(cls, questions: list[dict[str, str]]) -> str:
        names = {v: k for k, v in cls.PREFIXES.items()}
        return "\n".join(f"{names.get(q['kind'], '问答')}:{q['text']}" for q in questions)


class BuildListForm(CleanTextForm, forms.Form):
    sample = forms.IntegerField(label="抽样数量(不填为全部)", min_value=1, max_value=100000, required=False)


class CampaignImportForm(CleanTextForm, forms.Form):
    file = forms.FileField(label="回访企业名单(.xlsx)")


class AnswerForm(CleanTextForm, forms.Form):
    reached = forms.ChoiceField(
        label="是否联系上", choices=[("yes", "已联系上"), ("no", "未能联系")], initial="yes"
    )

    def __init__(self, *args: Any, questions: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i, q in enumerate(questions):
            if q["kind"] == "scale":
                self.fields[f"q{i}"] = forms.ChoiceField(
                    label=q["text"],
                    choices=[("", "—")] + [(str(n), f"{n}分") for n in range(5, 0, -1)],
                    required=False,
                )
            else:
                self.fields[f"q{i}"] = forms.CharField(
                    label=q["text"], widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
                )
        self.count = len(questions)

    def answers(self) -> list[str]:
        return [str(self.cleaned_data.get(f"q{i}") or "") for i in range(self.count)]
