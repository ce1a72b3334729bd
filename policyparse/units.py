"""Stage 4: responsible units — lead, cooperating and implied — for every node.

Unit lists live in a bracket at the end of a measure (``（市场监管局牵头，公安分局…按职责分工负责）``),
in labelled clauses (``牵头单位：A；配合单位：B``) or in table columns rendered as such clauses.
A list with no lead marker makes every named unit lead, unless the document has said
``第一责任单位为牵头单位，下同``; a standing sentence (``以下任务均需各县(区)负责落实，不再一一列出``)
adds implied units to every later node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import load
from .model import Unit
from .segment import Segmentation

_LEX = load("units")
_SUFFIXES = tuple(sorted(_LEX["suffixes"], key=len, reverse=True))
_REGIONS: tuple[str, ...] = tuple(_LEX["region_prefixes"])
_NOT_REGION = tuple(_LEX["not_region"])


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_LABEL_ROLE = {w: role for role, ws in _LEX["labels"].items() for w in ws}
_MARK_ROLE = {w: role for role, ws in _LEX["markers"].items() for w in ws}

# A role label before a list, colon optional when a semicolon was typed for it:
# "牵头单位：旗行政审批和政务服务局；配合单位；旗市场监管局、公安局"
RE_ROLE_LABEL = re.compile(rf"(?P<label>{_alternation(list(_LABEL_ROLE))})\s*(?:[:：]|[;；](?=\s*[^\s;；]))")

# A role word after a list: "市场监管局牵头，公安分局、税务局按职责分工负责"
# A marker followed by 单位/部门 is part of a collective name: "各指标专班牵头单位"
RE_ROLE_MARK = re.compile(rf"(?P<mark>{_alternation(list(_MARK_ROLE))})(?!单位|部门)")

# The document-wide rule that the first responsible unit leads:
# "责任单位:市场监督管理局、公安局…,第一责位单位为牵头单位,下同。"  "排在第一位的为牵头单位"
RE_FIRST_IS_LEAD = re.compile(
    r"[，,；;]?\s*(?:排(?:在|名)?|列)?(?:第一|首)(?:责[任位]?|个|位)?的?(?:单位|部门)?为牵头(?:单位|部门)[，,]?\s*(?:下同)?"
)

# A standing sentence that adds units to every later item:
# "以下任务均需各县(区)负责落实,不再一一列出"
# "各县区政府为所有任务的责任主体，不再一一列出" (bound to every node, before or after it)
RE_IMPLIED = re.compile(
    r"(?P<scope>以下|下列|其余|所有|全部|上述|各项)(?:各项)?(?:任务|工作|措施|事项)?[均都]?(?:需|须|由)?"
    r"(?P<units>[^，,。；;]{2,40}?)(?:均为|为)?(?:责任单位|责任主体|负责落实|负责|落实|参与|承担)"
    r"[，,]?\s*(?:不再(?:一一|逐一|逐项|单独)?|不(?:一一|逐一|逐项|单独))(?:列出|列举|列明)"
    r"|(?P<units2>[^，,。；;：:]{2,30}?)(?:均为|为)(?P<scope2>以下|下列|所有|全部|各项)(?:任务|工作|措施)?的?"
    r"(?:责任单位|责任主体|落实主体)[，,]?\s*(?:不再(?:一一|逐一|逐项|单独)?|不(?:一一|逐一|逐项|单独))(?:列出|列举|列明)"
)

# Brackets that may hold a unit list, opening and closing: "（市场监管局牵头，…（区）…）"
RE_BRACKET = re.compile(r"[（(〔【）)〕】]")

# The end of a standing sentence: "…，不再一一列出"
# "…，不再列出" (the 一一 may be left out)
RE_NOT_LISTED = re.compile(r"(?:不再(?:一一|逐一|逐项|单独)?|不(?:一一|逐一|逐项|单独))(?:列出|列举|列明)")

# A role label starting a clause outside brackets: "牵头单位：市发改委；责任单位：各县区"
RE_LABEL_CLAUSE = re.compile(rf"(?:^|(?<=[。；;\n]))\s*(?P<label>{_alternation(list(_LABEL_ROLE))})\s*[:：]")

# Roles given in a sentence, not a bracket: "…，由县市场监管局牵头，县公安局、县税务局配合，3月底前…",
# "…，由县财政局负责。" (every name must read as a unit's: "由各地负责" is no list)
RE_PROSE_ROLES = re.compile(
    r"(?:^|(?<=[，,。；;：:\n]))由(?P<list>[^，,。；;：:（()）\n]{2,60}?(?:牵头"
    r"(?:[，,][^，,。；;：:（()）\n]{2,120}?(?:配合|参与|协助|协同|按职责分工负责))?|负责))(?=[，,。；;\n]|$)"
)

# A bracket that only qualifies what precedes it, never a unit list: "（含机关和事业单位）"
RE_NOT_UNITS = re.compile(
    r"^(?:含|包括|包含|除|不含|即|以下简称|以下统称|以下称|下称|统称|简称|试行|第|如|例如|注)"
)

# The first-is-lead rule in its own bracket after a list: "责任单位：A、B（第一责任单位为牵头单位，下同）"
RE_FIRST_IS_LEAD_BRACKET = re.compile(r"[（(]\s*(?:" + RE_FIRST_IS_LEAD.pattern + r")\s*[）)]")

# "…等相关部门" tail dropped after the named units: "住房城乡建设和交通局等相关部门"
RE_ETC_TAIL = re.compile(r"等(?:[^、，,]{0,30})$")

# A lead mark written after one name of a list: "责任单位：市发展改革委（牵头）、市财政局"
RE_LEAD_SUFFIX = re.compile(r"\s*[（(]\s*牵头(?:单位|部门)?\s*[）)]$")

# Other fields that end a unit list: "（责任单位：A、B；完成时限：2022年底前）"
RE_OTHER_LABEL = re.compile(rf"(?:{_alternation(_LEX['other_labels'])})\s*[:：]")

# Words before the first name that are not part of it: "由市发改委牵头"
RE_NAME_OPENER = re.compile(rf"^(?:{_alternation(_LEX['name_openers'])})(?=\S{{2}})")

# A piece of a list that is a date or a clause, not a name: "2022年底前完成"
RE_NOT_A_NAME = re.compile(r"\d|年底|月底|以前|之前|完成|实现")

# A bare "each region" that shares the next name's tail: "各市、县人民政府"
RE_EACH_REGION = re.compile(r"各[省市县区旗镇乡州盟]{1,2}")

# A bracket with a number is a date or an amount, not a unit list: "（2021—2023年）"
RE_HAS_DIGIT = re.compile(r"\d")
# A short qualifier after a name, ignored when checking its ending: "各工业园区<集中区>"
RE_TRAILING_QUALIFIER = re.compile(r"[（(<＜〈][^（()）>＞〉]{1,6}[）)>＞〉]$")
# Characters no unit name contains: "2021年6月底前完成；"
RE_NOT_IN_NAME = re.compile(r"[。；;：:\d]")

_OPEN = "（(〔【<＜〈"
_CLOSE = "）)〕】>＞〉"
_QUOTE_OPEN = "“‘「『《"
_QUOTE_CLOSE = "”’」』》"


@dataclass
class NodeUnits:
    lead: list[Unit] = field(default_factory=list)
    cooperating: list[Unit] = field(default_factory=list)
    own: bool = False


@dataclass
class UnitResult:
    per_node: list[NodeUnits]
    implied: list[list[Unit]]


def extract_units(seg: Segmentation) -> UnitResult:
    """Each node's own units (``own`` False when it states none) and the implied units it receives."""
    text = seg.text
    rule_from = _first_rule_start(text)
    implied_rules: list[tuple[int, list[Unit]]] = []
    for tail in RE_NOT_LISTED.finditer(text):
        # the full pattern runs only on the sentence that ends "不再一一列出" (keeps the scan linear)
        lo = max(0, tail.start() - 120)
        m = RE_IMPLIED.search(text, lo, tail.end())
        if m is None:
            continue
        later = (m.group("scope") or m.group("scope2")) in ("以下", "下列", "其余")
        implied_rules.append((m.end() if later else -1, _implied_units(m)))
    implied_rules.sort(key=lambda r: r[0])
    per_node: list[NodeUnits] = []
    implied: list[list[Unit]] = []
    in_force: list[Unit] = []
    rule_idx = 0
    for node in seg.nodes:
        start, end = node.body_start, node.end
        lists = _unit_sources(text, start, end)
        for a, b in node.extra:
            lists += _unit_sources(text, a, b)
        result = NodeUnits()
        # each bracket is one list; labelled clauses on bare lines together make one more
        groups: dict[int, list[tuple[list[Unit], list[Unit], list[Unit], bool]]] = {}
        for s, e, cut in lists:
            lead, coop, rest = _parse_list(text, s, e, cut)
            ruled = bool(rest) and rule_from is not None and e >= rule_from
            key = s if s > 0 and text[s - 1] in _OPEN else -1
            groups.setdefault(key, []).append((lead, coop, rest, ruled))
        for parts in groups.values():
            lead = [u for p in parts for u in p[0]]
            coop = [u for p in parts for u in p[1]]
            resp = [u for p in parts for u in p[2]]
            if resp:
                if lead:
                    coop += [_role(u, "cooperating") for u in resp]
                elif any(p[3] for p in parts):
                    lead = [_role(resp[0], "lead")]
                    coop = [_role(u, "cooperating") for u in resp[1:]] + coop
                else:
                    lead = [_role(u, "lead") for u in resp]
            result.lead += lead
            result.cooperating += coop
        if lists:
            result.own = bool(result.lead or result.cooperating)
        result.lead = _dedupe(result.lead)
        result.cooperating = _dedupe(result.cooperating)
        per_node.append(result)
        # a standing sentence binds the items after it, not its own item
        while rule_idx < len(implied_rules) and implied_rules[rule_idx][0] <= node.start:
            in_force = _dedupe(in_force + implied_rules[rule_idx][1])
            rule_idx += 1
        implied.append(in_force)
    return UnitResult(per_node, implied)


def _first_rule_start(text: str) -> int | None:
    m = RE_FIRST_IS_LEAD.search(text)
    if not m:
        return None
    line_start = text.rfind("\n", 0, m.start()) + 1
    return line_start


def _implied_units(m: re.Match[str]) -> list[Unit]:
    group = "units" if m.group("units") else "units2"
    s = m.start(group)
    return [Unit(name, "implied", (s + a, s + b)) for name, a, b in _split_names(m.group(group))]


def _role(u: Unit, role: str) -> Unit:
    return Unit(u.name, role, u.span, u.region)


def _dedupe(units: list[Unit]) -> list[Unit]:
    seen: set[str] = set()
    out = []
    for u in units:
        if u.name not in seen:
            seen.add(u.name)
            out.append(u)
    return out


def _unit_sources(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Spans of unit-list content inside a node (brackets that hold lists, labelled clauses), and
    whether the list is cut off by the end of the document (an unclosed bracket at the very end)."""
    out: list[tuple[int, int, bool]] = []
    covered: list[tuple[int, int]] = []
    depth = 0
    open_at = -1
    for m in RE_BRACKET.finditer(text, start, end):
        if m.group(0) in "（(〔【":
            if depth == 0:
                open_at = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                close = m.start()
                if _is_unit_bracket(text, open_at + 1, close, close, end):
                    out.append((open_at + 1, close, False))
                covered.append((open_at, close))
    if depth:  # a bracket left open runs to the end of the node
        if _is_unit_bracket(text, open_at + 1, end, end, end):
            out.append((open_at + 1, end, end >= len(text)))
        covered.append((open_at, end))
    for m in RE_LABEL_CLAUSE.finditer(text, start, end):
        if any(a <= m.start() <= b for a, b in covered):
            continue
        line_end = text.find("\n", m.end(), end)
        out.append((m.start("label"), end if line_end < 0 else line_end, False))
    for m in RE_PROSE_ROLES.finditer(text, start, end):
        if any(a <= m.start() <= b for a, b in covered) or any(a <= m.start() < b for a, b, _ in out):
            continue
        if _all_unit_names(RE_ROLE_MARK.sub("、", m.group("list"))):
            out.append((m.start("list"), m.end("list"), False))
    return sorted(out)


def _is_unit_bracket(text: str, s: int, e: int, close: int, end: int) -> bool:
    inner = text[s:e].strip()
    if not inner or len(inner) > 600 or RE_NOT_UNITS.match(inner):
        return False
    if RE_ROLE_LABEL.search(inner):
        return True
    if "\n" in inner:
        return False
    after = text[close + 1 : close + 2] if close < end else ""
    # a unit bracket ends its sentence, or is followed only by another bracket ("（…牵头）（2022年底前）")
    at_end = after in ("", "\n", "。", "；", ";", ".", "（", "(") or close >= end
    # a bracket right after a sentence end, with a role word, is that sentence's unit list even when
    # the next sentence follows at once: "…资产。(区知识产权局负责)探索开展…"
    after_stop = (
        s >= 2 and text[s - 2] in "。；;" and bool(RE_ROLE_MARK.search(inner) or RE_ROLE_LABEL.search(inner))
    )
    if not (at_end or after_stop):
        return False
    if RE_ROLE_MARK.search(inner):
        return _all_unit_names(RE_ROLE_MARK.sub("、", inner))
    if RE_HAS_DIGIT.search(inner):
        return False
    return _all_unit_names(inner)


def _all_unit_names(text: str) -> bool:
    """Whether `text` is a list of names that each read as a unit's (and holds at least one)."""
    names = _split_names(text)
    return bool(names) and all(_is_unit_name(n) for n, _, _ in names)


def _is_unit_name(name: str) -> bool:
    if not 2 <= len(name) <= 40 or RE_NOT_IN_NAME.search(name):
        return False
    return name.endswith(_SUFFIXES) or RE_TRAILING_QUALIFIER.sub("", name).endswith(_SUFFIXES)


def _parse_list(text: str, s: int, e: int, truncated: bool) -> tuple[list[Unit], list[Unit], list[Unit]]:
    """Split one list into lead, cooperating and responsible (role decided later) units."""
    content = text[s:e]
    # drop sentences that are not lists: the implied-units sentence, the first-is-lead rule
    for pattern in (RE_IMPLIED, RE_FIRST_IS_LEAD_BRACKET, RE_FIRST_IS_LEAD):
        content = pattern.sub(lambda m: " " * len(m.group(0)), content)
    content = content.replace("会同", "、　")  # "A会同B负责": one list, same role
    other = RE_OTHER_LABEL.search(content)
    if other:
        content = content[: other.start()]
    lead: list[Unit] = []
    coop: list[Unit] = []
    resp: list[Unit] = []
    buckets = {"lead": lead, "cooperating": coop, "responsible": resp}
    labels = list(RE_ROLE_LABEL.finditer(content))
    chunks: list[tuple[int, int, str | None]] = []
    if labels:
        if labels[0].start() > 0:
            chunks.append((0, labels[0].start(), None))
        for k, m in enumerate(labels):
            stop = labels[k + 1].start() if k + 1 < len(labels) else len(content)
            chunks.append((m.end(), stop, _LABEL_ROLE[m.group("label")]))
    else:
        chunks.append((0, len(content), None))
    for a, b, role in chunks:
        if role == "responsible" and _has_role_marks(content[a:b]):
            role = None  # "责任单位：市数据局牵头，市税务局配合": the markers decide
        if role is not None:
            names = [_drop_marks(n) for n in _split_names(content[a:b])]
            names = [n for n in names if n[0]]
            if truncated and b == len(content) and names:
                names = names[:-1]  # a name cut by the end of the document is left out
            buckets[role] += [Unit(n, role, (s + a + x, s + a + y)) for n, x, y in names]
            continue
        prev = a
        for m in RE_ROLE_MARK.finditer(content, a, b):
            mark_role = _MARK_ROLE[m.group("mark")]
            names = _split_names(content[prev : m.start()])
            buckets[mark_role] += [Unit(n, mark_role, (s + prev + x, s + prev + y)) for n, x, y in names]
            prev = m.end()
        names = _split_names(content[prev:b])
        if truncated and names:
            names = names[:-1]
        resp += [Unit(n, "responsible", (s + prev + x, s + prev + y)) for n, x, y in names]
    for bucket in (coop, resp):
        for u in list(bucket):
            if RE_LEAD_SUFFIX.search(u.name):
                bucket.remove(u)
                lead.append(u)
    lead[:] = [_strip_lead_suffix(u) for u in lead]
    lead[:] = _with_regions(lead)
    coop[:] = _with_regions(coop)
    resp[:] = _with_regions(resp)
    for u_list, role in ((lead, "lead"), (coop, "cooperating")):
        u_list[:] = [_role(u, role) for u in u_list]
    return lead, coop, resp


# A lead or cooperating marker inside a responsible list (not the "（牵头）" after a name)
RE_LEAD_OR_COOP_MARK = re.compile(
    rf"(?<![（(])(?:{_alternation([w for w, r in _MARK_ROLE.items() if r != 'responsible'])})(?!单位|部门|[）)])"
)


def _has_role_marks(chunk: str) -> bool:
    return bool(RE_LEAD_OR_COOP_MARK.search(chunk))


def _drop_marks(piece: tuple[str, int, int]) -> tuple[str, int, int]:
    """A labelled name keeps a "（牵头）" mark (read later) but loses a trailing role word."""
    name, a, b = piece
    if RE_LEAD_SUFFIX.search(name):
        return piece
    cut = RE_ROLE_MARK.sub("", name).strip()
    return (cut, a, a + len(cut)) if cut != name else piece


def _strip_lead_suffix(u: Unit) -> Unit:
    name = RE_LEAD_SUFFIX.sub("", u.name)
    return Unit(name, "lead", (u.span[0], u.span[0] + len(name)), u.region)


def _split_names(part: str) -> list[tuple[str, int, int]]:
    """Names separated by 、，,；; outside quotes and brackets, with a collective name kept whole."""
    pieces: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(part):
        if ch in _OPEN or ch in _QUOTE_OPEN:
            depth += 1
        elif (ch in _CLOSE or ch in _QUOTE_CLOSE) and depth:
            depth -= 1
        elif depth == 0 and ch in "、，,；;。\n":
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(part)))
    out: list[tuple[str, int, int]] = []
    carry: tuple[int, int] | None = None
    for a, b in pieces:
        raw = part[a:b]
        lead_ws = len(raw) - len(raw.lstrip())
        a2, b2 = a + lead_ws, a + len(raw.rstrip())
        if a2 >= b2:
            continue
        if carry is not None:
            a2 = carry[0]
            carry = None
        name = part[a2:b2]
        tail = RE_ETC_TAIL.search(name)
        if tail and tail.start() >= 2:
            name = name[: tail.start()]
            b2 = a2 + len(name)
        name = name.strip(" 　。.:：")
        opener = RE_NAME_OPENER.match(name)
        if opener:
            name = name[opener.end() :]
            a2 += opener.end()
        if not name or RE_NOT_A_NAME.search(name):
            continue
        partial = not _is_unit_name(name) or bool(RE_EACH_REGION.fullmatch(name))
        if partial and len(name) <= 6 and part[b : b + 1] == "、" and not part[b + 1 : b + 2] == "各":
            carry = (a2, b2)  # "中央、省属驻庆各单位", "各市、县人民政府" are one collective name each
            continue
        if len(name) > 40:
            continue
        out.append((name, a2, b2))
    return out


def _with_regions(units: list[Unit]) -> list[Unit]:
    """Record the region prefix a list drops after its first unit: 旗住建局、发改委 → 发改委 in 旗."""
    out: list[Unit] = []
    region: str | None = None
    for u in units:
        own = _region_of(u.name)
        if own:
            region = own
            out.append(Unit(u.name, u.role, u.span, own))
        else:
            out.append(Unit(u.name, u.role, u.span, region))
    return out


def _region_of(name: str) -> str | None:
    if name.startswith(_NOT_REGION) and not name.startswith(("市委", "市政府")):
        return None
    for p in _REGIONS:
        if name.startswith(p) and len(name) > len(p) + 1:
            return p
    return None
