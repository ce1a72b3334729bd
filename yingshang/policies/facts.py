"""Enterprise facts: the catalogue (data/facts.toml), typed values, and which value wins.

Precedence (docs/policies.md):
1. Platform facts (region, industry, size class, credit tier, open appeals) come live from the platform's
   own records; nobody declares or imports them.
2. For every other fact, the value with the latest as-of date wins, whatever its source.
3. On the same as-of date, an office import (market-regulation or tax data) beats the enterprise's own
   declaration.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, F, Func, QuerySet, TextField
from django.db.models import Value as V

from yingshang.core.models import Enterprise, Region
from yingshang.policies.models import EnterpriseFact, FactSheet
from yingshang.policies.rules import FactSpec, Type, Value, fmt

DATA = Path(__file__).parent / "data" / "facts.toml"
SOURCE_RANK: dict[str, int] = {
    EnterpriseFact.Source.DECLARATION.value: 1,
    EnterpriseFact.Source.IMPORT.value: 2,
}
SOURCE_LABELS = dict(EnterpriseFact.Source.choices)
PLATFORM = EnterpriseFact.Source.PLATFORM.value


@dataclass(frozen=True)
class CatalogueFact:
    spec: FactSpec
    platform: bool
    help: str


@cache
def catalogue() -> dict[str, CatalogueFact]:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    out: dict[str, CatalogueFact] = {}
    for row in raw["fact"]:
        spec = FactSpec(
            key=row["key"],
            label=row["label"],
            type=Type(row["type"]),
            choices=tuple(row.get("choices", ())),
            unit=row.get("unit", ""),
        )
        out[spec.key] = CatalogueFact(spec, bool(row.get("platform", False)), row.get("help", ""))
    return out


def specs() -> list[FactSpec]:
    return [f.spec for f in catalogue().values()]


def declarable() -> list[CatalogueFact]:
    return [f for f in catalogue().values() if not f.platform]


def label_of(key: str) -> str:
    fact = catalogue().get(key)
    return fact.spec.label if fact else key


# ---- typed values ---------------------------------------------------------------------------------


def parse_value(spec: FactSpec, raw: Any) -> Value:
    """A value typed by a person or read from a cell, checked against the fact's type and choices.
    Raises ValueError with the reason in Chinese."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        raise ValueError(f"“{spec.label}”未填写")
    t = spec.type
    if t == Type.BOOL:
        if isinstance(raw, bool):
            return raw
        text = str(raw)
        if text in ("是", "有", "true", "True", "1", "Y", "y"):
            return True
        if text in ("否", "无", "false", "False", "0", "N", "n"):
            return False
        raise ValueError(f"“{spec.label}”应填“是”或“否”")
    if t == Type.NUMBER:
        try:
            text = str(raw).replace(",", "").replace("，", "")
            value = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{spec.label}”应为数值") from None
        if not value.is_finite() or abs(value) >= Decimal(10) ** 15:
            raise ValueError(f"“{spec.label}”数值超出范围")
        return value
    if t == Type.DATE:
        if isinstance(raw, date):
            return raw.date() if hasattr(raw, "date") and callable(raw.date) else raw
        try:
            return date.fromisoformat(str(raw).replace("/", "-"))
        except ValueError:
            raise ValueError(f"“{spec.label}”应为日期，如 2024-05-01") from None
    if t == Type.SET:
        items = (
            raw
            if isinstance(raw, list | tuple | set | frozenset)
            else str(raw).replace(",", "、").split("、")
        )
        values = frozenset(str(i).strip() for i in items if str(i).strip())
        bad = [v for v in values if spec.choices and v not in spec.choices]
        if bad:
            raise ValueError(f"“{'、'.join(sorted(bad))}”不是{spec.label}的可选值：{'、'.join(spec.choices)}")
        return values
    text = str(raw)
    if spec.choices and text not in spec.choices:
        raise ValueError(f"“{text}”不是{spec.label}的可选值：{'、'.join(spec.choices)}")
    if len(text) > 200:
        raise ValueError(f"“{spec.label}”过长")
    return text


def to_json(value: Value) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal | date):
        return str(value)
    if isinstance(value, frozenset | tuple):
        return sorted(str(v) for v in value)
    return value


def from_json(spec: FactSpec, raw: Any) -> Value:
    if spec.type == Type.NUMBER:
        return Decimal(str(raw))
    if spec.type == Type.DATE:
        return date.fromisoformat(raw)
    if spec.type == Type.SET:
        return frozenset(raw)
    if spec.type == Type.BOOL:
        return bool(raw)
    return str(raw)


def editable(value: Value) -> str:
    """A value as a person would type it back into a form (parse_value reads it unchanged)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, frozenset | tuple):
        return "、".join(sorted(str(v) for v in value))
    return str(value)


def display(key: str, value: Value) -> str:
    fact = catalogue().get(key)
    unit = fact.spec.unit if fact else ""
    return f"{fmt(value)}{unit}" if isinstance(value, Decimal) and unit else fmt(value)


# ---- facts of enterprises -------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownFact:
    key: str
    label: str
    value: Value
    source: str
    source_label: str
    as_of: date | None
    note: str = ""

    @property
    def shown(self) -> str:
        return display(self.key, self.value)


def wins(candidate: tuple[date, str], current: tuple[date, str]) -> bool:
    """Whether a stored fact (as_of, source) beats the one kept so far: newer, then import over declaration."""
    return (candidate[0], SOURCE_RANK.get(candidate[1], 0)) > (current[0], SOURCE_RANK.get(current[1], 0))


def _region_names() -> dict[int, tuple[str, str]]:
    return {r.pk: (r.name, r.tree_path) for r in Region.objects.only("id", "name", "tree_path")}


def _platform_values(
    columns: tuple[str, str, str, int], regions: Mapping[int, tuple[str, str]], keys: set[str]
) -> dict[str, Value]:
    """Platform facts from an enterprise's (industry, size_class, credit_tier, region_id)."""
    industry, size_class, credit_tier, region_id = columns
    out: dict[str, Value] = {}
    if "size_class" in keys:
        out["size_class"] = Enterprise.SizeClass(size_class).label
    if "credit_tier" in keys:
        out["credit_tier"] = credit_tier
    if "industry" in keys and industry:
        out["industry"] = industry
    name, path = regions.get(region_id, ("", "/"))
    if "region" in keys and name:
        out["region"] = name
    if "regions" in keys:
        ids = [int(p) for p in path.strip("/").split("/") if p]
        out["regions"] = frozenset(regions[i][0] for i in [*ids, region_id] if i in regions)
    return out


def refresh_fact_sheets(enterprise_ids: Iterable[int]) -> int:
    """Recompute the winning stored facts of these enterprises into their FactSheet rows. Call it in the
    transaction that writes EnterpriseFact rows."""
    ids = list(set(enterprise_ids))
    sheets: dict[int, dict[str, Any]] = {eid: {} for eid in ids}
    kept: dict[tuple[int, str], tuple[date, str]] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        rows = EnterpriseFact.objects.filter(enterprise_id__in=chunk).values_list(
            "enterprise_id", "key", "value", "source", "as_of"
        )
        for eid, key, raw, source, as_of in rows:
            current = kept.get((eid, key))
            if current is not None and not wins((as_of, source), current):
                continue
            kept[(eid, key)] = (as_of, source)
            sheets[eid][key] = raw
    FactSheet.objects.filter(enterprise_id__in=ids).delete()
    FactSheet.objects.bulk_create(
        [FactSheet(enterprise_id=eid, values=values) for eid, values in sheets.items() if values],
        batch_size=5000,
    )
    return len(ids)


def facts_for(
    enterprises: QuerySet[Enterprise], keys: Iterable[str] | None = None, *, detailed: bool = False
) -> dict[int, dict[str, Any]]:
    """Resolved facts of many enterprises in a constant number of queries: {enterprise_id: {key: value}}
    (or {key: KnownFact} with source and as-of date when `detailed`). Only `keys` are read when given.

    Plain values come from the enterprises' FactSheet rows (one per enterprise, already resolved by
    precedence); detailed ones from the fact rows themselves."""
    if not detailed:
        return plain_facts(enterprises, keys)
    cat = catalogue()
    wanted = set(cat) if keys is None else set(keys) & set(cat)
    platform_keys = {k for k in wanted if cat[k].platform}
    out: dict[int, dict[str, Any]] = {}
    today = date.today()
    regions = _region_names() if platform_keys & {"region", "regions"} else {}
    rows = enterprises.values_list("id", "industry", "size_class", "credit_tier", "region_id")
    for row in rows.iterator(chunk_size=5000):
        values = _platform_values(row[1:], regions, platform_keys)
        out[row[0]] = {
            k: KnownFact(k, cat[k].spec.label, v, PLATFORM, SOURCE_LABELS[PLATFORM], today)
            for k, v in values.items()
        }
    if "open_appeals" in platform_keys:
        label = cat["open_appeals"].spec.label
        counts = _open_appeals(enterprises)
        for eid, known in out.items():
            count = counts.get(eid, Decimal(0))
            known["open_appeals"] = KnownFact(
                "open_appeals", label, count, PLATFORM, SOURCE_LABELS[PLATFORM], today
            )
    stored_keys = wanted - platform_keys
    if stored_keys:
        kept: dict[tuple[int, str], tuple[date, str]] = {}
        stored = EnterpriseFact.objects.filter(key__in=stored_keys)
        if enterprises.query.where or enterprises.query.is_sliced:
            stored = stored.filter(enterprise__in=enterprises.values("id"))
        fields = ("enterprise_id", "key", "value", "source", "as_of", "note")
        for eid, key, raw, source, as_of, note in stored.values_list(*fields).iterator(chunk_size=5000):
            held = out.get(eid)
            if held is None:
                continue
            current = kept.get((eid, key))
            if current is not None and not wins((as_of, source), current):
                continue
            kept[(eid, key)] = (as_of, source)
            try:
                stored_value = from_json(cat[key].spec, raw)
            except (ValueError, TypeError, InvalidOperation):
                # The winning value was stored under an older type of the fact: not known any more,
                # whatever an older row (read before it) said.
                held.pop(key, None)
                continue
            held[key] = KnownFact(
                key, cat[key].spec.label, stored_value, source, SOURCE_LABELS[source], as_of, note
            )
    return out


def _open_appeals(enterprises: QuerySet[Enterprise]) -> dict[int, Decimal]:
    """Open appeals per enterprise; enterprises without any are left out (their count is zero)."""
    from yingshang.appeals.models import Appeal

    rows = (
        Appeal.objects.filter(enterprise__in=enterprises.values("id"), status__in=Appeal.OPEN_STATUSES)
        .values_list("enterprise_id")
        .annotate(n=Count("id"))
        .values_list("enterprise_id", "n")
    )
    return {eid: Decimal(n) for eid, n in rows}


class SheetEntry(Func):
    """One key of an enterprise's FactSheet as JSON text ('"2024-05-01"', 'true', '["A"]'), NULL when the
    enterprise has no sheet or the sheet no such key. The database picks the keys a rule reads out of
    each sheet; Python parses each distinct text once."""

    arg_joiner = " -> "
    template = "(%(expressions)s)"
    output_field = TextField()

    def __init__(self, key: str) -> None:
        super().__init__(F("policy_fact_sheet__values"), V(key))

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="((%(expressions)s)::text)", **extra)


_UNSET = object()
_UNREADABLE = object()


def _sheet_value(spec: FactSpec, text: str) -> object:
    """The typed value of one sheet entry, or _UNREADABLE for a value stored under an older type of the
    fact (not known any more) or a JSON null."""
    try:
        raw = json.loads(text)
        return _UNREADABLE if raw is None else from_json(spec, raw)
    except (ValueError, TypeError, InvalidOperation):
        return _UNREADABLE


def plain_facts(
    enterprises: QuerySet[Enterprise], keys: Iterable[str] | None = None
) -> dict[int, dict[str, Value]]:
    """{enterprise_id: {key: value}} for every enterprise of the queryset, in one query (plus one for
    the region names and one for open appeals when the keys need them).

    Each row carries the enterprise's platform columns and, for each stored key wanted, that key's
    winning value out of its FactSheet; nothing else is read or parsed. Platform values are built once
    per distinct (industry, size class, credit tier, region) and stored values once per distinct text."""
    cat = catalogue()
    wanted = set(cat) if keys is None else set(keys) & set(cat)
    platform_keys = {k for k in wanted if cat[k].platform}
    stored = sorted(wanted - platform_keys)
    regions = _region_names() if platform_keys & {"region", "regions"} else {}
    entries = {f"sheet_{i}": SheetEntry(key) for i, key in enumerate(stored)}
    query = enterprises if enterprises.query.is_sliced else enterprises.order_by()
    rows = query.annotate(**entries).values_list(
        "id", "industry", "size_class", "credit_tier", "region_id", *entries
    )
    converters: list[tuple[str, FactSpec, dict[str, object]]] = [(k, cat[k].spec, {}) for k in stored]
    platform: dict[tuple[Any, ...], dict[str, Value]] = {}
    out: dict[int, dict[str, Value]] = {}
    for row in rows.iterator(chunk_size=10_000):
        columns = row[1:5]
        base = platform.get(columns)
        if base is None:
            base = platform[columns] = _platform_values(columns, regions, platform_keys)
        facts = dict(base)
        for (key, spec, seen), text in zip(converters, row[5:], strict=True):
            if text is None:
                continue
            value = seen.get(text, _UNSET)
            if value is _UNSET:
                value = seen[text] = _sheet_value(spec, text)
            if value is not _UNREADABLE:
                facts[key] = value  # type: ignore[assignment]
        out[row[0]] = facts
    if "open_appeals" in platform_keys:
        counts = _open_appeals(enterprises)
        zero = Decimal(0)
        for eid, facts in out.items():
            facts["open_appeals"] = counts.get(eid, zero)
    return out
