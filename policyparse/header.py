"""Stage 3: the document header — title, 文号, issuers, issue date and kind.

The header is read from the lines before the first numbered node (and the closing signature when
the date stands at the end). A web page's posting date ("时间:2020-10-28") is not the issue date.
"""

from __future__ import annotations

import re
from datetime import date

from .lexicon import load
from .model import Document, Span
from .numerals import cn_to_int
from .segment import RE_DATE_LINE, Segmentation

# 文号 with any bracket and stray spaces: "阿腾党发〔2021〕50 号"  "(济管办〔2020〕15号)"  "奈政字[2021]151号"
RE_DOC_NUMBER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,10})\s*[〔\[【［(（]\s*(?P<year>\d{4})\s*[〕\]】］)）]\s*第?\s*(?P<num>\d{1,4})\s*号"
)

# A date on its own line: "2021年3月24日" "二〇二一年十一月十五日"
RE_DATE_PARTS = re.compile(
    r"(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>[\d一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<d>[\d一二三四五六七八九十]{1,3})\s*日"
)

# "X关于印发《…》的通知" / "X关于…的通知": X is the issuer
RE_NOTICE = re.compile(r"^(?P<issuer>.{2,60}?)关于(?:印发|转发|发布)?.*(?:通知|决定|意见|方案|措施)")

# A reporter's byline marks a news report: "本报记者●刘琪"  "记者 王某 通讯员 李某"
RE_BYLINE = re.compile(r"(?:本报|新华社|通讯员|见习)?记者|本报讯|通讯员")

# Words glued before a 文号 that are not its issuer code: "…的通知(济管办〔2020〕15号)"
RE_ORG_CUT = re.compile(r"关于|通知|印发|的")

# The document named in a notice: "关于印发《奈曼旗优化营商环境三年行动计划（2021—2023年）》的通知"
RE_BOOK_TITLE = re.compile(r"《(.+)》")

# Masthead lines that are no headline: "http://www.nmgzf.gov.cn E-mail:nmgfzb@163.com"
RE_NOT_HEADLINE = re.compile(r"http|@|：|:")

# Punctuation that makes a line a sentence, not a signature: "各县(区)党委和人民政府,市委各部门:"
RE_SENTENCE_PUNCT = re.compile(r"[，,。；;：:、]")

# A sentence's punctuation before "关于": the line is a preamble, not a notice's title
RE_PREAMBLE_PUNCT = re.compile(r"[，,。；;：:《]")

# Joint issuers before "关于": "中共某市委办公室 某市人民政府办公室关于印发…"
RE_ISSUER_SPLIT = re.compile(r"\s+|、")

# How a news report opens or reports a meeting: "近日，我市召开…"  "会议指出，…"  "据悉，…"
RE_NEWS_CUE = re.compile(
    r"(?:^|\n)(?:近日|日前|据悉|昨天|今天|本报讯)|会议指出|会议强调|会上，|发布会上|讯（"
)

# A 文号 in brackets after the title on its line: "某市优化营商环境若干措施（某政发〔2023〕5号）"
RE_TRAILING_DOC_NUMBER = re.compile(
    r"\s*[（(][^（()）]{0,20}[〔\[【［]\s*\d{4}\s*[〕\]】］][^（()）]{0,10}[）)]$"
)

# Openings of a preamble sentence, never a header line: "根据省政府关于…的通知要求，…"
_PREAMBLE_OPENERS = ("为", "根据", "按照", "现将", "经", "依据", "结合", "围绕", "贯彻")

# An action plan whatever stands between 行动 and the plan word: "营商环境三年提升行动实施方案"
RE_ACTION_PLAN = re.compile(r"行动[^，。,]{0,6}(?:方案|计划)")

_LEX = load("header")
_ORG_SUFFIX = tuple(_LEX["issuer_suffixes"])
_TITLE_WORDS = tuple(_LEX["title_words"])
_NEWS_SOURCES = tuple(_LEX["news_source_suffixes"])


def read_header(seg: Segmentation, issued_on: date | None, has_units: bool) -> Document:
    text = seg.text
    header = text[: seg.first_node_start]
    lines = _lines(header, 0)
    spans: dict[str, Span] = {}

    news = _is_news(text, lines, has_units, bool(seg.nodes))
    title, tspan = _news_title(lines) if news else _title(lines)
    if title is None and not news:
        title, tspan = _news_title(lines)
    if tspan:
        spans["title"] = tspan

    doc_number = None
    for line, start in lines:
        if len(line) > 100:
            continue
        m = RE_DOC_NUMBER.search(line)
        if m:
            org = RE_ORG_CUT.split(m.group("org"))[-1]
            if org:
                doc_number = f"{org}〔{m.group('year')}〕{m.group('num')}号"
                spans["doc_number"] = (start + m.start(), start + m.end())
                break

    issue, ispan, date_line = _issue_date(text, lines, seg)
    if ispan:
        spans["issue_date"] = ispan
    elif issued_on is not None:
        issue = issued_on  # the caller knows the date the text does not state
    tail = _lines(text[seg.first_node_start :], seg.first_node_start)[-15:]
    tail_date = next((i for i in range(len(tail) - 1, -1, -1) if RE_DATE_LINE.match(tail[i][0])), None)
    issuers = _issuers(text, lines, date_line, news, tail, tail_date)
    kind = "news" if news else _kind(title or "")
    return Document(title, doc_number, tuple(issuers), issue, kind, spans)


def _lines(text: str, offset: int) -> list[tuple[str, int]]:
    out = []
    pos = offset
    for line in text.split("\n"):
        if line:
            out.append((line, pos))
        pos += len(line) + 1
    return out


def _is_news(text: str, lines: list[tuple[str, int]], has_units: bool, has_nodes: bool) -> bool:
    """A report states progress and assigns nothing: no unit lists, and a byline, a paper's name or
    a reporter's opening ("近日，…"), or no numbered items and no policy-document title at all."""
    if has_units:
        return False
    head = "\n".join(line for line, _ in lines[:40])
    if RE_BYLINE.search(head) or (lines and lines[0][0].endswith(_NEWS_SOURCES)):
        return True
    title, _ = _title(lines)
    if title is not None:
        return False  # a policy document's title ("…若干措施") outweighs a news-like sentence
    return bool(RE_NEWS_CUE.search(text[:1500])) or not has_nodes


def _title(lines: list[tuple[str, int]]) -> tuple[str | None, Span | None]:
    best: tuple[str, Span] | None = None
    notice: tuple[str, Span] | None = None
    for i, (line, start) in enumerate(lines):
        if len(line) > 70 or line.endswith(("。", "：", ":", "；")) or line.startswith(_PREAMBLE_OPENERS):
            continue
        if not any(w in line for w in _TITLE_WORDS):
            continue
        if line.endswith("通知") or "通知(" in line or "通知（" in line:
            m = RE_BOOK_TITLE.search(line)
            if m and notice is None:
                notice = (m.group(1), (start + m.start(1), start + m.end(1)))
            continue
        title, end = line, start + len(line)
        if i > 0 and _title_head(lines[i - 1][0], line):
            # a title set over two lines: "某市关于进一步优化营商环境的" / "若干措施"
            title, start = lines[i - 1][0] + line, lines[i - 1][1]
        cut = RE_TRAILING_DOC_NUMBER.search(title)
        if cut:
            title = title[: cut.start()]
            end = start + len(title) if end - start >= len(title) else end
        if i + 1 < len(lines) and re.fullmatch(
            r"[（(]\s*\d{4}\s*[—\-–~至]+\s*\d{4}\s*年?\s*[）)]", lines[i + 1][0]
        ):
            title += lines[i + 1][0]
            end = lines[i + 1][1] + len(lines[i + 1][0])
        best = (title, (start, end))
    chosen = best or notice
    if chosen is None:
        return None, None
    return chosen[0], chosen[1]


def _title_head(prev: str, line: str) -> bool:
    """True when ``prev`` is the first line of a title that ``line`` finishes."""
    if (
        len(prev) > 40
        or RE_SENTENCE_PUNCT.search(prev)
        or any(w in prev for w in _TITLE_WORDS)
        or _is_org(prev)
        or RE_DOC_NUMBER.search(prev)
        or RE_DATE_LINE.match(prev)
        or prev.startswith(_PREAMBLE_OPENERS)
    ):
        return False
    return prev.endswith(("的", "关于")) or "关于" in prev or len(line) <= 8


def _news_title(lines: list[tuple[str, int]]) -> tuple[str | None, Span | None]:
    for i, (line, _start) in enumerate(lines):
        if RE_BYLINE.search(line) and len(line) < 30:
            for j in range(i - 1, -1, -1):
                cand, cstart = lines[j]
                if 4 <= len(cand) <= 60 and not RE_DATE_LINE.match(cand):
                    return cand, (cstart, cstart + len(cand))
            break
    for line, start in lines:
        if 6 <= len(line) <= 60 and not RE_DATE_LINE.match(line) and not RE_NOT_HEADLINE.search(line):
            return line, (start, start + len(line))
    return None, None


def _to_date(m: re.Match[str]) -> date | None:
    y = cn_to_int(m.group("y"))
    mo = cn_to_int(m.group("m"))
    d = cn_to_int(m.group("d"))
    if y is None or mo is None or d is None:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _issue_date(
    text: str, lines: list[tuple[str, int]], seg: Segmentation
) -> tuple[date | None, Span | None, int | None]:
    for idx, (line, start) in enumerate(lines):
        m = _dated(line)
        if m and (d := _to_date(m)):
            return d, (start + m.start(), start + m.end()), idx
    # a signature at the end: the last date line after the body
    tail = _lines(text[seg.first_node_start :], seg.first_node_start)
    for line, start in reversed(tail[-15:]):
        m = _dated(line)
        if m and (d := _to_date(m)):
            return d, (start + m.start(), start + m.end()), None
    return None, None, None


# A signature and its date on one row, the date in a cell of its own: "某市人民政府 2024年1月9日" (a
# scan's seal can bridge the two lines, and leave specks between them, in cells of their own or not:
# "RS、2024年1月9日", "\t1\t，2025年4月10日")
RE_SIGNED_ROW = re.compile(
    r"^(?P<org>\S{2,40})(?:\s+[^\s\u4e00-\u9fff]{1,4}?)*?\s+[^\s\u4e00-\u9fff\d]{0,4}"
    r"(?P<date>(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.*)$"
)


def _dated(line: str) -> re.Match[str] | None:
    """The date of a date line, or of a signature row's date cell."""
    if RE_DATE_LINE.match(line):
        return RE_DATE_PARTS.search(line)
    row = RE_SIGNED_ROW.match(line)
    if row and row.group("org").rstrip().endswith(_ORG_SUFFIX) and RE_DATE_LINE.match(row.group("date")):
        return RE_DATE_PARTS.search(line, row.start("date"))
    return None


def _is_org(line: str) -> bool:
    return 3 <= len(line) <= 40 and line.endswith(_ORG_SUFFIX) and not RE_SENTENCE_PUNCT.search(line)


def _signature(lines: list[tuple[str, int]], date_line: int) -> list[str]:
    """Issuer lines above a date line; a name wrapped over two lines is one issuer:
    "某市优化营商环境工作" / "领导小组办公室"."""
    sig: list[str] = []
    j = date_line - 1
    while j >= 0:
        line = lines[j][0]
        if _is_org(line):
            sig.insert(0, line)
        elif sig and _wrapped_org_head(line):
            sig[0] = line + sig[0]
        else:
            break
        j -= 1
    return sig


def _wrapped_org_head(line: str) -> bool:
    return (
        2 <= len(line) <= 20
        and not RE_SENTENCE_PUNCT.search(line)
        and not RE_DATE_LINE.match(line)
        and line[0] not in "一二三四五六七八九十（(第0123456789①"
    )


def _issuers(
    text: str,
    lines: list[tuple[str, int]],
    date_line: int | None,
    news: bool,
    tail: list[tuple[str, int]] | None = None,
    tail_date: int | None = None,
) -> list[str]:
    if news:
        for line, _ in lines[:5]:
            if line.endswith(_NEWS_SOURCES) and len(line) <= 20:
                return [line]
        return []
    if date_line is not None:
        sig = _signature(lines, date_line)
        if sig:
            return sig
    if tail is not None and tail_date is not None:
        sig = _signature(tail, tail_date)
        if sig:
            return sig
    for k, (line, _) in enumerate(lines):
        if line.endswith(("关于印发", "关于转发", "关于")) and k + 1 < len(lines):
            line += lines[k + 1][0]  # a notice's title set over two lines
        m = RE_NOTICE.match(line)
        if m and not line.startswith(_PREAMBLE_OPENERS) and not RE_PREAMBLE_PUNCT.search(m.group("issuer")):
            issuer = m.group("issuer").strip()
            parts = [p for p in RE_ISSUER_SPLIT.split(issuer) if p]
            if parts and all(p.endswith(_ORG_SUFFIX) for p in parts):
                return parts
    for line, _ in lines:
        if _is_org(line) and not RE_DOC_NUMBER.search(line):
            return [line]
    return []


def _kind(title: str) -> str:
    if RE_ACTION_PLAN.search(title):
        return "action_plan"
    for kind, words in _LEX["kinds"].items():
        if any(w in title for w in words):
            return str(kind).removesuffix("_fallback")
    return "measures"
