"""Canonical bytes of every input, and their SHA-256 commitments.

Each input is turned into JSON with sorted keys, no spaces, UTF-8 (not \\u escapes), lists in a fixed order;
the commitment is the lower-case hex SHA-256 of those bytes. docs/inspections.md gives the exact shapes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from .model import ALGORITHM_VERSION, Assignment, Commitments, Inspector, Parameters, Recusal, Target


def canonical_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def targets_value(targets: Iterable[Target]) -> list[list[Any]]:
    """[[id, tier, capped 0/1], …] sorted by id."""
    rows = [[t.id, t.tier, 1 if t.capped else 0] for t in targets]
    rows.sort(key=itemgetter(0))
    return rows


def inspectors_value(inspectors: Iterable[Inspector]) -> list[list[Any]]:
    """[[id, department, [qualification, …] sorted], …] sorted by id."""
    return sorted(
        ([i.id, i.department, sorted(set(i.qualifications))] for i in inspectors), key=itemgetter(0)
    )


def recusals_value(recusals: Iterable[Recusal]) -> list[list[str]]:
    """[[inspector, target, reason], …] sorted, duplicates removed."""
    return [list(row) for row in sorted({(r.inspector, r.target, r.reason) for r in recusals})]


def parameters_value(parameters: Parameters) -> dict[str, Any]:
    return {
        "algorithm": ALGORITHM_VERSION,
        "inspectors_per_department": parameters.inspectors_per_department,
        "items": sorted([item.code, item.department, 1 if item.key else 0] for item in parameters.items),
        "rates": {tier: parameters.rates[tier] for tier in sorted(parameters.rates)},
        "special": 1 if parameters.special else 0,
    }


def assignments_value(assignments: Iterable[Assignment]) -> list[list[Any]]:
    """[[target, tier, [inspector, …]], …] in draw order (not sorted: the order is part of the result)."""
    return [[a.target, a.tier, list(a.inspectors)] for a in assignments]


def commit(
    *,
    targets: Iterable[Target],
    inspectors: Iterable[Inspector],
    recusals: Iterable[Recusal],
    parameters: Parameters,
    seed_source: str,
) -> Commitments:
    return commit_values(
        targets=targets_value(targets),
        inspectors=inspectors_value(inspectors),
        recusals=recusals_value(recusals),
        parameters=parameters_value(parameters),
        seed_source=seed_source,
    )


def commit_values(
    *,
    targets: list[list[Any]],
    inspectors: list[list[Any]],
    recusals: list[list[str]],
    parameters: dict[str, Any],
    seed_source: str,
) -> Commitments:
    """Commitments from inputs already in canonical form (what the draw file holds)."""
    parts = {
        "target_pool": sha256_hex(canonical_bytes(targets)),
        "inspector_pool": sha256_hex(canonical_bytes(inspectors)),
        "recusals": sha256_hex(canonical_bytes(recusals)),
        "parameters": sha256_hex(canonical_bytes(parameters)),
        "algorithm": ALGORITHM_VERSION,
        "seed_source": seed_source,
    }
    combined = sha256_hex(canonical_bytes(parts))
    return Commitments(combined=combined, **parts)


def result_hash(assignments: Iterable[Assignment]) -> str:
    return sha256_hex(canonical_bytes(assignments_value(assignments)))
