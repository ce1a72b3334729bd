"""Unit names put back: a name the document (or a directory) gives elsewhere, the document's place."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from .common import (
    _SUFFIX_ENDS,
    Edit,
    Unsure,
    _near,
)

# A name in a unit list: after a list opener or separator, ending in a unit suffix, before a separator
RE_LISTED_NAME = re.compile(
    rf"(?:(?<=[、，,；;：:（(])|(?<=牵头)|(?<=配合))(?P<w>[^\s、，,；;：:（()）。\d]{{3,16}}[{_SUFFIX_ENDS}])"
    r"(?=[、，,；;)）]|牵头|配合|按|负责|等)"
)


def unit_edits(text: str, unsure: Callable[[int, int], bool], directory: Sequence[str] = ()) -> list[Edit]:
    """Unit names put back as the one name, given in the document at least twice or in `directory`,
    that differs by one character, when that character was read with low confidence."""
    found = list(RE_LISTED_NAME.finditer(text))
    counts = Counter(m.group("w") for m in found)
    known = {w for w, n in counts.items() if n >= 2} | set(directory)
    edits: list[Edit] = []
    for m in found:
        word = m.group("w")
        if word in known:
            continue
        near = _near(word, known)
        at = (
            m.start("w") + next(i for i, (a, b) in enumerate(zip(word, near or word, strict=True)) if a != b)
            if near
            else 0
        )
        if near is not None and unsure(at, at + 1):
            edits.append(Edit(m.start("w"), m.end("w"), near))
    return edits


# The place a document is issued for, opening a line of its head: "澜湾市人民政府关于…", "关于印发《白鹭湾区…"
RE_HEAD_PLACE = re.compile(r"^(?:关于印发)?《?(?P<p>[\u4e00-\u9fff]{2,3}?)(?=[市县区旗州盟])", re.M)


HEAD_LINES = 12  # lines of a document's head searched for its place


PLACE_MIN = 2  # times the place is given in the document before a look-alike is read as it


def _places(text: str) -> list[str]:
    head = "\n".join(text.splitlines()[:HEAD_LINES])
    found = {m.group("p") for m in RE_HEAD_PLACE.finditer(head)}
    given = [p for p in found if text.count(p) >= PLACE_MIN]
    # two places one character apart: the head itself was misread, which one is right is not known
    return sorted((p for p in given if _near(p, given) is None), key=len, reverse=True)


def place_edits(text: str, unsure: Unsure) -> list[Edit]:
    """The document's place name put back in a unit name where one character of it was read unsure as
    another ("国家税务总局润湾市税务局" in a document of 澜湾市, which gives 澜湾 often): the place is taken
    from the document's head, and the look-alike must stand in a name (a unit suffix follows it)."""
    edits: list[Edit] = []
    for place in _places(text):
        n = len(place)
        pattern = re.compile(rf"(?=([\u4e00-\u9fff]{{{n}}})[\u4e00-\u9fff]{{0,10}}[{_SUFFIX_ENDS}])")
        for m in pattern.finditer(text):
            word, at = m.group(1), m.start()
            diff = [i for i in range(n) if word[i] != place[i]]
            if len(diff) == 1 and unsure(at + diff[0], at + diff[0] + 1):
                edits.append(Edit(at + diff[0], at + diff[0] + 1, place[diff[0]]))
    return edits
