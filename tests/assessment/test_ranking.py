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


def test_units_tied_at_the_black_boundary_are_all_listed() -> None:
    """The stated rule (TIE_RULE): a tie across a list's boundary lists every tied unit, red or black."""
    out = rank_group(
        [E(1, "90"), E(2, "80"), E(3, "60"), E(4, "60")], red_count=1, black_count=1, min_sample=1
    )
    assert [out[u].flag for u in (1, 2, 3, 4)] == ["red", "", "black", "black"]
    assert out[3].rank == out[4].rank == 3
    assert "并列" in out[3].reason and "并列" in out[4].reason


def test_units_tied_at_the_red_boundary_are_all_listed() -> None:
    out = rank_group(
        [E(1, "90"), E(2, "90"), E(3, "70"), E(4, "50")], red_count=1, black_count=1, min_sample=1
    )
    assert [out[u].flag for u in (1, 2, 3, 4)] == ["red", "red", "", "black"]
    assert "并列" in out[2].reason and out[4].reason == ""


def test_a_tie_does_not_make_black_out_of_an_exempt_unit() -> None:
    out = rank_group(
        [E(1, "90"), E(2, "60"), E(3, "60", met_all=True)], red_count=1, black_count=1, min_sample=1
    )
    assert out[2].flag == "black" and out[3].flag == "" and "免列黑榜" in out[3].reason


def test_a_unit_without_data_is_marked_and_never_ranked_even_without_a_minimum_sample() -> None:
    out = rank_group([E(1, "90"), E(2, None, sample=0)], red_count=1, black_count=1, min_sample=0)
    assert not out[2].is_ranked and out[2].rank is None and out[2].reason == "无数据"
    assert out[1].rank == 1
