"""The draw: a deterministic function of the committed inputs and the public seed.

Stages (docs/inspections.md states each precisely enough to re-implement):
1. put the inputs in canonical form and validate them;
2. compute the commitments and open the random stream;
3. eligible targets: drop capped targets when the cap applies, and targets that cannot be staffed
   with `inspectors_per_department` non-recused inspectors of every department;
4. per tier A→D, draw quota(n, rate) targets by a partial Fisher–Yates shuffle;
5. assign inspectors per department from a shuffled round-robin queue, skipping recused ones.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .canonical import (
    commit_values,
    inspectors_value,
    parameters_value,
    recusals_value,
    result_hash,
    targets_value,
)
from .model import RATE_SCALE, TIERS, Assignment, DrawInput, DrawInputError, DrawResult
from .stream import RandomStream
from .validate import Rows, needed_qualifications, validate_rows


def quota(n: int, rate: int) -> int:
    """round(n × rate / 10 000), halves rounded up; at least one when both n and rate are positive."""
    q = (n * rate + RATE_SCALE // 2) // RATE_SCALE
    if q == 0 and n > 0 and rate > 0:
        q = 1
    return min(q, n)


def run_draw(data: DrawInput, *, seed: str) -> DrawResult:
    return draw_rows(
        targets=targets_value(data.targets),
        inspectors=inspectors_value(data.inspectors),
        recusals=recusals_value(data.recusals),
        parameters=parameters_value(data.parameters),
        seed_source=data.seed_source,
        seed=seed,
    )


def draw_rows(
    *,
    targets: Rows,
    inspectors: Rows,
    recusals: Rows,
    parameters: dict[str, Any],
    seed_source: str,
    seed: str,
) -> DrawResult:
    """The draw on inputs already in canonical form (as `run_draw` makes them, or as a draw file holds them)."""
    if not seed.strip():
        raise DrawInputError("seed_missing", "随机种子不能为空。", fields={"seed": "必填"})
    validate_rows(targets, inspectors, recusals, parameters)
    commitments = commit_values(
        targets=targets,
        inspectors=inspectors,
        recusals=recusals,
        parameters=parameters,
        seed_source=seed_source,
    )
    stream = RandomStream(seed=seed, commitment=commitments.combined)
    k: int = parameters["inspectors_per_department"]
    departments = tuple(sorted(needed_qualifications(parameters)))
    cap = not parameters["special"] and not any(key for _code, _dep, key in parameters["items"])

    by_department: dict[str, list[str]] = defaultdict(list)
    department_of: dict[str, str] = {}
    for inspector_id, department, _quals in inspectors:
        by_department[department].append(inspector_id)
        department_of[inspector_id] = department
    recused: dict[str, set[str]] = defaultdict(set)
    for inspector_id, target_id, _reason in recusals:
        recused[target_id].add(inspector_id)
    unstaffable = {
        target_id
        for target_id, barred in recused.items()
        if not _staffable(barred, by_department, department_of, departments, k)
    }

    eligible: dict[str, list[str]] = {tier: [] for tier in TIERS}
    excluded_cap = excluded_recusal = 0
    for target_id, tier, capped in targets:
        if cap and capped:
            excluded_cap += 1
        elif target_id in unstaffable:
            excluded_recusal += 1
        else:
            eligible[tier].append(target_id)
    if not any(eligible.values()):
        raise DrawInputError(
            "empty_pool",
            "排除年度已检查对象和回避后，检查对象库为空，无法抽取。",
            fields={"targets": f"年度上限排除{excluded_cap}个，回避排除{excluded_recusal}个"},
        )

    chosen: list[tuple[str, str]] = []
    for tier in TIERS:
        pool = eligible[tier]
        n = quota(len(pool), parameters["rates"][tier])
        for i in range(n):
            j = i + stream.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        chosen.extend((target_id, tier) for target_id in pool[:n])

    queues: dict[str, list[str]] = {d: [] for d in departments}
    empty: set[str] = set()
    assignments: list[Assignment] = []
    for target_id, tier in chosen:
        barred = recused.get(target_id, empty)
        picked: list[str] = []
        for department in departments:
            for _ in range(k):
                picked.append(_pick(queues[department], by_department[department], barred, picked, stream))
        assignments.append(Assignment(target=target_id, tier=tier, inspectors=tuple(picked)))

    return DrawResult(
        commitments=commitments,
        seed=seed,
        assignments=tuple(assignments),
        result_hash=result_hash(assignments),
        eligible={tier: len(eligible[tier]) for tier in TIERS},
        excluded_by_cap=excluded_cap,
        excluded_by_recusal=excluded_recusal,
    )


def _staffable(
    barred: set[str],
    by_department: dict[str, list[str]],
    department_of: dict[str, str],
    departments: tuple[str, ...],
    k: int,
) -> bool:
    lost: dict[str, int] = defaultdict(int)
    for inspector in barred:
        lost[department_of[inspector]] += 1
    return all(len(by_department[d]) - lost[d] >= k for d in departments)


def _pick(
    queue: list[str], members: list[str], barred: set[str], picked: list[str], stream: RandomStream
) -> str:
    """Take the first queued inspector neither recused nor already picked; when none, queue a new round."""
    for attempt in range(2):
        for index, inspector in enumerate(queue):
            if inspector not in barred and inspector not in picked:
                return queue.pop(index)
        if attempt == 0:
            round_ = list(members)
            stream.shuffle(round_)
            queue.extend(round_)
    raise AssertionError("unreachable: eligibility guarantees enough inspectors")  # pragma: no cover
