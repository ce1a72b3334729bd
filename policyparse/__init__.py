"""policyparse: turn a policy document (优化营商环境 measures, plans) into a task ledger.

>>> ledger = parse("一、总体要求\n（一）企业开办。1个工作日内办结。（市场监管局牵头，税务局配合）")
>>> [m.path for m in ledger.leaves]
['一/(一)']
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from .assemble import assemble
from .header import read_header
from .layout import OcrLine, OcrPage, ScanText
from .model import (
    Deadline,
    Document,
    IgnoredText,
    Indicator,
    Ledger,
    Measure,
    Options,
    Recurrence,
    Target,
    Unit,
)
from .normalize import normalize
from .reader import ReadError, Source, read_document, read_text
from .segment import Segmentation, segment
from .units import extract_units

__all__ = [
    "Deadline",
    "Document",
    "IgnoredText",
    "Indicator",
    "Ledger",
    "Measure",
    "OcrLine",
    "OcrPage",
    "Options",
    "ReadError",
    "Recurrence",
    "ScanText",
    "Source",
    "Target",
    "Unit",
    "parse",
    "parse_file",
    "read_document",
    "read_text",
]

log = logging.getLogger("policyparse")
log.addHandler(logging.NullHandler())


def parse(text: str, *, options: Options | Mapping[str, Any] | None = None) -> Ledger:
    """Parse a policy document's text into a Ledger.

    Stages, each a module:
      1. ``normalize``  — one paragraph a line, ASCII digits, layout breaks joined (normalize.py)
      2. ``segment``    — numbered nodes, their paths, titles and own text (segment.py)
      3. ``units``      — lead, cooperating and implied units per node (units.py)
      4. ``header``     — title, 文号, issuers, issue date, kind (header.py)
      5. ``assemble``   — unit inheritance, deadlines, recurrences, targets, indicators (assemble.py)
    """
    opts = Options.coerce(options)
    normalized = normalize(text, join=not opts.paragraphs)
    seg = segment(normalized)
    units = extract_units(seg)
    document = read_header(seg, opts.issued_on, has_units=any(u.own for u in units.per_node))
    measures = assemble(seg, units, document, deadline_anchor(document, opts.issued_on))
    return Ledger(document, measures, normalized, ignored_text(seg))


def ignored_text(seg: Segmentation) -> tuple[IgnoredText, ...]:
    """The runs of text no node holds, so that nothing is dropped without a word."""
    out = []
    line, pos = 1, 0  # runs come in text order: count line breaks once over the whole text
    for s, e, reason in seg.ignored:
        line += seg.text.count("\n", pos, s)
        pos = s
        run = seg.text[s:e]
        chars = sum(1 for ch in run if not ch.isspace())
        if chars == 0:
            continue
        excerpt = " ".join(run[:30].split()) + ("…" if len(run) > 30 else "")
        out.append(IgnoredText(chars, line, (s, e), excerpt, reason))
        log.warning("ignored %d characters from line %d (%s)", chars, line, reason)
    return tuple(out)


# The year a document is for, in its title: "某省营商环境提升2023年行动计划"  "2023—2025年"
# (a range's end is no plan year: "（2021—2023年）" is read against the signing date)
RE_TITLE_YEAR = re.compile(r"(?<![\d—–\-~～至到])(20\d{2})\s*年")


def deadline_anchor(document: Document, issued_on: date | None) -> date | None:
    """The date year-less deadlines are read against.

    A document titled with its year is that year's plan: "8月底前" is in that year even when the
    document was signed later in it, and a title year is enough when no signing date is given.
    """
    issued = issued_on or document.issue_date
    m = RE_TITLE_YEAR.search(document.title or "")
    if m is None:
        return issued
    year = int(m.group(1))
    if issued is None or issued.year <= year:
        return date(year, 1, 1)  # a plan signed in December for next year is next year's
    return issued


def parse_file(path: str | Path, *, options: Options | Mapping[str, Any] | None = None) -> Ledger:
    """Read a file of any supported format (see ``read_document``) and parse it; a scan's lines are
    its paragraphs (``Options.paragraphs``), as its layout decided them."""
    source = read_document(path)
    opts = Options.coerce(options)
    if source.scan is not None:
        opts = dataclasses.replace(opts, paragraphs=True)
    return parse(source.text, options=opts)
