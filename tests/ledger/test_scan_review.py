"""What a scanned document's review carries: each measure's page and box, and unsure OCR'd names/deadlines."""

from __future__ import annotations

import policyparse
from policyparse.layout import OcrLine, OcrPage, scan_text
from yingshang.ledger import scan_review


def _review_of(lines: list[tuple[str, tuple[tuple[int, int], ...]]]) -> dict:
    page = OcrPage(
        1,
        1000,
        1400,
        tuple(
            OcrLine(1, (100, 100 + 60 * i, 400, 140 + 60 * i), t, 0.9, low)
            for i, (t, low) in enumerate(lines)
        ),
    )
    scan = scan_text([page])
    ledger = policyparse.parse(scan.text, options={"issued_on": "2024-01-01"})
    review = {"measures": [{"path": m.path} for m in ledger.measures]}
    scan_review.annotate(review, ledger, scan, "ledger_scans/x")
    return {m["path"]: m for m in review["measures"]}


def test_unsure_unit_and_deadline_are_flagged_and_sure_ones_are_not() -> None:
    first = "（一）企业开办。2024年6月底前办结。（县市场监管局牵头）"
    second = "（二）注销便利。2024年9月底前完成。（县税务局牵头）"
    low_unit = (first.index("市场"), first.index("市场") + 2)
    low_due = (second.index("9月"), second.index("9月") + 2)
    got = _review_of([("一、提升便利度", ()), (first, (low_unit,)), (second, (low_due,))])
    assert got["一/(一)"]["ocr_unsure"] == ["单位“县市场监管局”"]
    assert got["一/(二)"]["ocr_unsure"] == ["完成时限“2024年9月底前完成”"]
    assert got["一"]["ocr_unsure"] == []
    assert got["一/(二)"]["source"] == {
        "page": 1,
        "box": [0.1, round(220 / 1400, 4), 0.3, round(40 / 1400, 4)],
    }
