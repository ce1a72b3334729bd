"""Suggestions learned from a region's own dispatch history: training by the worker, the model row,
and the per-process copy the web processes rank with (docs/decisions/0003: seen within
``SUGGEST_MODEL_CACHE_SECONDS``, default 60 s, after the worker retrains).

History is the region's counted appeals that were replied or closed (已答复, 已回访, 已办结), labelled
with the lead unit active at the end — the unit after any 退单 and 改派 — and with the appeal's
indicator. A region's model is used only once it was trained on ``SUGGEST_MIN_HISTORY`` appeals
(default 200); below that the lexicon ranks alone. Each half of a model (units, indicators) is used
only if, on the held-back newest 20 %, the blend ranked first at least as often as the lexicon alone.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from yingshang.appeals import learning
from yingshang.appeals.models import Appeal, AppealUnit, SuggestionModel
from yingshang.appeals.suggest import UnitName
from yingshang.core.models import Region, Unit

log = logging.getLogger(__name__)
LEARNED_STATUSES = (Appeal.Status.REPLIED, Appeal.Status.VISITED, Appeal.Status.CLOSED)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, "YINGSHANG", {}).get(name, default))


def min_history() -> int:
    return _setting("SUGGEST_MIN_HISTORY", 200)


def max_history() -> int:
    """The newest appeals a model learns from, bounding the worker's training time."""
    return _setting("SUGGEST_MAX_HISTORY", 20000)


def _learned_rows() -> Any:
    return AppealUnit.objects.filter(
        role=AppealUnit.Role.LEAD,
        is_active=True,
        appeal__status__in=LEARNED_STATUSES,
        appeal__parent__isnull=True,
    )


def history_counts() -> dict[int, int]:
    rows = _learned_rows().values("appeal__region_id").annotate(n=Count("id"))
    return {r["appeal__region_id"]: r["n"] for r in rows}


def history(region_id: int) -> list[learning.Sample]:
    """Oldest first, the newest ``max_history()`` only."""
    rows = list(
        _learned_rows()
        .filter(appeal__region_id=region_id)
        .order_by("-appeal__created_at", "-appeal_id")
        .values_list("appeal__title", "appeal__description", "unit__name", "appeal__suggested_indicator")[
            : max_history()
        ]
    )
    rows.reverse()
    return [learning.Sample(f"{title}\n{text}", unit, indicator) for title, text, unit, indicator in rows]


def directory(region: Region) -> list[UnitName]:
    """The unit names suggestions rank in ``region``: its own, those above and those inside it."""
    ancestors = [int(p) for p in region.tree_path.strip("/").split("/") if p]
    units = Unit.objects.filter(
        Q(region_id__in=ancestors) | Q(region__tree_path__startswith=region.tree_path), is_active=True
    ).order_by("region__tree_path", "name")
    seen: dict[str, UnitName] = {}
    for u in units:
        seen.setdefault(
            u.name, UnitName(key=u.pk, name=u.name, short_name=u.short_name, aliases=tuple(u.aliases))
        )
    return list(seen.values())


def train_region(region: Region) -> SuggestionModel | None:
    """Train and store ``region``'s model; None (and nothing stored) below the history threshold."""
    samples = history(region.pk)
    if len(samples) < min_history():
        return None
    accuracy = learning.held_back_accuracy(samples, directory(region))
    model = learning.fit(samples)
    f = dict(accuracy.figures)
    f["use_unit"] = f["unit_top1"] >= f["lexicon_unit_top1"]
    f["use_indicator"] = f["indicator_top1"] >= f["lexicon_indicator_top1"]
    row, _ = SuggestionModel.objects.update_or_create(
        region=region,
        defaults={
            "trained_at": timezone.now(),
            "samples": len(samples),
            "held_back": accuracy.held_back,
            "unit_top1": f["unit_top1"],
            "unit_top3": f["unit_top3"],
            "indicator_top1": f["indicator_top1"],
            "indicator_top3": f["indicator_top3"],
            "figures": f,
            "library_version": learning.LIBRARY_VERSION,
            "payload": learning.dumps(model),
        },
    )
    return row


def retrain_all() -> dict[str, int]:
    """Every region with enough history; the worker's periodic job."""
    trained = skipped = 0
    for region_id, n in sorted(history_counts().items()):
        if n < min_history():
            skipped += 1
            continue
        train_region(Region.objects.get(pk=region_id))
        trained += 1
    return {"trained": trained, "skipped": skipped}


# -- the per-process copy -----------------------------------------------------------------------------

_lock = threading.Lock()
# region id → (checked at (monotonic), trained_at of the loaded row, the model or None)
_copies: dict[int, tuple[float, datetime | None, learning.Suggester | None]] = {}


def forget_models(*args: object, **kwargs: object) -> None:
    with _lock:
        _copies.clear()


def model_for(region_id: int) -> learning.Suggester | None:
    """The region's model if it is usable (enough history, this library version), else None. Asks the
    database for the row's trained_at at most once per ``SUGGEST_MODEL_CACHE_SECONDS`` and reads the
    payload only when it changed. Callers rank with it and never change it."""
    ttl = _setting("SUGGEST_MODEL_CACHE_SECONDS", 60)
    now = time.monotonic()
    with _lock:
        cached = _copies.get(region_id)
    if cached and now - cached[0] < ttl:
        return cached[2]
    meta = (
        SuggestionModel.objects.filter(region_id=region_id)
        .values_list("trained_at", "samples", "library_version", "figures")
        .first()
    )
    model: learning.Suggester | None = None
    trained_at = meta[0] if meta else None
    if cached and cached[1] == trained_at and trained_at is not None:
        model = cached[2]
    elif meta and meta[1] >= min_history() and meta[2] == learning.LIBRARY_VERSION:
        data = SuggestionModel.objects.values_list("payload", flat=True).get(region_id=region_id)
        try:
            loaded = learning.loads(bytes(data))
        except Exception:  # a model the worker will replace on its next run; the lexicon ranks meanwhile
            log.exception("suggestion model of region %s unreadable", region_id)
        else:
            figures = meta[3] or {}
            model = learning.Suggester(
                unit=loaded.unit if figures.get("use_unit", True) else None,
                indicator=loaded.indicator if figures.get("use_indicator", True) else None,
                samples=loaded.samples,
            )
    if model is not None and model.samples < min_history():
        model = None
    if ttl > 0:
        with _lock:
            _copies[region_id] = (now, trained_at, model)
    return model


def accuracy_rows(regions: list[Region]) -> list[dict[str, object]]:
    """For the office: each region's history size and, once trained, the held-back accuracy."""
    counts = history_counts()
    models = {m.region_id: m for m in SuggestionModel.objects.filter(region__in=regions).defer("payload")}
    out = []
    for r in regions:
        m = models.get(r.pk)
        out.append(
            {
                "region_id": r.pk,
                "region": r.name,
                "history": counts.get(r.pk, 0),
                "min_history": min_history(),
                "in_use": m is not None and m.samples >= min_history(),
                "trained_at": m.trained_at if m else None,
                "samples": m.samples if m else 0,
                "held_back": m.held_back if m else 0,
                "figures": m.figures if m else {},
            }
        )
    return out
