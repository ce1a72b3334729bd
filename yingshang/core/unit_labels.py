"""How a unit is named to people: by its name, qualified by its region where another unit has the same
name (``奈曼旗 市场监督管理局``), so two regions' bureaus never show as two identical rows or options.

The same label is what exports write, and the unit-name resolver reads it back to the same unit (the
region prefix rules out the other region's namesake), so an exported sheet re-imports cleanly.

Which names are shared changes when units are added or renamed, a few times a year: each process keeps
the set (decision 0003) and drops it when a unit is saved in this process; another process sees a
change within SHARED_NAMES_SECONDS.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db.models import Count

from yingshang.core.access import region_by_id
from yingshang.core.models import Region, Unit

SHARED_NAMES_SECONDS = 30.0
_shared: tuple[float, frozenset[str]] | None = None
_lock = threading.Lock()


def shared_unit_names() -> frozenset[str]:
    """Names held by more than one active unit."""
    global _shared
    kept = _shared
    now = time.monotonic()
    if kept is None or now - kept[0] > SHARED_NAMES_SECONDS:
        with _lock:
            names = (
                Unit.objects.filter(is_active=True)
                .values("name")
                .annotate(n=Count("id"))
                .filter(n__gt=1)
                .values_list("name", flat=True)
            )
            kept = (now, frozenset(names))
            _shared = kept
    return kept[1]


def forget_unit_names(**_: Any) -> None:
    global _shared
    _shared = None


def label(name: str, region_id: int | None) -> str:
    """The label of a unit known by its name and region id (e.g. a row of ``values()``)."""
    if not name or region_id is None or name not in shared_unit_names():
        return name
    try:
        return f"{region_by_id(region_id).name} {name}"
    except Region.DoesNotExist:
        return name


def unit_label(unit: Unit | None) -> str:
    if unit is None:
        return ""
    return label(unit.name, unit.region_id)


def qualified_label(unit: Unit) -> str:
    """Always with the region: for pickers, where the region helps even when the name is unique."""
    return f"{region_by_id(unit.region_id).name} {unit.name}"
