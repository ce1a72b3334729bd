"""A table row one cell short because OCR lost the gap between two cells: the two run together are apart
again, where what each column holds makes the cut sure.

- a unit and a person: ``区住建局周敏`` → ``区住建局`` | ``周敏`` (a name of two to four characters after a
  unit's suffix);
- two unit columns: ``区法院区税务局、区市场监管局`` → ``区法院`` | ``区税务局、区市场监管局`` (the second
  list starts with the place the first one does);
- a text and a unit: ``…更有温度区市场监管局`` → ``…更有温度`` | ``区市场监管局`` (the unit starts with the
  place the row's other units start with);
- anything and a time limit: ``孙悦2024年9月底前`` → ``孙悦`` | ``2024年9月底前``.

Nothing is cut when no cut, or more than one, fits: the row is read as it came.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .lexicon import load

_UNITS = load("units")
_SUFFIXES = tuple(sorted(_UNITS["suffixes"], key=len, reverse=True))
UNIT_COLUMNS = ("lead", "coop", "resp")
RE_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
RE_DUE = re.compile(
    r"^(?:\d{4}年|\d{1,2}月)[^，。,、]{0,8}$|^(?:全年|年内|年底前|长期坚持|持续推进|每季度|每月)$"
)
RE_PLACE = re.compile(r"^[区市县旗州省镇乡]")


def _is_unit(text: str) -> bool:
    return text.rstrip("）)").endswith(_SUFFIXES)


def _place(cells: Sequence[str], columns: Sequence[str | None], skip: int) -> str | None:
    """The place character the row's other unit cells open with (`区`), if they agree."""
    firsts = {
        cell[:1]
        for k, (cell, name) in enumerate(zip(cells, columns, strict=False))
        if name in UNIT_COLUMNS and k != skip and RE_PLACE.match(cell)
    }
    return firsts.pop() if len(firsts) == 1 else None


def _cuts(cell: str, left: str | None, right: str | None, place: str | None) -> list[int]:
    fits: list[Callable[[str, str], bool]] = []
    if left in UNIT_COLUMNS and right == "person":
        fits.append(lambda a, b: _is_unit(a) and RE_PERSON.match(b) is not None and not _is_unit(b))
    if left in UNIT_COLUMNS and right in UNIT_COLUMNS:
        fits.append(lambda a, b: _is_unit(a) and RE_PLACE.match(b) is not None and a[:1] == b[:1])
    if left == "content" and right in UNIT_COLUMNS and place:
        fits.append(lambda a, b: len(a) >= 4 and b[:1] == place and _is_unit(b.split("、")[0]))
    if right == "due":
        fits.append(
            lambda a, b: RE_DUE.match(b) is not None and len(a) >= 2 and a[-1] not in "0123456789年月"
        )
    cuts = [k for k in range(1, len(cell)) for fit in fits if fit(cell[:k], cell[k:])]
    if left == "content" and right in UNIT_COLUMNS:
        cuts = cuts[:1]  # the longest unit name: "区市场监管局", not "市场监管局"
    return cuts


def split_merged(columns: Sequence[str | None], cells: list[str]) -> list[str]:
    """`cells` with the one pair of cells OCR ran together cut apart, when the row is one cell short and
    exactly one cut fits what its columns hold; else `cells` as they are."""
    if len(cells) != len(columns) - 1:
        return cells
    found: list[tuple[int, int]] = []
    for i, cell in enumerate(cells):
        place = _place(cells, [*columns[: i + 1], *columns[i + 2 :]], i) if i + 1 < len(columns) else None
        found += [(i, k) for k in _cuts(cell, columns[i], columns[i + 1], place)]
    if len(found) != 1:
        return cells
    i, k = found[0]
    return [*cells[:i], cells[i][:k], cells[i][k:], *cells[i + 1 :]]
