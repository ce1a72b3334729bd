"""Writes of the assessment app: schemes, adjustments, scoring, publishing, follow-ups, bulletins."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingshang.assessment import ranking
from yingshang.assessment.components import get_component
from yingshang.assessment.models import (
    Adjustment,
    Bulletin,
    BulletinStatus,
    FollowUp,
    Scheme,
    SchemeComponent,
    SchemeStatus,
    Score,
)
from yingshang.assessment.transitions import BULLETIN_MOVES, FOLLOW_UP_MOVES, SCHEME_MOVES
from yingshang.core.access import require_role, require_write
from yingshang.core.errors import Conflict, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Region, Unit, User
from yingshang.core.services import notify
from yingshang.core.unit_labels import unit_label
from yingshang.indicators.periods import parse_period

Role = User.Role
HUNDRED = Decimal(100)
MAX_POINTS = Decimal(100)


def _office(actor: User) -> None:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def create_scheme(
    *,
    actor: User,
    name: str,
    region: Region,
    period: str,
    components: list[tuple[str, Decimal | float | int]],
    red_count: int = 3,
    black_count: int = 1,
    min_sample: int = 1,
) -> Scheme:
    _office(actor)
    p = parse_period(period)
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "请填写名称"
    if not components:
        problems["components"] = "至少选择一个考核组件"
    seen = set()
    components = [(code, _q(Decimal(str(weight)))) for code, weight in components]
    for code, weight in components:
        if get_component(code) is None:
            problems["components"] = f"考核组件“{code}”不存在"
        if weight <= 0 or weight > 1000:
            problems["components"] = "权重应大于0且不超过1000"
        if code in seen:
            problems["components"] = f"考核组件“{code}”重复"
        seen.add(code)
    if not (0 <= red_count <= 50 and 0 <= black_count <= 50 and 0 <= min_sample <= 10000):
        problems["red_count"] = "名额或最少数据量超出范围"
    if Scheme.objects.filter(region=region, period=p.key, name=name.strip()).exists():
        problems["name"] = "同一区域同一期间已有同名方案"
    if problems:
        raise ValidationFailed("考核方案有误。", fields=problems)
    scheme = Scheme.objects.create(
        name=name.strip(),
        region=region,
        period=p.key,
        period_kind=p.kind,
        period_start=p.start,
        period_end=p.end,
        red_count=red_count,
        black_count=black_count,
        min_sample=min_sample,
        created_by=actor,
    )
    for code, weight in components:
        comp = get_component(code)
        assert comp is not None
        SchemeComponent.objects.create(scheme=scheme, code=code, name=comp.name, weight=Decimal(str(weight)))
    record_event(
        scheme,
        actor=actor,
        action="create_scheme",
        to_status=SchemeStatus.DRAFT,
        note={"components": [[c, str(w)] for c, w in components]},
    )
    return scheme


def _not_published(scheme: Scheme) -> None:
    if scheme.status == SchemeStatus.PUBLISHED:
        raise Conflict("方案已发布，不能再修改。", code="published")


@transaction.atomic
def add_adjustment(*, actor: User, scheme: Scheme, unit: Unit, points: Decimal, reason: str) -> Adjustment:
    _office(actor)
    _not_published(scheme)
    points = _q(Decimal(str(points)))
    if points == 0 or abs(points) > MAX_POINTS:
        raise ValidationFailed("加减分应为非零且绝对值不超过100。", fields={"points": "超出范围"})
    if not reason.strip():
        raise ValidationFailed("请填写加减分原因。", fields={"reason": "必填"})
    if not scheme_units(scheme).filter(pk=unit.pk).exists():
        raise ValidationFailed("该单位不在本方案的考核范围。", fields={"unit": "不在范围"})
    adj = Adjustment.objects.create(
        scheme=scheme, unit=unit, points=points, reason=reason.strip()[:300], created_by=actor
    )
    record_event(
        scheme,
        actor=actor,
        action="add_adjustment",
        note={"unit": unit.pk, "unit_name": unit.name, "points": str(points), "reason": adj.reason},
    )
    return adj


def scheme_units(scheme: Scheme) -> Any:
    return Unit.objects.filter(
        region__tree_path__startswith=scheme.region.tree_path, is_active=True
    ).select_related("region")


@transaction.atomic
def compute_scores(*, actor: User | None, scheme: Scheme) -> int:
    """Score every unit of the scheme's region; rank within Unit.kind groups; mark red and black."""
    if actor is not None:
        _office(actor)
    _not_published(scheme)
    units = list(scheme_units(scheme))
    unit_ids = [u.pk for u in units]
    parts_by_unit: dict[int, dict[str, Any]] = {u: {} for u in unit_ids}
    for sc in scheme.components.all():
        comp = get_component(sc.code)
        results = comp.compute(unit_ids, scheme.period_start, scheme.period_end) if comp else {}
        for uid in unit_ids:
            value, explanation = results.get(uid, (None, {"说明": "组件未注册或无数据"}))
            parts_by_unit[uid][sc.code] = {
                "name": sc.name,
                "weight": str(sc.weight),
                "value": value,
                "explanation": explanation,
            }
    adjustments: dict[int, Decimal] = {}
    for adj in scheme.adjustments.all():
        adjustments[adj.unit_id] = adjustments.get(adj.unit_id, Decimal(0)) + adj.points
    Score.objects.filter(scheme=scheme).delete()
    scores: list[Score] = []
    for unit in units:
        parts = parts_by_unit[unit.pk]
        weighted = [
            (Decimal(p["weight"]), Decimal(str(p["value"]))) for p in parts.values() if p["value"] is not None
        ]
        weight_sum = sum((w for w, _ in weighted), Decimal(0))
        base = (
            _q(sum((w * v for w, v in weighted), Decimal(0)) / weight_sum * HUNDRED) if weight_sum else None
        )
        adj = adjustments.get(unit.pk, Decimal(0))
        sample = sum(int(p["explanation"].get("sample", 0) or 0) for p in parts.values())
        met_flags = [p["explanation"]["all_met"] for p in parts.values() if "all_met" in p["explanation"]]
        anomalies = [a for p in parts.values() for a in p["explanation"].get("anomalies", [])]
        scores.append(
            Score(
                scheme=scheme,
                unit=unit,
                group=unit.kind,
                parts=parts,
                base_score=base,
                adjustment_total=adj,
                total=None if base is None else _q(base + adj),
                sample=sample,
                met_all_targets=bool(met_flags) and all(met_flags),
                anomalies=anomalies[:20],
            )
        )
    groups: dict[str, list[Score]] = {}
    for s in scores:
        groups.setdefault(s.group, []).append(s)
    for members in groups.values():
        placings = ranking.rank_group(
            [ranking.Entry(s.unit_id, s.total, s.sample, s.met_all_targets) for s in members],
            red_count=scheme.red_count,
            black_count=scheme.black_count,
            min_sample=scheme.min_sample,
        )
        for s in members:
            p = placings[s.unit_id]
            s.is_ranked, s.rank, s.list_flag, s.not_ranked_reason = p.is_ranked, p.rank, p.flag, p.reason
    Score.objects.bulk_create(scores)
    SCHEME_MOVES.apply(
        scheme, "compute", actor=actor, note={"units": len(scores)}, fields={"computed_at": timezone.now()}
    )
    return len(scores)


def _list_snapshot(scheme: Scheme) -> dict[str, Any]:
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    labels = dict(Unit.Kind.choices)
    for s in (
        scheme.scores.select_related("unit").filter(list_flag__in=["red", "black"]).order_by("group", "rank")
    ):
        g = groups.setdefault(s.group, {"label": labels.get(s.group, s.group), "red": [], "black": []})  # type: ignore[dict-item]
        g[s.list_flag].append({"unit": unit_label(s.unit), "rank": s.rank, "total": str(s.total)})  # type: ignore[union-attr]
    return {
        "period": scheme.period,
        "name": scheme.name,
        "region": scheme.region.name,
        "groups": groups,
        "tie_rule": ranking.TIE_RULE,
    }


@transaction.atomic
def publish_scheme(*, actor: User, scheme: Scheme) -> Scheme:
    """Freeze the 红黑榜 for the public page and call every black-listed unit to an interview (约谈)."""
    _office(actor)
    snapshot = _list_snapshot(scheme)
    SCHEME_MOVES.apply(
        scheme, "publish", actor=actor, fields={"published_at": timezone.now(), "published_list": snapshot}
    )
    for s in scheme.scores.select_related("unit").filter(list_flag="black"):
        follow, created = FollowUp.objects.get_or_create(
            scheme=scheme, unit=s.unit, kind=FollowUp.Kind.INTERVIEW
        )
        if created:
            record_event(follow, actor=actor, action="call_interview", to_status=follow.status)
            notify(
                recipients=list(User.objects.filter(unit=s.unit, role=Role.UNIT_LEADER, is_active=True)),
                title=f"末位约谈通知：{scheme.name}",
                body=f"贵单位在“{scheme.name}”中排名末位，请按营商办安排参加约谈。",
                kind="last_place_interview",
            )
    return scheme


@transaction.atomic
def complete_follow_up(*, actor: User, follow_up: FollowUp, outcome: str) -> FollowUp:
    _office(actor)
    if not outcome.strip():
        raise ValidationFailed("请填写约谈结果。", fields={"outcome": "必填"})
    FOLLOW_UP_MOVES.apply(
        follow_up,
        "complete",
        actor=actor,
        note={"text": outcome.strip()[:500]},
        fields={"outcome": outcome.strip()[:5000], "done_at": timezone.now()},
    )
    return follow_up


# -- bulletins -------------------------------------------------------------------------------------


# 发文字号 as offices write it: issuer's short name, the year in 〔〕, the number and 号 (营商办〔2026〕12号).
DOC_NUMBER = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,20}〔(19|20)\d{2}〕\d{1,5}号$")
# Brackets people type instead of 六角括号: [2026], (2026), （2026）, 【2026】.
_BRACKETS = str.maketrans(
    {"[": "〔", "]": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕", "【": "〔", "】": "〕"}
)


def clean_doc_number(raw: str) -> str:
    """The 发文字号 normalised to 六角括号, or ValidationFailed with an example of the form."""
    value = "".join(raw.split()).translate(_BRACKETS)
    if not DOC_NUMBER.match(value):
        raise ValidationFailed(
            "发文字号格式应如“营商办〔2026〕12号”。", fields={"doc_number": "格式应如 营商办〔2026〕12号"}
        )
    return value


@transaction.atomic
def request_bulletin(
    *, actor: User, region: Region, period: str, as_of: date, doc_number: str = ""
) -> Bulletin:
    """Queue the 通报 of a period as of a date. The same (period, as_of) reuses its stored snapshot.

    `doc_number` (发文字号) is printed under the issuing office; a new one given for an existing bulletin
    replaces the old one (the figures stay those of the stored snapshot). Empty keeps the placeholder.
    """
    _office(actor)
    p = parse_period(period)
    number = clean_doc_number(doc_number) if doc_number.strip() else ""
    if as_of > timezone.localdate():
        raise ValidationFailed("数据截至日期不能晚于今天。", fields={"as_of": "晚于今天"})
    if as_of < p.start:
        raise ValidationFailed("数据截至日期早于期间开始。", fields={"as_of": "早于期间"})
    bulletin = Bulletin.objects.select_for_update().filter(region=region, period=p.key, as_of=as_of).first()
    if bulletin is None:
        bulletin = Bulletin.objects.create(
            region=region,
            period=p.key,
            as_of=as_of,
            title=f"{region.name}优化营商环境工作{p.label}通报",
            created_by=actor,
            **({"doc_number": number} if number else {}),
        )
        record_event(
            bulletin,
            actor=actor,
            action="request_bulletin",
            to_status=bulletin.status,
            note={"doc_number": number},
        )
    elif bulletin.status == BulletinStatus.QUEUED:
        return bulletin
    else:
        fields = {"doc_number": number} if number and number != bulletin.doc_number else {}
        note = {"doc_number": [bulletin.doc_number, number]} if fields else None
        BULLETIN_MOVES.apply(bulletin, "regenerate", actor=actor, note=note, fields=fields)
    from yingshang.assessment.tasks import generate_bulletin

    pk = bulletin.pk
    transaction.on_commit(lambda: generate_bulletin.enqueue(pk))
    return bulletin


def build_bulletin(bulletin_id: int) -> None:
    """The background step: take (or reuse) the snapshot, render the .docx and its PDF, store them.

    The PDF conversion (seconds) runs outside any transaction; a failed conversion leaves the .docx
    ready and says why on the page (`pdf_error`), it does not fail the bulletin.
    """
    from yingshang.assessment import bulletin as render
    from yingshang.assessment import pdf

    bulletin = Bulletin.objects.select_related("region", "created_by").get(pk=bulletin_id)
    if bulletin.status != BulletinStatus.QUEUED:
        return  # a duplicate task: the document was already built (or failed and awaits a new request)
    try:
        snapshot = bulletin.snapshot or render.take_snapshot(bulletin)
        data = render.render_docx(bulletin, snapshot, issued_on=timezone.localdate())
    except Exception as exc:  # the bulletin must show the failure rather than spin forever
        with transaction.atomic():
            BULLETIN_MOVES.apply(
                bulletin, "fail", actor=None, fields={"error": f"{type(exc).__name__}: {exc}"[:300]}
            )
        return
    try:
        pdf_data, pdf_error = pdf.docx_to_pdf(data), ""
    except pdf.ConversionFailed as exc:
        pdf_data, pdf_error = None, str(exc)[:300]
    with transaction.atomic():
        BULLETIN_MOVES.apply(
            bulletin,
            "finish",
            actor=None,
            fields={
                "snapshot": snapshot,
                "docx": data,
                "pdf": pdf_data,
                "pdf_error": pdf_error,
                "generated_at": timezone.now(),
                "error": "",
            },
        )
