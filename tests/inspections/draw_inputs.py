"""Small draw inputs built in code, shared by the pure draw tests and the vector generator."""

from __future__ import annotations

from yingshang.inspections.draw import DrawInput, Inspector, Item, Parameters, Recusal, Target

RATES = {"A": 300, "B": 500, "C": 1000, "D": 2000}


def small_input(*, special: bool = False, key: bool = False) -> DrawInput:
    tiers = "AABBBBCCDD"
    targets = tuple(
        Target(id=f"91150525MA{n:08d}", tier=tiers[n % 10], capped=n % 7 == 0) for n in range(200)
    )
    inspectors = tuple(
        Inspector(id=f"SC{n:03d}", department="U1", qualifications=("SC-01", "SC-02")) for n in range(6)
    ) + tuple(Inspector(id=f"HB{n:03d}", department="U2", qualifications=("HB-01",)) for n in range(4))
    recusals = (
        Recusal(inspector="SC000", target="91150525MA00000001", reason="conflict"),
        Recusal(inspector="SC001", target="91150525MA00000001", reason="declared"),
        Recusal(inspector="HB000", target="91150525MA00000003", reason="previous"),
    )
    params = Parameters(
        rates=dict(RATES),
        items=(Item("SC-01", "U1", key), Item("SC-02", "U1"), Item("HB-01", "U2")),
        special=special,
    )
    return DrawInput(
        targets, inspectors, recusals, params, seed_source="2026年12月5日中国福利彩票双色球开奖号码"
    )
