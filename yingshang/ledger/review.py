"""The review payload: the parse of a document with each unit name resolved against the directory.

Stored on ``Document.review`` while the document is a draft; the office fixes names and deadlines in
it, and publishing turns it into tasks. Names are keyed by "region prefix|name as written" so one
choice fixes every measure that writes the name the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import policyparse
from yingshang.core.models import Region, Unit
from yingshang.core.unit_directory import directory_for
from yingshang.ledger.clock import rule_for

OK_STATUSES = ("exact", "alias", "prefix", "fuzzy")
IGNORE = "ignore"


def name_key(unit: policyparse.Unit) -> str:
    return f"{unit.region or ''}|{unit.name}"


def ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def build_review(ledger: policyparse.Ledger, *, units: list[Unit], regions: list[Region]) -> dict[str, Any]:
    directory = directory_for(units, regions)
    unit_names = {u.pk: u.name for u in units}
    leaves = {m.path for m in ledger.leaves}
    names: dict[str, dict[str, Any]] = {}
    measures = []
    for m in ledger.measures:
        lead_keys, coop_keys = [], []
        for role_keys, group in (
            (lead_keys, m.lead_units),
            (coop_keys, m.cooperating_units + m.implied_units),
        ):
            for u in group:
                key = name_key(u)
                if key not in names:
                    res = directory.resolve(u.name, region_prefix=u.region or "")
                    names[key] = {
                        "text": u.name,
                        "region_prefix": u.region or "",
                        "status": res.status,
                        "unit_id": res.unit_id if res.status in OK_STATUSES else None,
                        "unit_name": unit_names.get(res.unit_id, "") if res.unit_id else "",
                        "candidates": [
                            {"id": c.id, "name": c.name, "score": c.score} for c in res.candidates
                        ],
                        # Collective references (旗直相关部门) name no single unit: the office is asked
                        # whether to ignore it or to pick a unit; nothing is decided for it.
                        "choice": None,
                        "collective": res.reason == "collective",
                        "span": list(u.span),
                    }
                if key not in role_keys and key not in lead_keys:
                    role_keys.append(key)
        dues = [d for d in m.deadlines if d.due]
        last = max(dues, key=lambda d: d.due) if dues else None  # type: ignore[arg-type,return-value]
        is_leaf = m.path in leaves
        measures.append(
            {
                "path": m.path,
                "title": (m.title or m.text[:60]).strip()[:300],
                "text": m.text,
                "span": list(m.span),
                "is_leaf": is_leaf,
                # Every measure is meant to be done: one with no unit named is still proposed, and
                # publishing stops on it until the clerk assigns a unit or leaves it out on purpose.
                "include": is_leaf,
                "lead": lead_keys,
                "cooperating": coop_keys,
                "deadlines": [d.to_dict(spans=True) for d in m.deadlines],
                "due": last.due.isoformat() if last and last.due else None,
                "due_estimated": bool(last and last.estimated),
                "targets": [t.to_dict() for t in m.targets],
                "recurrences": [r.freq for r in m.recurrences],
                "indicators": [i.name for i in m.indicators],
                "reporting_rule": rule_for([r.freq for r in m.recurrences]),
            }
        )
    # text the parser read into no measure, so the office sees what was left out
    warnings = [i.to_dict() for i in ledger.ignored]
    return {"measures": measures, "names": names, "warnings": warnings}


def effective_unit(entry: dict[str, Any]) -> int | None:
    """The unit a name stands for after review; None when ignored or still open."""
    choice = entry.get("choice")
    if choice == IGNORE:
        return None
    if isinstance(choice, int):
        return choice
    return entry.get("unit_id")


def is_settled(entry: dict[str, Any]) -> bool:
    return entry.get("choice") == IGNORE or effective_unit(entry) is not None


def included(review: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in review["measures"] if m["include"]]


def open_names(review: dict[str, Any]) -> list[str]:
    """Names used by included measures that still stand for no unit (what blocks publishing)."""
    used: list[str] = []
    for m in included(review):
        for key in m["lead"] + m["cooperating"]:
            if key not in used:
                used.append(key)
    return [review["names"][k]["text"] for k in used if not is_settled(review["names"][k])]


def units_of(review: dict[str, Any], measure: dict[str, Any]) -> tuple[list[int], list[int]]:
    """(lead unit ids, cooperating unit ids) of a measure, lead first and no unit twice."""
    names = review["names"]
    leads = [u for k in measure["lead"] if (u := effective_unit(names[k])) is not None]
    coops = [u for k in measure["cooperating"] if (u := effective_unit(names[k])) is not None]
    if measure.get("lead_override"):
        leads = [measure["lead_override"]] + [u for u in leads if u != measure["lead_override"]]
    if not leads and coops:
        # A measure naming only 责任单位 is owned by the first of them.
        leads, coops = coops[:1], coops[1:]
    leads = list(dict.fromkeys(leads))
    coops = [u for u in dict.fromkeys(coops) if u not in leads]
    return leads, coops


def due_of(measure: dict[str, Any]) -> date | None:
    return date.fromisoformat(measure["due"]) if measure.get("due") else None
