"""OCR throughput and scanned-PDF ledger quality.

usage: python bench/ocr.py speed [--pages 10]
       python bench/ocr.py score [--out DIR] [--limit N] [--set corpus|styles] [--reuse]
       python bench/ocr.py report [--out DIR]
       python bench/ocr.py holdout

`speed`: a --pages page scanned PDF (stamps, rotation and noise in turn) read through `read_document`:
seconds per page (wall clock and CPU, OCR processes included), peak RSS of this process and of the OCR
processes, and the load average (the 2-core machine is shared).

`holdout`: the documents of bench/holdout/ (written for this check, never used to tune the OCR repairs)
rendered, OCR'd and parsed the same way; with no gold for them, the text version's ledger is the reference,
so the figure is the scan's agreement with the text parse, per field.

`score`: every document of ../shared/corpus/docs and ../shared/corpus/styles/docs rendered to a scanned
PDF, read back by OCR and parsed; the ledger is scored with ../shared/corpus/score.py against the gold and
set beside the text version's score (micro over the set): the quality bar is the ratio of the two F1s.
What the engine read is kept in OUT/<set>/ocr/: `<name>.json` the OCR pages (each line's box, text,
confidence and unsure words) and `<name>.txt` the text the reader made of them. `--reuse` reads the kept
pages instead of OCRing again (layout, repair and parse run anew), so a parser change is scored in
seconds; a document not OCR'd yet is still read. Pages are OCR'd one at a time (one core).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policyparse import parse, read_document  # noqa: E402
from policyparse.layout import OcrLine, OcrPage, scan_text  # noqa: E402
from tests.policyparse.scans import render_pages, scanned_pdf  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
SETS = [(SHARED / "docs", SHARED / "gold"), (SHARED / "styles" / "docs", SHARED / "styles" / "gold")]


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def speed(pages: int) -> None:
    text = "\n".join(p.read_text("utf-8") for p in sorted((SHARED / "docs").glob("*.txt")))
    images = list(itertools.islice(render_pages(text), pages))
    with tempfile.TemporaryDirectory() as tmp:
        pdf = scanned_pdf(images, Path(tmp) / "scan.pdf")
        del images
        t0, c0 = time.perf_counter(), _cpu()
        source = read_document(pdf)
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
    print(f"pages: {pages}, characters read: {len(source.text)}")
    print(f"wall clock: {wall:.1f} s ({wall / pages:.2f} s/page, {pages / wall:.2f} pages/s)")
    print(f"CPU (this process + OCR processes): {cpu:.1f} s ({cpu / pages:.2f} s/page)")
    print(
        f"peak RSS: this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
        f"largest OCR process {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB"
    )
    print(f"load average: {os.getloadavg()[0]:.1f}")


def _dump_pages(pages: list[OcrPage]) -> str:
    return json.dumps(
        [
            {
                "number": p.number,
                "width": p.width,
                "height": p.height,
                "lines": [
                    [ln.page, list(ln.box), ln.text, ln.confidence, [list(r) for r in ln.low]]
                    for ln in p.lines
                ],
            }
            for p in pages
        ],
        ensure_ascii=False,
    )


def _load_pages(raw: str) -> list[OcrPage]:
    return [
        OcrPage(
            p["number"],
            p["width"],
            p["height"],
            tuple(
                OcrLine(page, (box[0], box[1], box[2], box[3]), text, conf, tuple((a, b) for a, b in low))
                for page, box, text, conf, low in p["lines"]
            ),
        )
        for p in json.loads(raw)
    ]


def score(out: Path, limit: int | None, reuse: bool = False, only: str | None = None) -> None:
    total_pages = ocr_pages = 0
    t0, c0 = time.perf_counter(), _cpu()
    for docs, _gold in SETS:
        if only and docs.parent.name != only:
            continue
        base = out / docs.parent.name
        for kind in ("text", "scan", "ocr"):
            (base / kind).mkdir(parents=True, exist_ok=True)
        for doc in sorted(docs.glob("*.txt"))[:limit]:
            text = doc.read_text("utf-8")
            name = doc.with_suffix(".json").name
            kept = base / "ocr" / name
            (base / "text" / name).write_text(parse(text).to_json(), "utf-8")
            if reuse and kept.exists():
                pages = _load_pages(kept.read_text("utf-8"))
                read = scan_text(pages).text
            else:
                images = list(render_pages(text))
                with tempfile.TemporaryDirectory() as tmp:
                    source = read_document(scanned_pdf(images, Path(tmp) / "scan.pdf"))
                assert source.scan is not None
                pages, read = source.scan.pages, source.text
                kept.write_text(_dump_pages(pages), "utf-8")
                ocr_pages += len(pages)
            (base / "ocr" / doc.name).write_text(read, "utf-8")
            total_pages += len(pages)
            (base / "scan" / name).write_text(parse(read, options=SCAN).to_json(), "utf-8")
            print(f"{doc.name}: {len(pages)} pages", flush=True)
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    print(
        f"{total_pages} pages ({ocr_pages} OCR'd) in {wall:.0f} s, CPU {cpu:.0f} s, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    report(out)


FIELDS = ("leaves", "units", "deadlines", "targets", "recurrences", "indicators")
HOLDOUT = ROOT / "bench" / "holdout"
SCAN = {"paragraphs": True}  # as the platform parses a scan: the layout decided its paragraphs


def holdout() -> None:
    sys.path.insert(0, str(SHARED))
    from score import compare  # the corpus scorer, beside the checkout

    total = {f: [0, 0, 0] for f in FIELDS}
    for doc in sorted(HOLDOUT.glob("*.txt")):
        text = doc.read_text("utf-8")
        reference = json.loads(parse(text).to_json())
        with tempfile.TemporaryDirectory() as tmp:
            read = read_document(scanned_pdf(list(render_pages(text)), Path(tmp) / "scan.pdf")).text
        counts, _, _ = compare(reference, json.loads(parse(read, options=SCAN).to_json()))
        print(doc.name, "  ".join(f"{f} {counts[f][0]}/{counts[f][2]}" for f in FIELDS[:4]), flush=True)
        for f in FIELDS:
            total[f] = [a + b for a, b in zip(total[f], counts[f], strict=True)]
    print("\nscan F1 against the text parse, micro:")
    for f in FIELDS:
        print(f"  {f:12} {_prf(dict(zip(('tp', 'got', 'gold'), total[f], strict=True)))['f1']:.3f}")


def report(out: Path) -> None:
    """Score the documents read so far (a run cut short still scores what it read), micro over each set
    and over both."""
    overall: dict[str, dict[str, dict[str, int]]] = {"text": {}, "scan": {}}
    for docs, gold in SETS:
        base = out / docs.parent.name
        done = sorted((base / "scan").glob("*.json")) if (base / "scan").exists() else []
        if not done:
            continue
        subset = base / "gold"
        shutil.rmtree(subset, ignore_errors=True)
        subset.mkdir()
        for parsed in done:
            shutil.copy(gold / parsed.name, subset / parsed.name)
        scores = {}
        for kind in ("text", "scan"):
            run = subprocess.run(
                [sys.executable, str(SHARED / "score.py"), "--dir", str(subset), str(base / kind), "--json"],
                capture_output=True,
                text=True,
                check=True,
            )
            scores[kind] = json.loads(run.stdout)
            for field in FIELDS:
                total = overall[kind].setdefault(field, {"tp": 0, "got": 0, "gold": 0})
                for k in total:
                    total[k] += int(scores[kind][field][k])
        _table(f"{docs.parent.name} ({len(done)} documents)", scores)
    if overall["scan"]:
        _table("both sets", {k: {f: _prf(c) for f, c in v.items()} for k, v in overall.items()})


def _prf(c: dict[str, int]) -> dict[str, float]:
    p = c["tp"] / c["got"] if c["got"] else float(not c["gold"])
    r = c["tp"] / c["gold"] if c["gold"] else float(not c["got"])
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0}


def _table(title: str, scores: dict[str, dict[str, object]]) -> None:
    print(f"\n{title}: field  text F1  scan F1  ratio")
    for field in FIELDS:
        t, s = _f1(scores["text"], field), _f1(scores["scan"], field)
        print(f"  {field:12} {t:.3f}  {s:.3f}  {s / t if t else 0:.3f}")


def _f1(result: dict[str, object], field: str) -> float:
    value = result.get(field)
    if isinstance(value, dict):
        return float(value.get("f1", 0.0))
    return 0.0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--pages", type=int, default=10)
    sc = sub.add_parser("score")
    sc.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "ocr-score")
    sc.add_argument("--limit", type=int, default=None, help="documents per set")
    sc.add_argument("--set", choices=[d.parent.name for d, _ in SETS], help="only this set")
    sc.add_argument("--reuse", action="store_true", help="parse the kept OCR pages instead of OCRing again")
    sub.add_parser("holdout", help="documents never used for tuning: scan against the text parse")
    rp = sub.add_parser("report", help="score what a (possibly cut-short) `score` run has read")
    rp.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "ocr-score")
    args = ap.parse_args()
    if args.cmd == "speed":
        speed(args.pages)
    elif args.cmd == "score":
        score(args.out, args.limit, args.reuse, args.set)
    elif args.cmd == "holdout":
        holdout()
    else:
        report(args.out)
