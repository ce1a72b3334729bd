"""Ranking within a group and the 红黑榜 rules, as a pure function so every rule has a direct test."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Entry:
    unit_id: int
    total: Decimal | None
    sample: int
    met_all_targets: bool


@dataclass(frozen=True)
class Placing:
    is_ranked: bool
    rank: int | None
    flag: str  # "red" / "black" / ""
    reason: str = ""


NO_DATA = "无数据"
LABELS = {"red": "红榜", "black": "黑榜"}
# The rule for ties, shown on the scheme page and the public list.
TIE_RULE = "名额边界上得分并列的单位全部列入（红榜、黑榜同此规则），不以其他因素区分先后"


def rank_group(
    entries: list[Entry], *, red_count: int, black_count: int, min_sample: int
) -> dict[int, Placing]:
    """Competition ranking (1, 1, 3) by total; top `red_count` red, bottom `black_count` black.

    Ties at a list's boundary (TIE_RULE): every unit tied with the last one admitted is listed too, so
    a list may hold more units than its count; nobody is left out by an arbitrary order.
    Exemptions: a unit without a score (no data) or below `min_sample` data points is not ranked at
    all; a unit that met every target is never black; a red unit is never also black (small groups).
    """
    out: dict[int, Placing] = {}
    ranked: list[Entry] = []
    for e in entries:
        if e.total is None:
            out[e.unit_id] = Placing(False, None, "", NO_DATA)
        elif e.sample < min_sample:
            out[e.unit_id] = Placing(False, None, "", f"数据量 {e.sample} 少于 {min_sample}，不参与排名")
        else:
            ranked.append(e)
    ranked.sort(key=lambda e: (-(e.total or 0), e.unit_id))
    ranks: dict[int, int] = {}
    for i, e in enumerate(ranked):
        prev = ranked[i - 1] if i else None
        ranks[e.unit_id] = ranks[prev.unit_id] if prev is not None and prev.total == e.total else i + 1
    # Competition ranks already keep ties together: rank ≤ count admits every unit tied at the boundary.
    red = {e.unit_id for e in ranked if ranks[e.unit_id] <= red_count} if red_count else set()
    eligible = [e for e in reversed(ranked) if e.unit_id not in red and not e.met_all_targets]
    black: set[int] = set()
    if black_count and eligible:
        boundary = eligible[min(black_count, len(eligible)) - 1].total
        black = {
            e.unit_id
            for e in eligible
            if e.total is not None and boundary is not None and e.total <= boundary
        }
    for flag, members, count in (("red", red, red_count), ("black", black, black_count)):
        if len(members) > count:
            tied = {e.total for e in ranked if e.unit_id in members}
            boundary_total = min(tied) if flag == "red" else max(tied)
            for e in ranked:
                if e.unit_id in members and e.total == boundary_total:
                    out[e.unit_id] = Placing(
                        True, ranks[e.unit_id], flag, f"名额边界并列，同列{LABELS[flag]}"
                    )
    for e in ranked:
        if e.unit_id in out:
            continue
        flag = "red" if e.unit_id in red else "black" if e.unit_id in black else ""
        reason = (
            "完成全部目标，免列黑榜"
            if e.met_all_targets and not flag and black_count and e in ranked[-black_count:]
            else ""
        )
        out[e.unit_id] = Placing(True, ranks[e.unit_id], flag, reason)
    return out
