"""The draw: a deterministic function of the committed inputs and the public seed.

Stages (docs/inspections.md states each precisely enough to re-implement):
1. validate the inputs;
2. compute the commitments and open the random stream;
3. eligible targets: drop capped targets when the cap applies, and targets that cannot be staffed
   with `inspectors_per_department` non-recused inspectors of every department;
4. per tier A→D, draw quota(n, rate) targets by a partial Fisher–Yates shuffle;
5. assign inspectors per department from a shuffled round-robin queue, skipping recused ones.
"""

from __future__ import annotations

from collections import defaultdict

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
from .validate import validate_input


def quota(n: int, rate: int) -> int:
    """round(n × rate / 10 000), halves rounded up; at least one when both n and rate are positive."""
    q = (n * rate + RATE_SCALE // 2) // RATE_SCALE
    if q == 0 and n > 0 and rate > 0:
        q = 1
    return min(q, n)


def run_draw(data: DrawInput, *, seed: str) -> DrawResult:
    if not seed.strip():
        raise DrawInputError("seed_missing", "随机种子不能为空。", fields={"seed": "必填"})
    validate_input(data)
    params = data.parameters
    target_rows = targets_value(data.targets)
    commitments = commit_values(
        targets=target_rows,
        inspectors=inspectors_value(data.inspectors),
        recusals=recusals_value(data.recusals),
        parameters=parameters_value(params),
        seed_source=data.seed_source,
    )
    stream = RandomStream(seed=seed, commitment=commitments.combined)
    k = params.inspectors_per_department
    departments = params.departments

    by_department: dict[str, list[str]] = defaultdict(list)
    department_of: dict[str, str] = {}
    for inspector in sorted(data.inspectors, key=lambda i: i.id):
        by_department[inspector.department].append(inspector.id)
        department_of[inspector.id] = inspector.department
    recused: dict[str, set[str]] = defaultdict(set)
    for r in data.recusals:
        recused[r.target].add(r.inspector)

    eligible: dict[str, list[str]] = {tier: [] for tier in TIERS}
    excluded_cap = excluded_recusal = 0
    cap = params.cap_applies
    for target_id, tier, capped in target_rows:
        if cap and capped:
            excluded_cap += 1
            continue
        barred = recused.get(target_id)
        if barred and not _staffable(barred, by_department, department_of, departments, k):
            excluded_recusal += 1
            continue
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
        n = quota(len(pool), params.rates[tier])
        for i in range(n):
            j = i + stream.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        chosen.extend((target_id, tier) for target_id in pool[:n])

    queues: dict[str, list[str]] = {d: [] for d in departments}
    assignments: list[Assignment] = []
    for target_id, tier in chosen:
        barred = recused.get(target_id, set())
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
