"""Writes of the indicators app: catalogue edits, observations (form, import, computed) and warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingshang.core.access import require_role, require_write
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.excel import ImportPlan, RowError, read_sheet
from yingshang.core.models import Region, Unit, User
from yingshang.core.services import notify
from yingshang.core.workdays import get_calendar
from yingshang.indicators import hooks, rules
from yingshang.indicators.models import Indicator, IndicatorWarning, Observation, WarningStatus
from yingshang.indicators.periods import Period, parse_period
from yingshang.indicators.selectors import regions_for
from yingshang.indicators.transitions import WARNING_MOVES

Role = User.Role
EDITABLE = (
    "name",
    "unit_of_measure",
    "direction",
    "target_value",
    "warning_value",
    "benchmark_value",
    "min_value",
    "max_value",
    "max_jump_ratio",
    "lead_unit",
    "reporting_period",
    "weight",
    "explain_workdays",
    "is_active",
)
IMPORT_REQUIRED = ["指标编码", "期间", "区域", "数值"]
IMPORT_OPTIONAL = ["指标名称", "备注"]
MAX_VALUE = Decimal("1e10")
FOUR_PLACES = Decimal("0.0001")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize())
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def update_indicator(*, actor: User, indicator: Indicator, changes: dict[str, Any]) -> Indicator:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)
    unknown = set(changes) - set(EDITABLE) - {"regions"}
    if unknown:
        raise ValidationFailed("存在不可修改的字段。", fields={k: "不可修改" for k in unknown})
    lo = changes.get("min_value", indicator.min_value)
    hi = changes.get("max_value", indicator.max_value)
    if lo is not None and hi is not None and lo > hi:
        raise ValidationFailed("最小值不能大于最大值。", fields={"min_value": "大于最大值"})
    ratio = changes.get("max_jump_ratio")
    if ratio is not None and ratio < 0:
        raise ValidationFailed("最大环比变动不能为负。", fields={"max_jump_ratio": "不能为负"})
    regions = changes.pop("regions", None)
    diff = {}
    for name, value in changes.items():
        old = getattr(indicator, name)
        if old != value:
            diff[name] = [_plain(old), _plain(value)]
            setattr(indicator, name, value)
    try:
        indicator.full_clean(exclude=["regions", "parent", "code"])
    except DjangoValidationError as exc:
        fields = {k: "；".join(v) for k, v in exc.message_dict.items()}
        raise ValidationFailed("指标设置有误。", fields=fields) from None
    indicator.save()
    if regions is not None:
        indicator.regions.set(regions)
        diff["regions"] = [r.pk for r in regions]
    record_event(indicator, actor=actor, action="update_indicator", note={"changes": diff})
    return indicator


def responsible_unit(indicator: Indicator, region: Region) -> Unit | None:
    """The unit that answers for ``indicator`` in ``region``.

    An indicator's lead unit names a kind of unit (市场监督管理局), and each region has its own: a
    county's miss goes to that county's bureau, not to the one the catalogue happened to name. Looks
    for an active unit of the same name in the region, then in the regions above it (a county without
    its own bureau answers through the city's); the catalogue's unit when none matches."""
    lead = indicator.lead_unit
    if lead is None:
        return None
    if lead.region_id == region.pk:
        return lead
    ancestors = [int(p) for p in region.tree_path.strip("/").split("/") if p]
    depth = {rid: n for n, rid in enumerate(ancestors)}
    same_name = [
        u
        for u in Unit.objects.filter(name=lead.name, is_active=True, region_id__in=ancestors)
        if u.region_id in depth
    ]
    if not same_name:
        return lead
    return max(same_name, key=lambda u: depth[u.region_id])


def may_enter(user: User, indicator: Indicator, region: Region | None = None) -> bool:
    """The office, or the unit responsible for the indicator (in ``region`` when given; without a
    region, a unit of the lead unit's kind in any region)."""
    if user.role == Role.OFFICE_ADMIN:
        return True
    if not user.is_unit_user or indicator.lead_unit_id is None or user.unit_id is None:
        return False
    if region is not None:
        unit = responsible_unit(indicator, region)
        return unit is not None and unit.pk == user.unit_id
    return indicator.lead_unit_id == user.unit_id or user.unit.name == indicator.lead_unit.name


@dataclass(frozen=True)
class Checked:
    indicator: Indicator
    region: Region
    period: Period
    value: Decimal
    verdict: rules.Verdict
    previous: Decimal | None


def check_observation(indicator: Indicator, region: Region, period: Period, value: Decimal) -> Checked:
    """Everything wrong with one value, as one ValidationFailed; else its verdict against the catalogue."""
    problems: dict[str, str] = {}
    if indicator.parent_id is None:
        problems["indicator"] = "一级指标不直接填报，请填报其二级指标"
    if not indicator.is_active:
        problems["indicator"] = "该指标已停用"
    if period.kind != indicator.reporting_period:
        problems["period"] = f"该指标按{indicator.get_reporting_period_display()}填报"
    if abs(value) >= MAX_VALUE:
        problems["value"] = "数值过大"
    else:
        err = rules.range_error(value, indicator.min_value, indicator.max_value)
        if err:
            problems["value"] = err
    allowed = {r.pk for r in indicator.regions.all()}
    if allowed and region.pk not in allowed:
        problems["region"] = f"该指标不适用于{region.name}"
    if problems:
        raise ValidationFailed("；".join(problems.values()), fields=problems)
    previous = (
        Observation.objects.filter(indicator=indicator, region=region, period=period.previous().key)
        .values_list("value", flat=True)
        .first()
    )
    verdict = rules.judge(
        value,
        direction=indicator.direction,
        target=indicator.target_value,
        warning=indicator.warning_value,
        previous=previous,
        max_jump_ratio=indicator.max_jump_ratio,
    )
    return Checked(indicator, region, period, value, verdict, previous)


def _to_decimal(raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(f"数值“{raw}”不是数字。", fields={"value": "不是数字"}) from None
    if not value.is_finite() or abs(value) >= MAX_VALUE:
        raise ValidationFailed("数值无效或过大。", fields={"value": "无效或过大"})
    # Stored with four decimals; rounding here keeps the checks and the saved value the same number.
    value = value.quantize(FOUR_PLACES)
    if abs(value) >= MAX_VALUE:
        raise ValidationFailed("数值过大。", fields={"value": "过大"})
    return value


@transaction.atomic
def record_observation(
    *,
    actor: User | None,
    indicator: Indicator,
    region: Region,
    period: str,
    value: Decimal | float | str,
    note: str = "",
    source: str = Observation.Source.MANUAL,
) -> Observation:
    """Create or correct the value of (indicator, period, region); judge it and raise or clear a warning."""
    if actor is not None:
        require_write(actor)
        if not may_enter(actor, indicator):
            raise NotAllowed("只有营商办或该指标的牵头单位可以填报。", code="not_lead_unit")
        if region.pk not in set(regions_for(actor).values_list("pk", flat=True)) or not may_enter(
            actor, indicator, region
        ):
            raise NotAllowed("该区域不在您的管辖范围。", code="region")
    checked = check_observation(indicator, region, parse_period(period), _to_decimal(value))
    p = checked.period
    obs = (
        Observation.objects.select_for_update()
        .filter(indicator=indicator, region=region, period=p.key)
        .first()
    )
    fields = {
        "value": checked.value,
        "result": checked.verdict.result,
        "target_value": indicator.target_value,
        "previous_value": checked.previous,
        "jump_flag": checked.verdict.jump_flag,
        "source": source,
        "note": note[:300],
        "entered_by": actor,
        "unit": actor.unit
        if actor is not None and actor.is_unit_user
        else responsible_unit(indicator, region),
    }
    if obs is None:
        obs = Observation.objects.create(
            indicator=indicator, region=region, period=p.key, period_start=p.start, period_end=p.end, **fields
        )
        action, old_value = "record_observation", None
    else:
        old_value = str(obs.value.normalize())
        for name, val in fields.items():
            setattr(obs, name, val)
        obs.save()
        action = "correct_observation"
    record_event(
        obs,
        actor=actor,
        action=action,
        note={
            "old": old_value,
            "new": str(checked.value.normalize()),
            "result": checked.verdict.result,
            "jump_flag": checked.verdict.jump_flag,
            "source": source,
        },
    )
    _sync_warning(obs, actor=actor)
    transaction.on_commit(lambda: hooks.observations_changed({p.key}))
    return obs


def _sync_warning(obs: Observation, *, actor: User | None) -> None:
    """A miss opens a warning for the lead unit; a correction that meets the target withdraws it."""
    indicator = obs.indicator
    existing = IndicatorWarning.objects.filter(observation=obs).first()
    missed = obs.result in (Observation.Result.MISSED, Observation.Result.WARNING)
    if existing is not None:
        if not missed and existing.is_live:
            WARNING_MOVES.apply(existing, "withdraw", actor=actor, note={"value": str(obs.value.normalize())})
        elif missed and existing.level != obs.result:
            IndicatorWarning.objects.filter(pk=existing.pk).update(level=obs.result)
        return
    owner = responsible_unit(indicator, obs.region)
    if not missed or owner is None:
        return
    due = get_calendar().add_workdays(timezone.localdate(), indicator.explain_workdays)
    warning = IndicatorWarning.objects.create(
        observation=obs,
        indicator=indicator,
        region=obs.region,
        lead_unit=owner,
        level=obs.result,
        due_date=due.date,
        due_estimated=due.estimated,
    )
    record_event(warning, actor=actor, action="raise_warning", to_status=WarningStatus.OPEN)
    recipients = list(User.objects.filter(unit_id=owner.pk, is_active=True))
    if recipients:
        url = reverse("indicators:warning_detail", args=[warning.pk])
        notify(
            recipients=recipients,
            title=f"指标预警：{indicator}（{obs.region.name} {obs.period}）",
            body=f"监测值 {obs.value.normalize():f}{indicator.unit_of_measure}，"
            f"请于 {warning.due_date:%Y-%m-%d} 前提交情况说明和整改措施。",
            url=url,
            kind="indicator_warning",
        )


# -- Excel import: plan (dry run) → apply; nothing is written when any row is bad ------------------


def plan_observation_import(fileobj: IO[bytes], *, actor: User) -> ImportPlan:
    require_write(actor)
    by_code = {i.code: i for i in Indicator.objects.select_related("parent").prefetch_related("regions")}
    regions = list(regions_for(actor))
    by_name: dict[str, list[Region]] = {}
    for r in regions:
        by_name.setdefault(r.name, []).append(r)
    existing = (
        {
            (o.indicator_id, o.period, o.region_id): o.value
            for o in Observation.objects.filter(region__in=regions).only(
                "indicator_id", "period", "region_id", "value"
            )
        }
        if len(regions) < 500
        else {}
    )
    plan = ImportPlan()
    seen: dict[tuple[int, str, int], int] = {}
    for number, row in read_sheet(fileobj, required=IMPORT_REQUIRED, optional=IMPORT_OPTIONAL):
        code = str(row.get("指标编码") or "").strip()
        indicator = by_code.get(code)
        region_name = str(row.get("区域") or "").strip()
        matches = by_name.get(region_name, [])
        problems: list[str] = []
        if indicator is None:
            problems.append(f"指标编码“{code}”不存在")
        elif not may_enter(actor, indicator):
            problems.append(f"您不是指标“{indicator}”的牵头单位")
        if not matches:
            problems.append(f"区域“{region_name}”不存在或不在您的管辖范围")
        elif len(matches) > 1:
            problems.append(f"区域“{region_name}”有重名，请联系营商办")
        elif (
            indicator is not None
            and may_enter(actor, indicator)
            and not may_enter(actor, indicator, matches[0])
        ):
            problems.append(f"您不是{region_name}“{indicator}”的责任单位")
        try:
            period = parse_period(str(row.get("期间") or "").strip())
        except ValidationFailed as exc:
            problems.append(exc.message)
            period = None
        try:
            value = _to_decimal(row.get("数值"))
        except ValidationFailed as exc:
            problems.append(exc.message)
            value = None
        if problems:
            plan.errors.append(RowError(number, "；".join(problems)))
            continue
        assert indicator is not None and period is not None and value is not None
        region = matches[0]
        try:
            checked = check_observation(indicator, region, period, value)
        except ValidationFailed as exc:
            plan.errors.append(RowError(number, exc.message))
            continue
        key = (indicator.pk, period.key, region.pk)
        if key in seen:
            plan.errors.append(
                RowError(number, f"与第 {seen[key]} 行重复：{code} {period.key} {region.name}")
            )
            continue
        seen[key] = number
        values = {
            "row": number,
            "indicator": indicator.pk,
            "indicator_name": str(indicator),
            "region": region.pk,
            "region_name": region.name,
            "period": period.key,
            "value": str(value),
            "note": str(row.get("备注") or "")[:300],
            "result": checked.verdict.result,
            "jump_flag": checked.verdict.jump_flag,
        }
        old = existing.get(key)
        if old is None:
            plan.created.append(values)
        elif old != value:
            plan.updated.append(values | {"old": str(old.normalize())})
        else:
            plan.unchanged += 1
    return plan


@transaction.atomic
def apply_observation_import(*, actor: User, plan: ImportPlan) -> int:
    require_write(actor)
    if not plan.ok:
        raise ValidationFailed("导入文件有错误，未写入任何数据。", code="import_errors")
    indicators = {i.pk: i for i in Indicator.objects.prefetch_related("regions")}
    regions = {r.pk: r for r in regions_for(actor)}
    count = 0
    for values in plan.created + plan.updated:
        record_observation(
            actor=actor,
            indicator=indicators[values["indicator"]],
            region=regions[values["region"]],
            period=values["period"],
            value=values["value"],
            note=values["note"],
            source=Observation.Source.IMPORT,
        )
        count += 1
    return count


# -- computed indicators ---------------------------------------------------------------------------


@transaction.atomic
def compute_observations(*, actor: User | None, period: str, regions: list[Region]) -> int:
    """Run every registered computed indicator for the period in each region; returns values written."""
    if actor is not None:
        require_write(actor)
        require_role(actor, Role.OFFICE_ADMIN)
    p = parse_period(period)
    written = 0
    for code, item in hooks.computed_indicators().items():
        indicator = Indicator.objects.filter(code=code, is_active=True).first()
        if indicator is None or indicator.reporting_period != p.kind:
            continue
        for region in regions:
            value = item.compute(region.pk, p.start, p.end)
            if value is None:
                continue
            record_observation(
                actor=None,
                indicator=indicator,
                region=region,
                period=p.key,
                value=value,
                source=Observation.Source.COMPUTED,
                note=item.description[:300],
            )
            written += 1
    return written


# -- warnings --------------------------------------------------------------------------------------


@transaction.atomic
def explain_warning(
    *, actor: User, warning: IndicatorWarning, explanation: str, fix_plan: str
) -> IndicatorWarning:
    require_write(actor)
    if not (actor.is_unit_user and actor.unit_id == warning.lead_unit_id) and not actor.is_office:
        raise NotAllowed("只有责任单位可以提交说明。", code="not_owner")
    problems = {}
    if not explanation.strip():
        problems["explanation"] = "请填写情况说明"
    if not fix_plan.strip():
        problems["fix_plan"] = "请填写整改措施"
    if len(explanation) > 5000 or len(fix_plan) > 5000:
        problems["explanation"] = "内容过长(不超过5000字)"
    if problems:
        raise ValidationFailed("说明不完整。", fields=problems)
    WARNING_MOVES.apply(
        warning,
        "explain",
        actor=actor,
        note={"text": explanation.strip()[:500]},
        fields={"explanation": explanation.strip(), "fix_plan": fix_plan.strip()},
    )
    return warning


@transaction.atomic
def return_warning(*, actor: User, warning: IndicatorWarning, reason: str) -> IndicatorWarning:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)
    if not reason.strip():
        raise ValidationFailed("请填写退回原因。", fields={"reason": "必填"})
    due = get_calendar().add_workdays(timezone.localdate(), warning.indicator.explain_workdays)
    WARNING_MOVES.apply(
        warning, "return", actor=actor, note={"reason": reason.strip()[:500]}, fields={"due_date": due.date}
    )
    return warning


@transaction.atomic
def resolve_warning(*, actor: User, warning: IndicatorWarning, note: str = "") -> IndicatorWarning:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)
    WARNING_MOVES.apply(
        warning,
        "resolve",
        actor=actor,
        note={"text": note.strip()[:500]},
        fields={"resolved_at": timezone.now()},
    )
    return warning


def mark_overdue_warnings(*, today: date | None = None) -> int:
    """The periodic sweep: open warnings past their date become overdue (one event each)."""
    today = today or timezone.localdate()
    moved = 0
    for warning in IndicatorWarning.objects.filter(status=WarningStatus.OPEN, due_date__lt=today):
        with transaction.atomic():
            WARNING_MOVES.apply(
                warning, "expire", actor=None, note={"due_date": warning.due_date.isoformat()}
            )
        moved += 1
    return moved
