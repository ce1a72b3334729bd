"""The OCR engine comparison behind docs/decisions/0006-ocr-engine.md: tesseract (chi_sim) and
rapidocr-onnxruntime on the same rendered pages, raw engines without the parser's preprocessing.

usage: python bench/ocr_engines.py tesseract|rapidocr

Pages: the first three pages of three corpus documents (003, s03, s09), rendered by
tests/policyparse/scans.py with a seal, a slight rotation or noise in turn. Character accuracy is
1 - Levenshtein distance / length against the rendered text, whitespace and dashes left out.
rapidocr-onnxruntime is not a dependency: install it in a scratch venv to run its half.
"""

from __future__ import annotations

import io
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from tests.policyparse.scans import paginate, render_page  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DOCS = [CORPUS / "docs" / "003_ed2b5bff92c91052.txt"] + [
    CORPUS / "styles" / "docs" / n for n in ("s03_table_tabs_list.txt", "s09_stray_spaces_halfwidth.txt")
]
SQUEEZE = re.compile(r"[\s—\-]")


def pages() -> list[tuple[object, str, int]]:
    out = []
    for doc in DOCS:
        for i, lines in enumerate(paginate(doc.read_text("utf-8"))[:3]):
            kind = i % 3
            img = render_page(
                lines,
                number=i + 1,
                stamp=kind == 0,
                rotate=0.8 if kind == 1 else 0,
                noise=0.004 if kind == 2 else 0,
            )
            out.append((img, "".join(lines) + str(i + 1), kind))
    return out


def tesseract(img: object) -> str:
    buf = io.BytesIO()
    img.save(buf, "PNG")  # type: ignore[attr-defined]
    run = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "6"],
        input=buf.getvalue(),
        capture_output=True,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin"},
        check=True,
    )
    return run.stdout.decode()


def rapidocr() -> object:
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-not-found]

    engine = RapidOCR()
    return lambda img: "".join(t for _, t, _ in (engine(np.asarray(img))[0] or []))


def cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def main(name: str) -> None:
    run = tesseract if name == "tesseract" else rapidocr()
    todo = pages()
    accuracy: dict[int, list[float]] = {0: [], 1: [], 2: []}
    t0, c0 = time.time(), cpu()
    for img, truth, kind in todo:
        got, want = SQUEEZE.sub("", run(img)), SQUEEZE.sub("", truth)  # type: ignore[operator]
        accuracy[kind].append(1 - Levenshtein.distance(got, want) / max(len(want), 1))
    wall, used = time.time() - t0, cpu() - c0
    print(
        json.dumps(
            {
                "engine": name,
                "pages": len(todo),
                "wall_s_per_page": round(wall / len(todo), 2),
                "cpu_s_per_page": round(used / len(todo), 2),
                "accuracy_seal": round(sum(accuracy[0]) / len(accuracy[0]), 4),
                "accuracy_rotated": round(sum(accuracy[1]) / len(accuracy[1]), 4),
                "accuracy_noise": round(sum(accuracy[2]) / len(accuracy[2]), 4),
                "accuracy_all": round(sum(sum(v) for v in accuracy.values()) / len(todo), 4),
                "peak_rss_mb": round(
                    max(
                        resource.getrusage(r).ru_maxrss
                        for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                    )
                    / 1024
                ),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tesseract")
