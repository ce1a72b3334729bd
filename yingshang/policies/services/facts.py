"""Facts of enterprises: an enterprise's own declarations and the office's imports (Excel, dry run)."""

from __future__ import annotations

from datetime import date, datetime
from typing import IO, Any

from django.db import transaction

from yingshang.core.access import visible_enterprises
from yingshang.core.errors import NotAllowed, NotFound, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.excel import ImportPlan, RowError, read_sheet
from yingshang.core.models import Enterprise, User
from yingshang.policies import facts as fact_catalogue
from yingshang.policies.models import EnterpriseFact
from yingshang.policies.services.common import Role, clean_text, require_office, today

IMPORT_HEADERS = ("统一社会信用代码", "事实", "取值", "截至日期")
IMPORT_OPTIONAL = ("来源说明",)


def _spec_for(name: str) -> fact_catalogue.CatalogueFact | None:
    cat = fact_catalogue.catalogue()
    if name in cat:
        return cat[name]
    return next((f for f in cat.values() if f.spec.label == name), None)


@transaction.atomic
def declare_fact(
    *, actor: User, enterprise: Enterprise, key: str, value: Any, as_of: date | None = None
) -> EnterpriseFact:
    """An enterprise states one of its facts (or the office records it for it). Platform facts are
    the platform's own and cannot be declared."""
    if actor.role == Role.ENTERPRISE:
        if actor.enterprise_id != enterprise.pk:
            raise NotFound("未找到该企业。")
    elif actor.role == Role.OFFICE_ADMIN:
        if not visible_enterprises(actor).filter(pk=enterprise.pk).exists():
            raise NotFound("未找到该企业。")
    else:
        raise NotAllowed("只有企业本身或营商办可以申报企业事实。", code="role")
    fact = _spec_for(key)
    if fact is None:
        raise ValidationFailed(f"未知的企业事实“{key}”。", code="unknown_fact", fields={"key": "未知"})
    if fact.platform:
        raise ValidationFailed(
            f"“{fact.spec.label}”由平台提供，不能申报。", code="platform_fact", fields={"key": "平台事实"}
        )
    try:
        typed = fact_catalogue.parse_value(fact.spec, value)
    except ValueError as exc:
        raise ValidationFailed(str(exc), code="bad_value", fields={"value": str(exc)}) from None
    as_of = as_of or today()
    if as_of > today():
        raise ValidationFailed("截至日期不能晚于今天。", fields={"as_of": "晚于今天"})
    row, created = EnterpriseFact.objects.update_or_create(
        enterprise=enterprise,
        key=fact.spec.key,
        source=EnterpriseFact.Source.DECLARATION,
        defaults={"value": fact_catalogue.to_json(typed), "as_of": as_of, "recorded_by": actor, "note": ""},
    )
    fact_catalogue.refresh_fact_sheets([enterprise.pk])
    record_event(
        row,
        actor=actor,
        action="declare",
        note={"name": fact.spec.label, "value": fact_catalogue.display(fact.spec.key, typed)},
    )
    return row


def _date_cell(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip().replace("/", "-"))


def import_facts(
    *, actor: User, fileobj: IO[bytes], dry_run: bool = True, source_note: str = ""
) -> ImportPlan:
    """Facts from a market-regulation or tax extract: one row per enterprise and fact. With `dry_run`
    nothing is written; otherwise nothing is written unless every row is good."""
    require_office(actor)
    note = clean_text(source_note, "source_note", "数据来源", max_length=200, required=False)
    rows = read_sheet(fileobj, IMPORT_HEADERS, IMPORT_OPTIONAL)
    codes = {str(r.get("统一社会信用代码") or "").strip().upper() for _, r in rows}
    enterprises = {e.credit_code: e for e in visible_enterprises(actor).filter(credit_code__in=codes)}
    plan = ImportPlan()
    good: list[tuple[Enterprise, str, Any, date, str]] = []
    seen: set[tuple[str, str]] = set()
    for number, row in rows:
        code = str(row.get("统一社会信用代码") or "").strip().upper()
        enterprise = enterprises.get(code)
        if enterprise is None:
            plan.errors.append(
                RowError(number, f"第{number}行：统一社会信用代码“{code}”不在本辖区的市场主体中")
            )
            continue
        fact = _spec_for(str(row.get("事实") or "").strip())
        if fact is None:
            plan.errors.append(RowError(number, f"第{number}行：未知的企业事实“{row.get('事实')}”"))
            continue
        if fact.platform:
            plan.errors.append(RowError(number, f"第{number}行：“{fact.spec.label}”由平台提供，不能导入"))
            continue
        try:
            typed = fact_catalogue.parse_value(fact.spec, row.get("取值"))
        except ValueError as exc:
            plan.errors.append(RowError(number, f"第{number}行：{exc}"))
            continue
        try:
            as_of = _date_cell(row.get("截至日期"))
        except (ValueError, TypeError):
            plan.errors.append(RowError(number, f"第{number}行：截至日期应为日期，如 2026-06-30"))
            continue
        if (code, fact.spec.key) in seen:
            plan.errors.append(RowError(number, f"第{number}行：同一企业的“{fact.spec.label}”重复出现"))
            continue
        seen.add((code, fact.spec.key))
        row_note = clean_text(
            str(row.get("来源说明") or note), "source_note", "来源说明", max_length=200, required=False
        )
        good.append((enterprise, fact.spec.key, typed, as_of, row_note))
    existing = {
        (f.enterprise_id, f.key): f
        for f in EnterpriseFact.objects.filter(
            source=EnterpriseFact.Source.IMPORT,
            enterprise__in=[g[0] for g in good],
            key__in={g[1] for g in good},
        )
    }
    for enterprise, key, typed, as_of, _ in good:
        entry = {
            "enterprise": enterprise.name,
            "fact": fact_catalogue.label_of(key),
            "value": fact_catalogue.display(key, typed),
            "as_of": str(as_of),
        }
        old = existing.get((enterprise.pk, key))
        if old is None:
            plan.created.append(entry)
        elif old.value == fact_catalogue.to_json(typed) and old.as_of == as_of:
            plan.unchanged += 1
        else:
            plan.updated.append(entry)
    if dry_run or not plan.ok:
        return plan
    with transaction.atomic():
        for enterprise, key, typed, as_of, row_note in good:
            fact_row, _ = EnterpriseFact.objects.update_or_create(
                enterprise=enterprise,
                key=key,
                source=EnterpriseFact.Source.IMPORT,
                defaults={
                    "value": fact_catalogue.to_json(typed),
                    "as_of": as_of,
                    "recorded_by": actor,
                    "note": row_note,
                },
            )
            record_event(
                fact_row,
                actor=actor,
                action="import",
                note={"name": fact_catalogue.label_of(key), "value": fact_catalogue.display(key, typed)},
            )
        fact_catalogue.refresh_fact_sheets(g[0].pk for g in good)
    return plan
