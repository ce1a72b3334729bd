"""回访活动: build the list of enterprises served in a year, sample it, assign callers, record answers."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingshang.core.access import require_write
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, Region, User
from yingshang.outreach.campaign_sources import campaign_sources
from yingshang.outreach.models import CallbackCampaign, CampaignTarget, Problem
from yingshang.outreach.services.common import UNIT_ROLES, check_scope, clean, require_office
from yingshang.outreach.services.problems import raise_problem
from yingshang.outreach.transitions import TARGET

Role = User.Role
QUESTION_KINDS = ("scale", "text", "problem")
DEFAULT_QUESTIONS = [
    {"text": "您对办事部门工作人员的服务态度和效率是否满意？(1-5分)", "kind": "scale"},
    {"text": "办理过程中是否遇到多次跑、材料反复要求等情况？请说明。", "kind": "text"},
    {"text": "目前企业还有哪些需要政府帮助解决的问题？", "kind": "problem"},
]


def clean_questions(questions: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for i, q in enumerate(questions):
        text = clean(str(q.get("text", "")), f"questions.{i}", "问题", required=False, limit=200)
        kind = str(q.get("kind", "text"))
        if not text:
            continue
        if kind not in QUESTION_KINDS:
            raise ValidationFailed("问题类型无效。", fields={f"questions.{i}": "类型无效"})
        out.append({"text": text, "kind": kind})
    if not out:
        raise ValidationFailed("问卷至少要有一个问题。", fields={"questions": "必填"})
    return out


@transaction.atomic
def create_campaign(
    *, actor: User, region: Region, year: int, name: str, questions: Sequence[dict[str, Any]] | None = None
) -> CallbackCampaign:
    require_office(actor)
    check_scope(actor, region)
    if not 2000 <= year <= 2100:
        raise ValidationFailed("年度无效。", fields={"year": "无效"})
    campaign = CallbackCampaign.objects.create(
        region=region,
        year=year,
        name=clean(name, "name", "活动名称", limit=100),
        questions=clean_questions(questions or DEFAULT_QUESTIONS),
        created_by=actor,
    )
    record_event(campaign, actor=actor, action="create", note={"name": campaign.name})
    return campaign


@transaction.atomic
def build_campaign_list(
    *,
    actor: User,
    campaign: CallbackCampaign,
    extra: Sequence[Enterprise] = (),
    sample: int | None = None,
    seed: int | None = None,
) -> int:
    """The list: every registered source's (enterprise, unit) pairs for the year, plus ``extra``
    (imported or picked by hand); ``sample`` keeps that many at random (all when None). Returns how many
    targets were added (pairs already on the list stay as they are)."""
    require_office(actor)
    check_scope(actor, campaign.region)
    pairs: dict[tuple[int, int | None], str] = {}
    for source in campaign_sources():
        for pair in source.loader(campaign.region, campaign.year):
            pairs.setdefault(pair, source.code)
    for enterprise in extra:
        check_scope(actor, enterprise.region)
        pairs.setdefault((enterprise.pk, None), "import")
    chosen = sorted(pairs, key=lambda p: (p[0], p[1] or 0))
    if sample is not None:
        if sample < 1:
            raise ValidationFailed("抽样数量须大于0。", fields={"sample": "无效"})
        chosen = sorted(
            random.Random(seed).sample(chosen, min(sample, len(chosen))), key=lambda p: (p[0], p[1] or 0)
        )
    existing = set(campaign.targets.values_list("enterprise_id", "unit_id"))
    new = [
        CampaignTarget(campaign=campaign, enterprise_id=e, unit_id=u, source=pairs[(e, u)])
        for e, u in chosen
        if (e, u) not in existing
    ]
    CampaignTarget.objects.bulk_create(new)
    record_event(campaign, actor=actor, action="build_list", note={"count": len(new)})
    return len(new)


@transaction.atomic
def assign_callers(*, actor: User, campaign: CallbackCampaign, callers: Sequence[User]) -> int:
    """Share the pending targets without a caller among ``callers`` in turn."""
    require_office(actor)
    check_scope(actor, campaign.region)
    if not callers or any(c.role not in (Role.OFFICE_ADMIN, *UNIT_ROLES) for c in callers):
        raise ValidationFailed("请选择回访人员(营商办或单位工作人员)。", fields={"callers": "无效"})
    pending = list(
        campaign.targets.filter(caller__isnull=True, status=CampaignTarget.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
    for i, caller in enumerate(callers):
        CampaignTarget.objects.filter(pk__in=pending[i :: len(callers)]).update(caller=caller)
    record_event(campaign, actor=actor, action="assign_callers", note={"count": len(pending)})
    return len(pending)


@transaction.atomic
def record_answers(
    *, actor: User, target: CampaignTarget, answers: Sequence[str], reached: bool = True
) -> CampaignTarget:
    """One call: the answers in question order; a "scale" answer is the satisfaction (1-5); a "problem"
    answer that is not empty becomes a Problem (channel 回访)."""
    require_write(actor)
    if target.caller_id != actor.pk and actor.role != Role.OFFICE_ADMIN:
        raise NotAllowed("这不是分配给您的回访对象。", code="not_caller")
    campaign = target.campaign
    if not reached:
        TARGET.apply(target, "unreachable", actor=actor)
        return target
    questions = campaign.questions
    if len(answers) != len(questions):
        raise ValidationFailed("请回答问卷中的每个问题。", fields={"answers": "数量不符"})
    cleaned: list[str] = []
    satisfaction = None
    for i, (question, answer) in enumerate(zip(questions, answers, strict=True)):
        text = clean(answer, f"answers.{i}", "回答", required=question["kind"] == "scale", limit=2000)
        if question["kind"] == "scale":
            if text not in {"1", "2", "3", "4", "5"}:
                raise ValidationFailed("满意度须为1至5分。", fields={f"answers.{i}": "无效"})
            satisfaction = satisfaction or int(text)
        cleaned.append(text)
    TARGET.apply(
        target,
        "answer",
        actor=actor,
        note={"satisfaction": satisfaction},
        fields={"answers": cleaned, "satisfaction": satisfaction, "answered_at": timezone.now()},
    )
    enterprise = target.enterprise
    for question, text in zip(questions, cleaned, strict=True):
        if question["kind"] == "problem" and text:
            raise_problem(
                actor=actor,
                channel=Problem.Channel.CAMPAIGN,
                region=enterprise.region,
                enterprise=enterprise,
                unit=target.unit,
                target=target,
                text=text,
            )
    return target
