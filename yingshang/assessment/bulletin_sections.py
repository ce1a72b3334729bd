"""Sections other apps add to the monthly 通报, after the fixed ones (assessment.bulletin).

An app registers a section in its AppConfig.ready(); the bulletin calls `table(scope)` when it takes its
snapshot, so the assessment app never imports the apps whose figures it prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from yingshang.dashboard.sources import Scope

TableFn = Callable[[Scope], tuple[list[str], list[list[Any]]]]


@dataclass(frozen=True)
class BulletinSection:
    code: str
    title: str  # without its number: the bulletin numbers sections in order
    table: TableFn


_SECTIONS: dict[str, BulletinSection] = {}


def register_bulletin_section(section: BulletinSection) -> None:
    _SECTIONS[section.code] = section


def bulletin_sections() -> list[BulletinSection]:
    return list(_SECTIONS.values())
