"""Where each measure of a scanned document came from, and which OCR'd names and deadlines are unsure.

Stored in the review payload (`review["scan"]`, and `source` / `ocr_unsure` on each measure) when a
document was read by OCR: the review page shows the page image beside the tree with the measure's line
highlighted, and flags a unit name or deadline that the engine read with low confidence, so the clerk
checks it against the scan instead of trusting it.
"""

from __future__ import annotations

from typing import Any

import policyparse

SNIPPET = 12  # characters of a measure's text looked up in the scan's text


def annotate(
    review: dict[str, Any], ledger: policyparse.Ledger, scan: policyparse.ScanText, folder: str
) -> None:
    review["scan"] = {"folder": folder, "pages": len(scan.pages)}
    entries = {m["path"]: m for m in review["measures"]}
    cursor = 0
    for m in ledger.measures:
        entry = entries.get(m.path)
        if entry is None:
            continue
        head = ledger.text[m.span[0] : m.span[1]][:SNIPPET]
        found = scan.find(head, after=cursor)
        if found is None:
            continue
        cursor = found[0]
        entry["source"] = scan.source_of(found[0])
        unsure: list[str] = []
        for unit in m.lead_units + m.cooperating_units:
            loc = scan.find(unit.name, after=cursor)
            if loc is not None and scan.unsure(*loc):
                unsure.append(f"单位“{unit.name}”")
        for deadline in m.deadlines:
            loc = scan.find(deadline.phrase, after=cursor)
            if loc is not None and scan.unsure(*loc):
                unsure.append(f"完成时限“{deadline.phrase}”")
        entry["ocr_unsure"] = unsure
