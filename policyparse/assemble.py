"""Stage 9: assemble the ledger — effective units by inheritance, per-node values, frozen Measures."""

from __future__ import annotations

from datetime import date

from .deadlines import extract_deadlines
from .indicators import classify
from .model import Document, Indicator, Measure, Unit
from .recurrences import extract_recurrences
from .segment import Segmentation
from .targets import extract_targets
from .units import UnitResult


def assemble(
    seg: Segmentation, units: UnitResult, document: Document, anchor: date | None
) -> tuple[Measure, ...]:
    """One Measure per node; a news report assigns no tasks, so it has none."""
    if document.kind == "news":
        return ()
    text = seg.text
    nodes = seg.nodes
    title_indicators: list[list[Indicator]] = []
    measures: list[Measure] = []
    for i, node in enumerate(nodes):
        lead, coop = _effective_units(units, seg, i)
        title_indicators.append(classify(text, node.title_span, (0, 0)))
        group = _unit_owner(units, seg, seg.nodes[i].parent)
        if group is not None and title_indicators[group]:
            # sub-items of a measure with its own units serve that measure's indicators
            indicators = title_indicators[group]
        else:
            indicators = classify(text, node.title_span, node.text_span)
        if not indicators:
            indicators = _inherited_indicators(seg, title_indicators, i)
        measures.append(
            Measure(
                path=node.path,
                title=node.title,
                text=text[node.text_span[0] : node.text_span[1]].strip(),
                span=(node.start, node.end),
                title_span=node.title_span,
                text_span=node.text_span,
                lead_units=tuple(lead),
                cooperating_units=tuple(coop),
                implied_units=tuple(units.implied[i]),
                deadlines=tuple(extract_deadlines(text, node.body_start, node.end, anchor)),
                recurrences=tuple(extract_recurrences(text, node.body_start, node.end)),
                targets=tuple(extract_targets(text, node.body_start, node.end)),
                indicators=tuple(indicators),
            )
        )
    return tuple(measures)


def _effective_units(units: UnitResult, seg: Segmentation, i: int) -> tuple[list[Unit], list[Unit]]:
    """A node's own units, else the nearest ancestor's (a group heading's units cover its items)."""
    j: int | None = i
    while j is not None:
        own = units.per_node[j]
        if own.own:
            return own.lead, own.cooperating
        j = seg.nodes[j].parent
    return [], []


def _unit_owner(units: UnitResult, seg: Segmentation, j: int | None) -> int | None:
    while j is not None:
        if units.per_node[j].own:
            return j
        j = seg.nodes[j].parent
    return None


def _inherited_indicators(
    seg: Segmentation, title_indicators: list[list[Indicator]], i: int
) -> list[Indicator]:
    j = seg.nodes[i].parent
    while j is not None:
        if title_indicators[j]:
            return title_indicators[j]
        j = seg.nodes[j].parent
    return []
