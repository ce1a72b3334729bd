"""/api/v1/policies/: the catalogue, a rule checker for editors, an enterprise's answers and facts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Status
from ninja.pagination import paginate

from yingshang.core.access import get_or_404, require_role
from yingshang.core.models import Enterprise, User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import ErrorOut
from yingshang.policies import engine, selectors, services
from yingshang.policies import facts as fact_catalogue
from yingshang.policies.models import Policy
from yingshang.policies.rules import RuleError
from yingshang.policies.schemas import (
    AnswerOut,
    FactIn,
    FactOut,
    PolicyDetailOut,
    PolicyOut,
    RuleCheckIn,
    RuleCheckOut,
    RuleProblemOut,
    StepOut,
)

router = Router(tags=["policies"])
ID_PATH: Any = Path(..., ge=1, le=2**53)  # type: ignore[type-arg]  # ninja's Path is generic only for typing
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Role = User.Role


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/", response={200: list[PolicyOut], **ERRORS}, summary="惠企政策")
@paginate(LimitOffsetPagination)
def list_policies(request: HttpRequest) -> object:
    """Staff see the policies of their scope (drafts included for the office); others the published ones."""
    return selectors.policies_visible_to(_user(request))


@router.get("/mine", response={200: list[AnswerOut], **ERRORS}, summary="本企业符合或可能符合的政策")
def my_policies(request: HttpRequest) -> list[AnswerOut]:
    user = _user(request)
    require_role(user, Role.ENTERPRISE)
    enterprise = Enterprise.objects.select_related("region").get(pk=user.enterprise_id or 0)
    out = []
    for a in selectors.policies_for_enterprise(enterprise):
        out.append(
            AnswerOut(
                policy_id=a.policy.pk,
                policy_title=a.policy.title,
                clause_id=a.clause.pk,
                clause_title=a.clause.title,
                status=a.answer.status,
                amount=a.answer.amount,
                missing=list(a.answer.missing),
                failing=[StepOut(**s.__dict__) for s in a.answer.failing],
                steps=[StepOut(**s.__dict__) for s in a.answer.steps],
            )
        )
    return out


@router.post("/facts", response={201: FactOut, **ERRORS}, summary="申报本企业的事实")
def declare_fact(request: HttpRequest, payload: FactIn) -> Status[Any]:
    user = _user(request)
    require_role(user, Role.ENTERPRISE)
    enterprise = Enterprise.objects.get(pk=user.enterprise_id or 0)
    row = services.declare_fact(
        actor=user, enterprise=enterprise, key=payload.key, value=payload.value, as_of=payload.as_of
    )
    spec = fact_catalogue.catalogue()[row.key].spec
    shown = fact_catalogue.display(row.key, fact_catalogue.from_json(spec, row.value))
    return Status(
        201, FactOut(key=row.key, label=spec.label, value=shown, source=row.source, as_of=row.as_of)
    )


@router.post("/rules/check", response={200: RuleCheckOut, **ERRORS}, summary="检查资格规则(营商办)")
def check_rule(request: HttpRequest, payload: RuleCheckIn) -> RuleCheckOut:
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN)
    params: tuple[Any, ...] = ()
    if payload.policy_id is not None:
        policy = get_or_404(selectors.policies_visible_to(user), pk=payload.policy_id)
        params = engine.policy_parameters(policy)
    try:
        rule = engine.compile_text(payload.rule, params)
    except RuleError as exc:
        return RuleCheckOut(
            ok=False, problems=[RuleProblemOut(line=p.line, reason=p.reason) for p in exc.problems], facts=[]
        )
    return RuleCheckOut(ok=True, problems=[], facts=sorted(rule.facts))


@router.get("/{policy_id}", response={200: PolicyDetailOut, **ERRORS}, summary="政策详情")
def get_policy(request: HttpRequest, policy_id: int = ID_PATH) -> Policy:
    policy = get_or_404(selectors.policies_visible_to(_user(request)), pk=policy_id)
    return policy
