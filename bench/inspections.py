"""Draw timings: a 双随机 draw over a large target pool with tiers, the yearly cap and recusal, and its
verification from the published file.

usage: python bench/inspections.py [--targets N] [--inspectors M] [--recusals R]

Pure Python, no database: the draw is yingshang.inspections.draw. Goal for N = 1,000,000: the draw
(commitments included) < 10 s, and the verification of its published file < 10 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from yingshang.inspections.draw import (
    DrawInput,
    Inspector,
    Item,
    Parameters,
    Recusal,
    Target,
    build_file,
    dump_file,
    run_draw,
    verify_file,
)

TIER_WEIGHTS = {"A": 30, "B": 45, "C": 18, "D": 7}


def build(n: int, m: int, r: int) -> DrawInput:
    rnd = random.Random(18)
    tiers = rnd.choices(list(TIER_WEIGHTS), weights=list(TIER_WEIGHTS.values()), k=n)
    targets = tuple(
        Target(id=f"9115{i:014d}", tier=tier, capped=rnd.random() < 0.08) for i, tier in enumerate(tiers)
    )
    inspectors = tuple(Inspector(f"SC{j:05d}", "U1", ("SC-01", "SC-02")) for j in range(m)) + tuple(
        Inspector(f"HB{j:05d}", "U2", ("HB-01",)) for j in range(m)
    )
    pairs = {(rnd.choice(inspectors).id, f"9115{rnd.randrange(n):014d}") for _ in range(r)}
    recusals = tuple(Recusal(i, t, rnd.choice(("conflict", "declared", "previous"))) for i, t in pairs)
    params = Parameters(
        rates={"A": 300, "B": 500, "C": 1000, "D": 2000},
        items=(Item("SC-01", "U1"), Item("SC-02", "U1"), Item("HB-01", "U2")),
    )
    return DrawInput(targets, inspectors, recusals, params, seed_source="bench")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", type=int, default=1_000_000)
    parser.add_argument("--inspectors", type=int, default=400, help="per department (two departments)")
    parser.add_argument("--recusals", type=int, default=50_000)
    args = parser.parse_args()

    clock = time.perf_counter
    t0 = clock()
    data = build(args.targets, args.inspectors, args.recusals)
    t1, c1 = clock(), time.process_time()
    result = run_draw(data, seed="03 07 12 19 25 31 + 09")
    t2, c2 = clock(), time.process_time()
    blob = dump_file(build_file(data, result))
    t3, c3 = clock(), time.process_time()
    checks = verify_file(json.loads(blob))
    t4, c4 = clock(), time.process_time()
    assert all(c.ok for c in checks), [c.name for c in checks if not c.ok]
    print(f"targets {args.targets:,}  inspectors {2 * args.inspectors}  recusal pairs {len(data.recusals):,}")
    print(
        f"drawn {len(result.assignments):,}  capped out {result.excluded_by_cap:,}  eligible {result.eligible}"
    )
    print(f"build inputs (not timed as draw)  {t1 - t0:6.2f} s")
    print("                                   wall     CPU")
    print(f"draw incl. commitments            {t2 - t1:6.2f} s {c2 - c1:6.2f} s  (goal < 10 s)")
    print(f"write draw file ({len(blob) / 1e6:.1f} MB)         {t3 - t2:6.2f} s {c3 - c2:6.2f} s")
    print(f"verify from file (parse + redraw) {t4 - t3:6.2f} s {c4 - c3:6.2f} s  (goal < 10 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
