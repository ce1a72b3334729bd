"""Resolve a unit name as written in a policy document to one entry of the unit directory.

Documents write the same unit many ways: 市场监督管理局, 市场监管局, 旗市场监管局, 市市场监管局,
阿拉善盟市场监管局. ``UnitDirectory.resolve`` tries, in order:

1. ``exact``: the normalised name equals an entry's name;
2. ``alias``: it equals an entry's short name or alias, or does so after canonical abbreviation
   rewriting (发改委 → 发展和改革委员会) from ``data/unit_aliases.toml``;
3. ``prefix``: it matches after a region prefix (市, 旗, 自治区, or a region name such as 腾格里)
   is removed from either side, with the same rewriting;
4. ``fuzzy``: ``rapidfuzz`` ratio on the prefix-free canonical names, accepted only above a
   threshold and with a margin over the runner-up.

Anything else is ``ambiguous`` or ``unresolved``, with candidates for a person to choose from:
this module never guesses. Collective references (各相关部门, 旗直相关部门) are always
``unresolved`` with no candidates, since no single unit is meant.

Region preference: a prefix written on the name itself (旗公安局) rules out entries of another
region; the ``region_prefix`` argument (the prefix the parser saw on the first unit of a list,
as in "市市场监管局、发展改革委") only breaks ties between otherwise equal matches.

Pure Python: the Django app builds a ``UnitDirectory`` from its Unit table and caches it.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

__all__ = [
    "STATUSES",
    "Candidate",
    "Lexicon",
    "Resolution",
    "UnitDirectory",
    "UnitEntry",
    "load_lexicon",
    "normalize_unit_name",
]

STATUSES = ("exact", "alias", "prefix", "fuzzy", "ambiguous", "unresolved")
MAX_CANDIDATES = 5
# Below this a candidate is noise ("公安局" vs "财政局" scores 67, vs "税务局" 33).
CANDIDATE_FLOOR = 50.0

LEXICON_PATH = Path(__file__).with_name("data") / "unit_aliases.toml"

# Quotes wrap nicknames inside names (市“两型”办) and are typed inconsistently; brackets are
# made half-width by NFKC.
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class UnitEntry:
    id: int
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    region: str = ""


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    score: float


@dataclass(frozen=True)
class Resolution:
    status: str
    unit_id: int | None = None
    candidates: tuple[Candidate, ...] = ()
    # Why nothing was chosen: "empty", "collective", "no_match", "same_name", "close_scores".
    reason: str = ""

    @property
    def resolved(self) -> bool:
        return self.unit_id is not None


@dataclass(frozen=True)
class Lexicon:
    region_prefixes: tuple[str, ...]
    not_prefixed: tuple[str, ...]
    collective: tuple[re.Pattern[str], ...]
    fuzzy_blockers: tuple[str, ...]
    canonical: dict[str, str]


def normalize_unit_name(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return _QUOTES.sub("", _SPACES.sub("", text))


@functools.cache
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    known = {"region_prefixes", "not_prefixed", "collective_patterns", "fuzzy_blockers", "equivalents"}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{path.name}: unknown keys {sorted(unknown)}")
    canonical: dict[str, str] = {}
    for group in data.get("equivalents", []):
        names = [normalize_unit_name(n) for n in group["names"]]
        for name in names:
            if name in canonical:
                raise ValueError(f"{path.name}: {name} is in two equivalence groups")
            canonical[name] = names[0]
    return Lexicon(
        region_prefixes=tuple(normalize_unit_name(p) for p in data.get("region_prefixes", [])),
        not_prefixed=tuple(normalize_unit_name(p) for p in data.get("not_prefixed", [])),
        collective=tuple(re.compile(p) for p in data.get("collective_patterns", [])),
        fuzzy_blockers=tuple(normalize_unit_name(w) for w in data.get("fuzzy_blockers", [])),
        canonical=canonical,
    )


class UnitDirectory:
    """An index over the unit directory, built once; ``resolve`` is O(1) except for fuzzy matching."""

    def __init__(
        self,
        entries: Iterable[UnitEntry],
        *,
        region_names: Iterable[str] = (),
        threshold: float = 85.0,
        margin: float = 5.0,
        lexicon: Lexicon | None = None,
    ) -> None:
        self._lexicon = lexicon or load_lexicon()
        self._threshold = threshold
        self._margin = margin
        self._levels = frozenset(self._lexicon.region_prefixes)
        names = {normalize_unit_name(n) for n in region_names} | set(self._lexicon.region_prefixes)
        # Longest first, so 自治区 is taken before 区 and 奈曼旗 before 旗.
        self._prefixes = tuple(sorted((n for n in names if n), key=len, reverse=True))

        self._entries: dict[int, UnitEntry] = {}
        self._regions: dict[int, frozenset[str]] = {}
        self._markers_of: dict[int, frozenset[str]] = {}
        self._by_name: dict[str, list[int]] = {}
        self._by_alias: dict[str, list[int]] = {}
        # canonical prefix-free key -> [(entry id, prefix its name carried)]
        self._by_key: dict[str, list[tuple[int, str]]] = {}
        self._key_choices: list[str] = []
        self._key_ids: list[int] = []
        self._full_choices: list[str] = []
        self._full_ids: list[int] = []

        for entry in entries:
            if entry.id in self._entries:
                raise ValueError(f"duplicate unit id {entry.id}")
            self._entries[entry.id] = entry
            name = normalize_unit_name(entry.name)
            _add(self._by_name, name, entry.id)
            others = [normalize_unit_name(a) for a in (entry.short_name, *entry.aliases)]
            for alias in others:
                if alias:
                    _add(self._by_alias, alias, entry.id)
            tags = {normalize_unit_name(entry.region)}
            for written in dict.fromkeys([name, *others]):
                if not written:
                    continue
                prefix, bare = self._split(written)
                key = self._canonical(bare)
                tags.add(prefix)
                hits = self._by_key.setdefault(key, [])
                if (entry.id, prefix) not in hits:
                    hits.append((entry.id, prefix))
                self._key_choices.append(key)
                self._key_ids.append(entry.id)
                self._full_choices.append(written)
                self._full_ids.append(entry.id)
            self._regions[entry.id] = frozenset(t for t in tags if t)
            self._markers_of[entry.id] = self._markers(name)

    def __len__(self) -> int:
        return len(self._entries)

    # -- the pipeline ------------------------------------------------------------------------

    def resolve(self, text: str, *, region_prefix: str = "") -> Resolution:
        query = normalize_unit_name(text)
        if not query:
            return Resolution("unresolved", reason="empty")
        if self._is_collective(query):
            return Resolution("unresolved", reason="collective")
        wanted = normalize_unit_name(region_prefix)
        prefix, bare = self._split(query)
        key_hits = self._key_hits(self._canonical(bare), prefix)

        for status, index in (("exact", self._by_name), ("alias", self._by_alias)):
            ids = index.get(query)
            if not ids:
                continue
            # "市市场监管局、公安局" means 市公安局 even if the directory also lists a bare 公安局
            # of another region: let the region-aware stage decide then.
            if wanted and all(self._compatible(wanted, i) is False for i in ids):
                if any(self._compatible(wanted, i) for i, _ in key_hits):
                    break
            return self._pick(ids, status, wanted)

        if key_hits:
            return self._pick_key_hits(key_hits, prefix, wanted)
        return self._fuzzy(query, prefix, bare, wanted)

    # -- stages ------------------------------------------------------------------------------

    def _key_hits(self, key: str, prefix: str) -> list[tuple[int, str]]:
        hits = self._by_key.get(key, [])
        if prefix:
            # A prefix written on the name rules out units of another region.
            hits = [(i, tag) for i, tag in hits if self._compatible(prefix, i) is not False]
        return hits

    def _pick(self, ids: list[int], status: str, wanted: str) -> Resolution:
        unique = list(dict.fromkeys(ids))
        if len(unique) > 1 and wanted:
            preferred = [i for i in unique if self._compatible(wanted, i)]
            unique = preferred or unique
        if len(unique) == 1:
            return Resolution(status, unique[0])
        return Resolution(
            "ambiguous", candidates=self._candidates((i, 100.0) for i in unique), reason="same_name"
        )

    def _pick_key_hits(self, hits: list[tuple[int, str]], prefix: str, wanted: str) -> Resolution:
        ids = [i for i, _ in hits]
        result = self._pick(ids, "prefix", prefix or wanted)
        if result.unit_id is not None and any(i == result.unit_id and tag == prefix for i, tag in hits):
            # Same prefix on both sides (or none): only the abbreviation differed.
            return Resolution("alias", result.unit_id)
        return result

    def _fuzzy(self, query: str, prefix: str, bare: str, wanted: str) -> Resolution:
        scores: dict[int, float] = {}
        # Prefix-free canonical names: "旗行政审批和政务服局" against "行政审批和政务服务局".
        key = self._canonical(bare)
        for _, score, idx in process.extract(
            key, self._key_choices, scorer=fuzz.ratio, limit=None, score_cutoff=CANDIDATE_FLOOR
        ):
            unit_id = self._key_ids[idx]
            if prefix and self._compatible(prefix, unit_id) is False:
                continue
            scores[unit_id] = max(scores.get(unit_id, 0.0), score)
        # Names as written, so a unit of another region still shows up as a (weaker) candidate.
        for _, score, idx in process.extract(
            query, self._full_choices, scorer=fuzz.ratio, limit=None, score_cutoff=CANDIDATE_FLOOR
        ):
            unit_id = self._full_ids[idx]
            scores[unit_id] = max(scores.get(unit_id, 0.0), score)

        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        markers = self._markers(query)
        eligible = [
            (i, s)
            for i, s in ranked
            if not (prefix and self._compatible(prefix, i) is False) and self._markers_of[i] == markers
        ]
        if not eligible or eligible[0][1] < self._threshold:
            return Resolution("unresolved", candidates=self._candidates(ranked), reason="no_match")
        best_score = eligible[0][1]
        close = [(i, s) for i, s in eligible if best_score - s < self._margin]
        if len(close) > 1 and (prefix or wanted):
            preferred = [(i, s) for i, s in close if self._compatible(prefix or wanted, i)]
            close = preferred or close
        if len(close) == 1:
            return Resolution("fuzzy", close[0][0], candidates=self._candidates(ranked))
        return Resolution("ambiguous", candidates=self._candidates(ranked), reason="close_scores")

    # -- helpers -----------------------------------------------------------------------------

    def _split(self, name: str) -> tuple[str, str]:
        """Separate the region prefix(es) from a normalised name: 阿拉善盟公安局 → (阿拉善盟, 公安局)."""
        prefix = ""
        # Two rounds cover a region name plus a level (阿拉善 + 盟); more would eat into names.
        for _ in range(2):
            if name.startswith(self._lexicon.not_prefixed):
                break
            for p in self._prefixes:
                # Keep two characters at least: 市委 is a unit, not 市 + 委.
                if name.startswith(p) and len(name) - len(p) >= 2:
                    prefix, name = prefix + p, name[len(p) :]
                    break
            else:
                break
        return prefix, name

    def _markers(self, name: str) -> frozenset[str]:
        return frozenset(w for w in self._lexicon.fuzzy_blockers if w in name)

    def _canonical(self, bare: str) -> str:
        return self._lexicon.canonical.get(bare, bare)

    def _is_collective(self, name: str) -> bool:
        return any(p.search(name) for p in self._lexicon.collective)

    def _compatible(self, wanted: str, unit_id: int) -> bool | None:
        """Whether the unit belongs to region ``wanted``; None when the unit has no region."""
        regions = self._regions[unit_id]
        if not regions:
            return None
        return any(self._same_region(wanted, r) for r in regions)

    def _same_region(self, a: str, b: str) -> bool:
        if a == b:
            return True
        # Two bare levels must be equal (区 is not 自治区); a level matches a region name that
        # ends with it (旗 ~ 奈曼旗), and a region name matches its longer forms (阿拉善 ~ 阿拉善盟).
        if a in self._levels and b in self._levels:
            return False
        return a.endswith(b) or b.endswith(a) or a.startswith(b) or b.startswith(a)

    def _candidates(self, scored: Iterable[tuple[int, float]]) -> tuple[Candidate, ...]:
        out = []
        for unit_id, score in scored:
            out.append(Candidate(unit_id, self._entries[unit_id].name, round(score, 1)))
            if len(out) == MAX_CANDIDATES:
                break
        return tuple(out)


def _add(index: dict[str, list[int]], key: str, unit_id: int) -> None:
    ids = index.setdefault(key, [])
    if unit_id not in ids:
        ids.append(unit_id)
