"""Link a target extracted by policyparse to the second-level indicator it commits to.

Pure: no database. The ledger passes the target dict and the node's indicator names (both from
policyparse's JSON) and, optionally, the office-edited catalogue; it gets a code back or None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from policyparse.indicators import classify
from yingshang.indicators.catalogue import CatalogueEntry, entries

# policyparse metrics that name the same kind of second-level indicator
_METRIC_ALIASES = {"time": {"time"}, "steps": {"steps"}, "cost": {"cost"}, "materials": {"materials"}}
# Units of measure that imply a metric when the parser said only "count" or "amount".
_UNIT_METRIC = {"工作日": "time", "小时": "time", "天": "time", "日": "time", "自然日": "time", "元": "cost"}
MIN_SCORE = 3


@dataclass(frozen=True)
class TargetMatch:
    code: str
    name: str
    parent_name: str
    score: int
    reasons: tuple[str, ...]


def _metric_of(target: Mapping[str, Any]) -> str:
    metric = str(target.get("metric") or "")
    unit = str(target.get("unit") or "")
    if metric in ("count", "amount", "") and unit in _UNIT_METRIC:
        return _UNIT_METRIC[unit]
    if metric == "count" and unit in ("个",) and "环节" in str(target.get("subject") or ""):
        return "steps"
    return metric


def _score(entry: CatalogueEntry, target: Mapping[str, Any], parents: set[str], metric: str) -> TargetMatch:
    subject = str(target.get("subject") or "") + str(target.get("phrase") or "")
    score = 0
    reasons = []
    if entry.parent_name in parents:
        score += 3
        reasons.append(f"一级指标：{entry.parent_name}")
    elif entry.parent_name in subject:
        score += 3
        reasons.append(f"主体含“{entry.parent_name}”")
    if metric and metric == entry.metric:
        score += 2
        reasons.append(f"度量：{metric}")
    if entry.name in subject:
        score += 3
        reasons.append(f"主体含“{entry.name}”")
    hits = [k for k in entry.keywords if k in subject]
    if hits:
        score += min(len(hits), 2)
        reasons.append("关键词：" + "、".join(hits))
    return TargetMatch(entry.code, entry.name, entry.parent_name, score, tuple(reasons))


def match_target(
    target: Mapping[str, Any],
    indicator_names: Iterable[str],
    catalogue: Iterable[CatalogueEntry] | None = None,
) -> TargetMatch | None:
    """The best second-level indicator for one target, or None when no candidate is clear.

    Example: {"subject": "企业开办时间", "metric": "time", "value": 0.5, "unit": "工作日"} with
    ["开办企业"] → I01.2 开办企业/办理时间. A tie between two indicators returns None: a wrong link
    would put a target against the wrong figures, a missing one only asks the office to choose.
    """
    parents = {str(n) for n in indicator_names}
    if not parents:
        # The node named no indicator: let the parser's own lexicon read the target's subject.
        text = str(target.get("subject") or "")
        parents = {i.name for i in classify(text, (0, len(text)), (0, 0))}
    metric = _metric_of(target)
    pool = list(catalogue if catalogue is not None else entries())
    scored = sorted((_score(e, target, parents, metric) for e in pool), key=lambda m: (-m.score, m.code))
    if not scored or scored[0].score < MIN_SCORE:
        return None
    if len(scored) > 1 and scored[1].score == scored[0].score:
        return None
    best = scored[0]
    # A parent match alone is not enough: the target must also say which kind of figure it is.
    if best.score <= 3 and not any(r.startswith(("度量", "主体含“" + best.name)) for r in best.reasons):
        return None
    return best
