"""Stage 5: deadlines (完成时限) — the last day of the period a by-when phrase names.

A year-less phrase ("6月底前", "年内") is anchored on the issue date and flagged ``estimated``
when no issue date is known. Validity periods (从…到…), start dates (自…起, 2021年起) and
history (2018年以来) are masked before matching.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .lexicon import load
from .model import Deadline
from .numerals import cn_to_int

_LEX = load("deadlines")

# A validity period or start date, never a deadline:
# "从2019年1月1日到2021年12月31日,执行以下税收政策"  "自2019年1月1日起,实现省定涉企行政事业性零收费"
RE_NOT_DEADLINE = re.compile(
    r"(?:从|自)\s*\d{4}\s*年[^，,。；;]{0,12}?(?:到|至|—|－|-|~)\s*\d{4}\s*年(?:\d{1,2}月)?(?:\d{1,2}日)?"
    r"|(?:自|从|于)\s*\d{4}\s*年[^，,。；;]{0,10}?(?:起|开始|以来)"
    r"|\d{4}\s*年(?:\d{1,2}月)?(?:\d{1,2}日)?\s*(?:起|以来|开始|至今|前后)"
    r"|截至\s*\d{4}\s*年(?:\d{1,2}月)?(?:底|末)?"
    r"|\d{4}\s*年?\s*[—－\-~至到]\s*\d{4}\s*年"
    r"|《[^》]{0,80}》|〔\d{4}〕"
    # "政策执行期为2024年1月1日至2025年12月31日"  "有效期至2026年12月31日"
    r"|(?:有效期|执行期|实施期|施行期)[^，,。；;\d]{0,4}\d{4}\s*年[^，,。；;]{0,14}"
)

# A dated phrase: "2021年6月底前"  "2021年6底前" (月 dropped)  "2022年7月"  "2021年底前"  "到2021年底"
# "2021年第三季度"  "2021年上半年"  "2021年6月30日前"  "2021年"
RE_DATED = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?:"
    r"(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<me>底|末|份|中旬|上旬|下旬))?"
    r"|(?P<m2>\d{1,2})\s*(?P<me2>底|末)"
    r"|第?(?P<q>[一二三四1-4])\s*季度(?:末|底)?"
    r"|(?P<half>上半年|下半年|年中)"
    r"|(?P<ye>底|末|年底|年末)"
    r")?"
)

# A list of years each with its own value: "2021年、2022年、2023年,城区千兆宽带端口占比达到50%、90%、100%"
RE_YEAR_LIST = re.compile(r"\d{4}\s*年(?:\s*[、,，和及]\s*\d{4}\s*年)+")

# Year-less phrases anchored on the issue date: "6月底取得阶段性成效"  "年内完成1家以上进入辅导期"
RE_YEARLESS = re.compile(
    r"(?<![\d年月])(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日\s*(?:前|之前|以前)|(?P<me>底|末)(?:前|之前|以前)?|(?:前|之前|以前))"
    r"|(?<![\d一二三四五六七八九十两几半当每数多])(?P<yi>年内|年底前|年底|年末|今年底|今年内|本年度内|本年内|当年内)"
    r"|(?<![\d年])(?P<half>上半年|下半年)(?:前|内|完成)?(?!度)"
    # "6月份完成…"  "5月取得明显成效"  "9月实现…": a month with 份 or a verb right after it
    r"|(?<![\d年月个每])(?P<mv>\d{1,2})\s*月(?:份|(?:上旬|中旬|下旬)(?:前|之前|以前)?|(?="
    + "|".join(re.escape(w) for w in _LEX["month_verbs"])
    + r"))"
    # "三季度末前完成…"  "第二季度前"
    r"|(?<![每\d年])第?(?P<q>[一二三四1-4])\s*季度(?:末|底)?(?:前|之前|以前)?(?<=[末底前])"
    r"|完成时限\s*[:：]\s*(?P<whole>全年|年内|本年度)"
)

_CLAUSE_STOP = "，,；;。\n（）()"

# Anything a deadline needs, to skip the rest quickly: "2021年"  "6月底"  "年内"  "完成时限：全年"
RE_DATE_HINT = re.compile(r"\d\s*年|\d\s*月|年内|年底|年末|半年|完成时限|季度")

# One year of a year list: "2021年、2022年、2023年"
RE_YEAR = re.compile(r"\d{4}")

# A year used as a reference point, not a due date: "比2020年下降10%"  "在2021年基础上"
RE_COMPARED_YEAR = re.compile(r"(?:比|较|同比|与|和|于|在)$")

# A clause that describes rather than sets a date: "2020年…优化营商环境建设的总体要求是坚持…"
RE_DESCRIBES = re.compile(r"[^，,；;。]*?的[^，,；;。]*?是")

# Words that may stand before a year that opens its clause: "力争2022年底实现…"  "到2021年，…"
RE_CLAUSE_OPENER = re.compile(r"\s|到|至|力争|确保|计划|争取|要|在|于")


@dataclass(frozen=True)
class _Found:
    phrase_span: tuple[int, int]
    due: date | None
    estimated: bool


def extract_deadlines(text: str, start: int, end: int, anchor: date | None) -> list[Deadline]:
    """Deadlines in ``text[start:end]`` (a node's title and text)."""
    if not RE_DATE_HINT.search(text, start, end):
        return []
    seg = text[start:end]
    masked = RE_NOT_DEADLINE.sub(lambda m: "#" * len(m.group(0)), seg)
    found: list[tuple[int, int, date | None, bool]] = []
    taken: list[tuple[int, int]] = []
    for m in RE_YEAR_LIST.finditer(masked):
        # "…网办率2023年、2024年、2025年分别达到60%、80%、100%"
        if not masked.startswith("分别", m.end()) and not _acts(masked, m.start(), m.end()):
            continue
        for y in RE_YEAR.finditer(m.group(0)):
            found.append((m.start(), m.end(), date(int(y.group(0)), 12, 31), False))
        taken.append((m.start(), m.end()))
    for m in RE_DATED.finditer(masked):
        if any(a <= m.start() < b for a, b in taken):
            continue
        due = _dated_due(m)
        if due is None:
            continue
        bare = not any(m.group(g) for g in ("m", "m2", "q", "half", "ye"))
        if bare and not _acts(masked, m.start(), m.end()):
            continue
        if anchor is not None and due.year < anchor.year:
            continue  # a year before the document's own is history ("2019年出台的政策")
        found.append((m.start(), m.end(), due, False))
        taken.append((m.start(), m.end()))
    for m in RE_YEARLESS.finditer(masked):
        if any(a <= m.start() < b for a, b in taken):
            continue
        due, estimated = _yearless_due(m, anchor)
        found.append((m.start(), m.end(), due, estimated))
        taken.append((m.start(), m.end()))
    out: list[Deadline] = []
    seen: set[tuple[date | None, str]] = set()
    for s, e, due, estimated in sorted(found, key=lambda f: f[0]):
        ps, pe = _clause(seg, s, e)
        phrase = seg[ps:pe].strip().rstrip("）)】〕")
        if (due, phrase) in seen:
            continue
        seen.add((due, phrase))
        out.append(Deadline(phrase, due, (start + ps, start + pe), estimated))
    return out


def _month_end(y: int, m: int) -> date | None:
    if not (1 <= m <= 12) or not (1900 <= y <= 2200):
        return None
    return date(y, m, calendar.monthrange(y, m)[1])


def _dated_due(m: re.Match[str]) -> date | None:
    y = int(m.group("y"))
    if not 1900 <= y <= 2200:
        return None
    if m.group("m"):
        mo = int(m.group("m"))
        if m.group("d"):
            try:
                return date(y, mo, int(m.group("d")))
            except ValueError:
                return None
        return _month_end(y, mo)
    if m.group("m2"):
        return _month_end(y, int(m.group("m2")))
    if m.group("q"):
        q = cn_to_int(m.group("q")) or 4
        return _month_end(y, min(q, 4) * 3)
    if m.group("half"):
        return date(y, 6, 30) if m.group("half") in ("上半年", "年中") else date(y, 12, 31)
    return date(y, 12, 31)


def _yearless_due(m: re.Match[str], anchor: date | None) -> tuple[date | None, bool]:
    if anchor is None:
        return None, True
    y = anchor.year
    if m.group("m"):
        mo = int(m.group("m"))
        if m.group("d"):
            try:
                due: date | None = date(y, mo, int(m.group("d")))
            except ValueError:
                return None, True
        else:
            due = _month_end(y, mo)
        if due is not None and due < anchor:
            # "3月底前" in a document issued in April means next March: a guess, so flagged
            return (_month_end(y + 1, mo) if not m.group("d") else _shift_year(due)), True
        return due, False
    if m.group("half"):
        return (date(y, 6, 30) if m.group("half") == "上半年" else date(y, 12, 31)), False
    if m.group("mv"):
        return _month_end(y, int(m.group("mv"))), False
    if m.group("q"):
        q = cn_to_int(m.group("q")) or 4
        return _month_end(y, min(q, 4) * 3), False
    return date(y, 12, 31), False


def _shift_year(d: date) -> date | None:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return None


def _clause(seg: str, s: int, e: int) -> tuple[int, int]:
    a, b = s, e
    lo, hi = max(0, s - 300), min(len(seg), e + 300)
    while a > lo and seg[a - 1] not in _CLAUSE_STOP:
        a -= 1
    while b < hi and seg[b] not in _CLAUSE_STOP:
        b += 1
    return a, b


_VERBS = tuple(_LEX["bare_year_verbs"])


def _acts(masked: str, s: int, e: int) -> bool:
    """A bare year is a deadline when the clause it opens (or the verb right after it) does something."""
    a, b = _clause(masked, s, e)
    before = masked[a:s]
    after = masked[e:b]
    if RE_COMPARED_YEAR.search(before) or after.startswith(("度", "第", "版", "的", "）", ")")):
        return False
    if RE_DESCRIBES.match(after):
        return False  # "2020年…的总体要求是…" describes, it does not set a date
    at_start = not RE_CLAUSE_OPENER.sub("", before)
    if at_start:
        return True
    return after[:6].startswith(_VERBS) or any(after[:4].startswith(v) for v in _VERBS)
