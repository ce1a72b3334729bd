"""The 红黑榜 rules, one per test, on the pure ranking function."""

from __future__ import annotations

from decimal import Decimal

from yingshang.assessment.ranking import Entry, rank_group


def E(uid: int, total: str | None, sample: int = 5, met_all: bool = False) -> Entry:
    return Entry(uid, None if total is None else Decimal(total), sample, met_all)


def test_top_red_bottom_black_with_shared_ranks() -> None:
    out = rank_group(
        [E(1, "90"), E(2, "80"), E(3, "80"), E(4, "60")], red_count=1, black_count=1, min_sample=1
    )
    assert [(out[u].rank, out[u].flag) for u in (1, 2, 3, 4)] == [(1, "red"), (2, ""), (2, ""), (4, "black")]


def test_a_unit_that_met_every_target_is_never_black() -> None:
    out = rank_group(
        [E(1, "90"), E(2, "80"), E(3, "70", met_all=True)], red_count=1, black_count=1, min_sample=1
    )
    assert out[3].flag == "" and "免列黑榜" in out[3].reason
    assert out[2].flag == "black"


def test_below_minimum_sample_is_not_ranked() -> None:
    out = rank_group([E(1, "90"), E(2, "10", sample=1)], red_count=1, black_count=1, min_sample=3)
    assert not out[2].is_ranked and out[2].rank is None and "少于 3" in out[2].reason
    assert out[1].flag == "red"


def test_no_score_is_not_ranked_and_small_group_is_never_both() -> None:
    out = rank_group([E(1, "90"), E(2, None)], red_count=3, black_count=1, min_sample=0)
    assert out[1].flag == "red" and not out[2].is_ranked


def test_zero_black_count_lists_nobody_black() -> None:
    out = rank_group([E(1, "90"), E(2, "10")], red_count=0, black_count=0, min_sample=0)
    assert {p.flag for p in out.values()} == {""} and all(p.reason == "" for p in out.values())
