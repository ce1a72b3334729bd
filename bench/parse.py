"""Parser throughput: the corpus parsed repeatedly in one process, then one large text.

usage: python bench/parse.py [--rounds N] [--big-mb MB] [--corpus DIR]

Prints characters per second over the corpus, peak memory (tracemalloc for the parser's own
allocations, ru_maxrss for the process), and the time and rate for a ~10 MB text built by
concatenating varied copies of the corpus, with a 1 MB run beside it to show the growth is linear.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policyparse import parse  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "docs"


def load_corpus(folder: Path) -> list[str]:
    docs = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]
    if not docs:
        raise SystemExit(f"no corpus documents in {folder}")
    return docs


def big_text(docs: list[str], target_bytes: int) -> str:
    """Corpus-like text of about ``target_bytes`` UTF-8 bytes: copies with varied years and numbers."""
    parts: list[str] = []
    size = 0
    k = 0
    while size < target_bytes:
        doc = docs[k % len(docs)]
        shift = k % 7
        varied = doc.replace("2021年", f"{2021 + shift}年").replace(
            "个工作日", "个工作日" if k % 2 else "个工作日以内"
        )
        varied = varied.replace("一、", f"{'一二三四五六七八九'[k % 9]}、", 1)
        # each copy is an annex of one long document, so every copy's nodes are parsed
        parts.append(f"附件{k + 1}\n{varied}" if k else varied)
        size += len(varied.encode("utf-8"))
        k += 1
    return "\n".join(parts)


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def timed(text: str) -> float:
    gc.collect()
    t0 = time.perf_counter()
    parse(text)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--big-mb", type=float, default=10.0)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()

    docs = load_corpus(args.corpus)
    chars = sum(len(d) for d in docs)
    for d in docs:  # warm up: lexicons and compiled patterns
        parse(d)
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(args.rounds):
        for d in docs:
            parse(d)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    rate = chars * args.rounds / elapsed
    print(f"corpus: {len(docs)} docs, {chars:,} chars x {args.rounds} rounds in {elapsed:.2f}s")
    print(f"corpus throughput: {rate:,.0f} chars/s")
    # CPU time is what the parser costs; on shared cores the wall-clock rate also measures the others' load
    print(
        f"corpus throughput per CPU second: {chars * args.rounds / cpu:,.0f} chars/s (load average {_load()})"
    )

    tracemalloc.start()
    for d in docs:
        parse(d)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory per corpus pass: {peak / 1e6:.1f} MB")

    small = big_text(docs, 1_000_000)
    big = big_text(docs, int(args.big_mb * 1_000_000))
    t_small = timed(small)
    t_big = timed(big)
    big_bytes = len(big.encode("utf-8"))
    print(f"1 MB text: {len(small):,} chars in {t_small:.2f}s ({len(small) / t_small:,.0f} chars/s)")
    print(
        f"{big_bytes / 1e6:.1f} MB text: {len(big):,} chars in {t_big:.2f}s ({len(big) / t_big:,.0f} chars/s); "
        f"time ratio {t_big / t_small:.1f} for size ratio {len(big) / len(small):.1f}"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS (whole process, incl. the large text): {rss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
