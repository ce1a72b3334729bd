"""The golden corpus: parse each document, score with the corpus scorer, assert the quality floors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from policyparse import parse_file

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
FLOORS = {
    "leaves": 0.98,
    "units": 0.95,
    "implied": 0.95,
    "deadlines": 0.90,
    "recurrences": 0.85,
    "targets": 0.85,
    "indicators": 0.75,
}

pytestmark = pytest.mark.skipif(
    not (CORPUS / "score.py").exists(),
    reason=f"golden corpus not found at {CORPUS} (shared/ beside the checkout)",
)


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The style corpus (20 invented documents in many more layouts): the floors the parser must keep on it.
STYLES = CORPUS / "styles"
STYLE_FLOORS = {"leaves": 0.95, "units": 0.90, "deadlines": 0.90, "targets": 0.85}


def _micro(folder: Path) -> dict[str, float]:
    """Micro-averaged F1 per field over every gold file of ``folder``, as ``score.py --dir`` gives."""
    score = _scorer()
    total = {f: [0, 0, 0] for f in score.FIELDS}
    for gold_path in sorted((folder / "gold").glob("*.json")):
        doc = folder / "docs" / (gold_path.stem + ".txt")
        got = parse_file(doc).to_dict()
        counts, _, _ = score.compare(json.loads(gold_path.read_text("utf-8")), got)
        for f, c in counts.items():
            total[f] = [a + b for a, b in zip(total[f], c, strict=True)]
    return {f: score.prf(*c)[2] for f, c in total.items()}


@pytest.fixture(scope="module")
def micro() -> dict[str, float]:
    return _micro(CORPUS)


@pytest.fixture(scope="module")
def styles_micro() -> dict[str, float]:
    if not (STYLES / "gold").is_dir():
        pytest.skip(f"style corpus not found at {STYLES}")
    return _micro(STYLES)


@pytest.mark.parametrize("field", list(FLOORS))
def test_floor(micro: dict[str, float], field: str):
    assert micro[field] >= FLOORS[field], f"{field} F1 {micro[field]:.3f} < {FLOORS[field]}"


@pytest.mark.parametrize("field", list(STYLE_FLOORS))
def test_styles_floor(styles_micro: dict[str, float], field: str):
    floor = STYLE_FLOORS[field]
    assert styles_micro[field] >= floor, f"styles {field} F1 {styles_micro[field]:.3f} < {floor}"


def test_news_report_yields_no_tasks():
    news = CORPUS / "docs" / "003_ed2b5bff92c91052.txt"
    if not news.exists():
        pytest.skip("news seed absent")
    ledger = parse_file(news)
    assert ledger.document.kind == "news" and ledger.measures == ()
