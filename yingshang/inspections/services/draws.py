"""The draw of a plan: freeze the inputs and publish their commitments, enter the seed, draw, publish.

The inputs are read from the pools once, at commitment time, and kept in canonical form on the Draw;
entering the seed re-runs the pure draw on exactly those inputs. A seed is entered once; a published draw
is never drawn again.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from yingshang.core.errors import Conflict, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, User
from yingshang.inspections import draw as pure
from yingshang.inspections.models import (
    Draw,
    DrawnTarget,
    Inspector,
    Plan,
    PlanStatus,
    RecusalDeclaration,
)
from yingshang.inspections.services.common import clean, require_office
from yingshang.inspections.transitions import PLAN_MOVES


def department_key(unit_id: int) -> str:
    return f"U{unit_id}"


def _capped_codes(plan: Plan) -> set[str]:
    """Enterprises already drawn this year under another ordinary plan (not 专项, no 重点 item)."""
    return set(
        DrawnTarget.objects.filter(
            draw__plan__year=plan.year,
            draw__plan__special=False,
            draw__plan__status__in=[PlanStatus.DRAWN, PlanStatus.PUBLISHED],
        )
        .exclude(draw__plan=plan)
        .exclude(draw__plan__items__level="key")
        .values_list("enterprise__credit_code", flat=True)
    )


def build_input(plan: Plan) -> tuple[pure.DrawInput, dict[str, Any]]:
    """The draw's inputs read from the pools now, and a readable key to their ids."""
    items = list(plan.items.select_related("department"))
    departments = {item.department_id: item.department for item in items}
    capped = _capped_codes(plan)
    enterprises = Enterprise.objects.filter(region__tree_path__startswith=plan.region.tree_path).values_list(
        "pk", "credit_code", "credit_tier"
    )
    by_pk: dict[int, str] = {}
    targets = []
    for pk, code, tier in enterprises:
        by_pk[pk] = code
        targets.append(pure.Target(id=code, tier=tier, capped=code in capped))
    inspectors_qs = Inspector.objects.filter(active=True, department_id__in=departments).prefetch_related(
        "qualifications"
    )
    inspectors = [
        pure.Inspector(
            id=i.code,
            department=department_key(i.department_id),
            qualifications=tuple(q.code for q in i.qualifications.all()),
        )
        for i in inspectors_qs
    ]
    pool = {i.id for i in inspectors}
    recusals = [
        pure.Recusal(inspector=code, target=by_pk[ent], reason=reason)
        for code, ent, reason in RecusalDeclaration.objects.filter(inspector__code__in=pool).values_list(
            "inspector__code", "enterprise_id", "reason"
        )
        if ent in by_pk
    ]
    recusals += _previous(plan, by_pk, pool)
    params = pure.Parameters(
        rates=plan.rates,
        items=tuple(
            pure.Item(code=i.code, department=department_key(i.department_id), key=i.level == "key")
            for i in items
        ),
        special=plan.special,
    )
    data = pure.DrawInput(
        targets=tuple(targets),
        inspectors=tuple(inspectors),
        recusals=tuple(recusals),
        parameters=params,
        seed_source=plan.seed_source,
    )
    about = {
        "plan": plan.title,
        "year": str(plan.year),
        "departments": {department_key(pk): unit.name for pk, unit in sorted(departments.items())},
    }
    return data, about


def _previous(plan: Plan, by_pk: dict[int, str], pool: set[str]) -> list[pure.Recusal]:
    """Not the same inspector as last time: the inspectors of each enterprise's latest earlier draw."""
    latest: dict[int, int] = {}
    for target_id, enterprise_id in (
        DrawnTarget.objects.exclude(draw__plan=plan)
        .filter(enterprise_id__in=by_pk)
        .order_by("draw__drawn_at", "pk")
        .values_list("pk", "enterprise_id")
    ):
        latest[enterprise_id] = target_id
    enterprise_of = {t: e for e, t in latest.items()}
    out = []
    through = DrawnTarget.inspectors.through
    for target_id, code in through.objects.filter(drawntarget_id__in=latest.values()).values_list(
        "drawntarget_id", "inspector__code"
    ):
        if code in pool:
            out.append(
                pure.Recusal(inspector=code, target=by_pk[enterprise_of[target_id]], reason="previous")
            )
    return out


def _as_validation(exc: pure.DrawInputError) -> ValidationFailed:
    return ValidationFailed(exc.message, code=exc.code, fields=exc.fields)


@transaction.atomic
def commit_draw(*, actor: User, plan: Plan) -> Draw:
    """Freeze the inputs and publish their SHA-256 commitments, before anyone can know the seed."""
    require_office(actor)
    plan.status = Plan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    if plan.status != PlanStatus.ANNOUNCED:
        raise Conflict("计划须先批准并提前公告，才能公布承诺值。", code="bad_state")
    data, about = build_input(plan)
    try:
        # A trial run with a throwaway seed catches an empty pool before anything is published.
        trial = pure.run_draw(data, seed="-")
    except pure.DrawInputError as exc:
        raise _as_validation(exc) from None
    document = pure.build_file(data, trial, about=about)
    draw = Draw.objects.create(
        plan=plan,
        algorithm=pure.ALGORITHM_VERSION,
        commitments=trial.commitments.as_dict(),
        inputs={"about": about, "seed_source": data.seed_source, "inputs": document["inputs"]},
        committed_at=timezone.now(),
    )
    PLAN_MOVES.apply(plan, "commit", actor=actor, note={"version": pure.ALGORITHM_VERSION})
    record_event(draw, actor=actor, action="commit", note={"value": trial.commitments.combined})
    return draw


def _stored_document(draw: Draw) -> dict[str, Any]:
    return {
        "format": pure.FILE_FORMAT,
        "about": draw.inputs["about"],
        "seed_source": draw.inputs["seed_source"],
        "inputs": draw.inputs["inputs"],
        "commitments": draw.commitments,
    }


@transaction.atomic
def enter_seed(*, actor: User, plan: Plan, seed: str) -> Draw:
    """A person enters the public figure once it is known; the draw runs on the committed inputs."""
    require_office(actor)
    seed = clean(seed, "seed", "随机种子", limit=200)
    plan.status = Plan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    draw = Draw.objects.select_for_update().filter(plan=plan).first()
    if draw is None:
        raise Conflict("尚未公布承诺值，不能录入种子。", code="bad_state")
    if plan.status == PlanStatus.PUBLISHED or draw.published_at is not None:
        raise Conflict("抽取结果已公布，不能重新抽取。", code="draw_published")
    if draw.seed:
        raise Conflict("随机种子已录入，不能重复录入。", code="seed_entered_twice")
    document = _stored_document(draw)
    try:
        data = pure.input_from_file(document)
        result = pure.run_draw(data, seed=seed)
    except pure.DrawInputError as exc:
        raise _as_validation(exc) from None
    if result.commitments.as_dict() != draw.commitments:  # the stored inputs must be the committed ones
        raise Conflict("抽取输入与已公布的承诺值不一致，拒绝抽取。", code="commitment_mismatch")
    full = pure.build_file(data, result, about=draw.inputs["about"])
    now = timezone.now()
    draw.seed = seed
    draw.seed_entered_by = actor
    draw.seed_entered_at = now
    draw.result_sha256 = result.result_hash
    draw.file = pure.dump_file(full)
    draw.drawn_at = now
    draw.save()
    _save_targets(draw, result)
    PLAN_MOVES.apply(plan, "draw", actor=actor, note={"value": result.result_hash})
    record_event(draw, actor=actor, action="seed", note={"value": seed})
    return draw


def _save_targets(draw: Draw, result: pure.DrawResult) -> None:
    codes = [a.target for a in result.assignments]
    enterprises = dict(Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", "pk"))
    inspectors = dict(
        Inspector.objects.filter(code__in={i for a in result.assignments for i in a.inspectors}).values_list(
            "code", "pk"
        )
    )
    rows = DrawnTarget.objects.bulk_create(
        DrawnTarget(draw=draw, enterprise_id=enterprises[a.target], tier=a.tier, position=n)
        for n, a in enumerate(result.assignments)
    )
    through = DrawnTarget.inspectors.through
    through.objects.bulk_create(
        through(drawntarget_id=row.pk, inspector_id=inspectors[code])
        for row, a in zip(rows, result.assignments, strict=True)
        for code in a.inspectors
    )


@transaction.atomic
def publish_draw(*, actor: User, plan: Plan) -> Plan:
    """公布: the list and the draw file go public; the draw is frozen from here on."""
    require_office(actor)
    draw = Draw.objects.select_for_update().filter(plan=plan).first()
    if draw is None:
        raise Conflict("尚未抽取，不能公布。", code="bad_state")
    plan.status = Plan.objects.values_list("status", flat=True).get(pk=plan.pk)
    PLAN_MOVES.apply(plan, "publish", actor=actor)
    Draw.objects.filter(pk=draw.pk).update(published_at=timezone.now())
    return plan
