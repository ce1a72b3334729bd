"""The pure draw: golden vectors, the documented stream and rounding, errors, and properties."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.inspections.draw_inputs import small_input
from yingshang.inspections.draw import (
    DrawInput,
    DrawInputError,
    Inspector,
    Item,
    Parameters,
    Recusal,
    Target,
    build_file,
    input_from_file,
    quota,
    run_draw,
    verify_file,
)
from yingshang.inspections.draw.stream import RandomStream

VECTORS = Path(__file__).parent / "vectors"
SEED = "03 07 12 19 25 31 + 09"


def test_golden_vector_verifies_and_is_reproduced() -> None:
    document = json.loads((VECTORS / "joint_plan.json").read_text("utf-8"))
    checks = verify_file(document)
    assert [c.name for c in checks if not c.ok] == []
    # The inputs built in code give the same commitments and the same list as the stored file.
    result = run_draw(small_input(), seed=document["seed"])
    assert result.commitments.as_dict() == document["commitments"]
    assert result.result_hash == document["result"]["sha256"]
    assert result.result_hash == "ea8d5ab4b616c22017309f312f5b663bcf10caf6569d6cd9e930a2c4dd28ec64"


def test_golden_vector_detects_a_changed_input() -> None:
    document = json.loads((VECTORS / "joint_plan.json").read_text("utf-8"))
    document["inputs"]["targets"][5][1] = "D"  # one enterprise's tier changed after the commitment
    failed = {c.name for c in verify_file(document) if not c.ok}
    assert {"target_pool", "combined"} <= failed


def test_changed_seed_changes_the_result_but_not_the_commitments() -> None:
    a = run_draw(small_input(), seed=SEED)
    b = run_draw(small_input(), seed=SEED + " ")
    assert a.commitments == b.commitments
    assert a.result_hash != b.result_hash


def test_stream_is_hmac_sha256_counter_mode_as_documented() -> None:
    stream = RandomStream(seed="种子", commitment="ab" * 32)
    block0 = hmac.new("种子".encode(), ("ab" * 32 + ":0").encode(), hashlib.sha256).digest()
    block1 = hmac.new("种子".encode(), ("ab" * 32 + ":1").encode(), hashlib.sha256).digest()
    words = [int.from_bytes(b[i : i + 8], "big") for b in (block0, block1) for i in (0, 8, 16, 24)]
    assert [stream.next_u64() for _ in range(8)] == words


@pytest.mark.parametrize(
    ("n", "rate", "expected"),
    [
        (100, 300, 3),
        (50, 300, 2),
        (49, 300, 1),
        (10, 300, 1),
        (0, 300, 0),
        (10, 0, 0),
        (7, 10000, 7),
        (150, 500, 8),
    ],
)
def test_quota_rounds_half_up_with_at_least_one(n: int, rate: int, expected: int) -> None:
    assert quota(n, rate) == expected


def _error(data: DrawInput, seed: str = SEED) -> DrawInputError:
    with pytest.raises(DrawInputError) as info:
        run_draw(data, seed=seed)
    return info.value


def test_duplicate_enterprise_in_pool_is_refused() -> None:
    data = small_input()
    data = replace(data, targets=data.targets + (data.targets[3],))
    assert _error(data).code == "duplicate_target"


def test_unqualified_inspector_is_refused() -> None:
    data = small_input()
    bad = Inspector(id="SC999", department="U1", qualifications=("SC-01",))
    err = _error(replace(data, inspectors=data.inspectors + (bad,)))
    assert err.code == "unqualified_inspector"
    assert "SC-02" in err.message


def test_rate_over_100_percent_is_refused() -> None:
    data = small_input()
    params = replace(data.parameters, rates={**data.parameters.rates, "D": 10001})
    assert _error(replace(data, parameters=params)).code == "rate_out_of_range"


def test_pool_empty_after_cap_is_refused() -> None:
    data = small_input()
    data = replace(data, targets=tuple(replace(t, capped=True) for t in data.targets))
    err = _error(data)
    assert err.code == "empty_pool"


def test_pool_empty_after_recusal_is_refused() -> None:
    data = small_input()
    targets = data.targets[:1]
    recusals = tuple(Recusal(f"HB{n:03d}", targets[0].id, "declared") for n in range(3))
    assert _error(replace(data, targets=targets, recusals=recusals)).code == "empty_pool"


def test_special_and_key_plans_ignore_the_yearly_cap() -> None:
    ordinary = run_draw(small_input(), seed=SEED)
    assert ordinary.excluded_by_cap == 29
    assert run_draw(small_input(special=True), seed=SEED).excluded_by_cap == 0
    assert run_draw(small_input(key=True), seed=SEED).excluded_by_cap == 0


def test_empty_seed_is_refused() -> None:
    assert _error(small_input(), seed="  ").code == "seed_missing"


def test_file_round_trip_keeps_inputs() -> None:
    data = small_input()
    document = build_file(data, run_draw(data, seed=SEED))
    again = input_from_file(json.loads(json.dumps(document)))
    assert run_draw(again, seed=SEED).result_hash == document["result"]["sha256"]


# -- properties over random pools ----------------------------------------------------------------

pools = st.lists(st.tuples(st.sampled_from("ABCD"), st.booleans()), min_size=1, max_size=120)
rates = st.fixed_dictionaries({t: st.integers(0, 10000) for t in "ABCD"})


@st.composite
def draw_inputs(draw: st.DrawFn) -> DrawInput:
    rows = draw(pools)
    targets = tuple(Target(id=f"T{n:04d}", tier=tier, capped=capped) for n, (tier, capped) in enumerate(rows))
    n_a = draw(st.integers(2, 6))
    n_b = draw(st.integers(2, 5))
    inspectors = tuple(Inspector(f"A{n}", "DA", ("IA",)) for n in range(n_a)) + tuple(
        Inspector(f"B{n}", "DB", ("IB",)) for n in range(n_b)
    )
    joint = draw(st.booleans())
    items = (Item("IA", "DA"), Item("IB", "DB")) if joint else (Item("IA", "DA"),)
    if not joint:
        inspectors = inspectors[:n_a]
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from([i.id for i in inspectors]), st.sampled_from([t.id for t in targets])),
            max_size=40,
        )
    )
    recusals = tuple(Recusal(i, t, "declared") for i, t in pairs)
    params = Parameters(rates=draw(rates), items=items, special=draw(st.booleans()))
    return DrawInput(targets, inspectors, recusals, params, seed_source="test")


@settings(max_examples=150, deadline=None)
@given(data=draw_inputs(), seed=st.text(min_size=1, max_size=20).filter(str.strip))
def test_draw_respects_rates_cap_and_recusal(data: DrawInput, seed: str) -> None:
    try:
        result = run_draw(data, seed=seed)
    except DrawInputError as exc:
        assert exc.code == "empty_pool"
        return
    tier_of = {t.id: t.tier for t in data.targets}
    capped = {t.id for t in data.targets if t.capped}
    barred = {(r.inspector, r.target) for r in data.recusals}
    department = {i.id: i.department for i in data.inspectors}
    chosen = [a.target for a in result.assignments]
    assert len(chosen) == len(set(chosen))
    for tier in "ABCD":
        drawn = sum(1 for t in chosen if tier_of[t] == tier)
        assert drawn == quota(result.eligible[tier], data.parameters.rates[tier])
    if data.parameters.cap_applies:
        assert not capped & set(chosen)
    for a in result.assignments:
        assert len(a.inspectors) == len(set(a.inspectors))
        for dep in data.parameters.departments:
            assert sum(1 for i in a.inspectors if department[i] == dep) == 2
        assert not any((i, a.target) in barred for i in a.inspectors)
    assert run_draw(data, seed=seed).result_hash == result.result_hash


@settings(max_examples=50, deadline=None)
@given(data=draw_inputs())
def test_load_is_balanced_without_recusal(data: DrawInput) -> None:
    data = replace(data, recusals=())
    try:
        result = run_draw(data, seed="balance")
    except DrawInputError:
        return
    load: dict[str, int] = {i.id: 0 for i in data.inspectors}
    for a in result.assignments:
        for i in a.inspectors:
            load[i] += 1
    for dep in data.parameters.departments:
        counts = [n for i, n in load.items() if i.startswith(dep[1])]
        assert max(counts) - min(counts) <= 1
