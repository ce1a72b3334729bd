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


def rank_group(
    entries: list[Entry], *, red_count: int, black_count: int, min_sample: int
) -> dict[int, Placing]:
    """Competition ranking (1, 1, 3) by total; top `red_count` red, bottom `black_count` black.

    Exemptions: a unit below `min_sample` data points or without a score is not ranked at all; a unit
    that met every target is never black; a red unit is never also black (small groups).
    """
    out: dict[int, Placing] = {}
    ranked: list[Entry] = []
    for e in entries:
        if e.total is None:
            out[e.unit_id] = Placing(False, None, "", "本期无可计分数据")
        elif e.sample < min_sample:
            out[e.unit_id] = Placing(False, None, "", f"数据量 {e.sample} 少于 {min_sample}，不参与排名")
        else:
            ranked.append(e)
    ranked.sort(key=lambda e: (-(e.total or 0), e.unit_id))
    ranks: dict[int, int] = {}
    for i, e in enumerate(ranked):
        prev = ranked[i - 1] if i else None
        ranks[e.unit_id] = ranks[prev.unit_id] if prev is not None and prev.total == e.total else i + 1
    red = {e.unit_id for e in ranked if ranks[e.unit_id] <= red_count} if red_count else set()
    black: set[int] = set()
    for e in reversed(ranked):
        if len(black) >= black_count:
            break
        if e.unit_id in red or e.met_all_targets:
            continue
        black.add(e.unit_id)
    for e in ranked:
        flag = "red" if e.unit_id in red else "black" if e.unit_id in black else ""
        reason = (
            "完成全部目标，免列黑榜"
            if e.met_all_targets and not flag and black_count and e in ranked[-black_count:]
            else ""
        )
        out[e.unit_id] = Placing(True, ranks[e.unit_id], flag, reason)
    return out
