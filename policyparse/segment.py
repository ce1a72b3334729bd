"""Stage 2: split the normalised text into numbered nodes and give each its path, title and own text.

Only a label at the start of a line opens a node; ``一是``, dates and ``（此件公开发布）`` inside or
between paragraphs do not. The level of a label style is learnt from the order styles first appear
under each other (a stack), so a document may skip a level (``一、`` then ``1.``) or start a list
at ``（二）`` where ``（一）`` was dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numerals import cn_to_int

_CN = "一二三四五六七八九十百零〇"

# A numbering label at the start of a line, one alternative per style:
#   "一、进一步提升市场主体便利度"  "（一）企业开办注销。"  "( 十 五 )法律保护"  "1.深化简政放权"
#   "（1） 做好权利承接和下放工作"  "①简化用水报装流程"  "第三条 …"
RE_LABEL = re.compile(
    r"(?:"
    rf"(?P<cn>[{_CN}]{{1,4}})\s*[、．.](?![{_CN}]{{1,3}}[、类])"
    rf"|[（(]\s*(?P<pcn>[{_CN}](?:\s?[{_CN}]){{0,3}})\s*[）)]"
    r"|(?P<ar>\d{1,3})\s*(?:[.．](?![\d.．])|、(?!\d))"
    r"|[（(]\s*(?P<par>\d{1,3})\s*[）)]"
    r"|(?P<rp>\d{1,2})[)）]"
    r"|(?P<circ>[①-⑳])"
    rf"|第(?P<chap>[{_CN}]{{1,4}})章"
    rf"|第(?P<part>[{_CN}]{{1,4}})部分"
    rf"|第(?P<art>[{_CN}]{{1,4}})条"
    r")"
)

# An annex heading on its own line restarts numbering: "附件" "附件1" "附件 2："
RE_ANNEX = re.compile(r"附件\s*(?P<n>\d{1,3}|[一二三四五六七八九十]{1,2})?\s*[:：]?$")
# An annex heading with its title on the same line, when the numbering restarts below it:
# "附件1：某市营商环境考评指标" then "一、…" (not "附件：1.某市考评指标", an attachment list)
RE_ANNEX_TITLED = re.compile(
    r"附件\s*(?P<n>\d{1,3}|[一二三四五六七八九十]{1,2})?\s*[:：]?\s*(?P<title>[^\d\s（(。；;，,][^。；;]{1,39})$"
)

# The list of attachments at the end of the main text: "附件：1.某市考评指标" or "附件：" alone on its line
RE_ANNEX_LIST = re.compile(r"附件\s*[:：]")
# One more title in that list: "2.某市营商环境指标考核责任分解表" (short, no sentence end)
RE_ANNEX_LIST_ITEM = re.compile(r"^(?:\d{1,2}\s*[.．、]|[（(]\d{1,2}[）)])[^。；;]{2,60}$")

# Page furniture that ends the body: "抄送：旗委办、人大办…"  "编辑:"  "信息来源:工业科技局"
RE_FURNITURE = re.compile(
    r"(?:抄送|抄报|主送|印发|编辑|责任编辑|审核|校对|信息来源|来源|打印本页|关闭窗口|扫一扫|分享到|附件下载)\s*[:：]"
    r"|【?(?:打印|关闭|打印本页|关闭窗口)】|打印本页|关闭窗口"
    # a web page's footer: "主办单位：青岚市人民政府办公室　　承办单位：…"  "网站标识码：…"
    r"|(?:主办单位|承办单位)[:：][^。；;]{2,40}\s(?:承办单位|主办单位|网站标识码|联系电话)"
    r"|(?:网站标识码|网站地图|版权所有|ICP备|联系我们|技术支持\s*[:：])"
    # the printing line at the foot of an official document: "青禾县人民政府办公室 2024年3月5日印发"
    r"|.{0,40}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$"
    r"|[（(][^（()）]{0,10}(?:公开发布|删减|主动公开)[）)]$"
)

# Furniture after which a web page shows no more of the document: "抄送：…"  "编辑:"  "信息来源:…"
RE_END = re.compile(r"(?:抄送|抄报|编辑|责任编辑|信息来源|打印本页|关闭窗口|扫一扫|分享到)")

# The usual nesting of numbering styles in official documents (GB/T 9704): 第一章 > 第一条 > 一、 > （一） > 1. > （1） > ①
_RANK = {"annex": -1, "part": 0, "chap": 0, "art": 1, "cn": 2, "pcn": 3, "ar": 4, "par": 5, "circ": 6}

# A signing date alone on its line: "2021年3月24日"  "二〇二一年十一月十五日"
RE_DATE_LINE = re.compile(
    r"[（(]?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*日[）)]?$"
)

# The opening of a unit parenthesis that ends a title: "企业开办注销（市场监管局牵头，…）"
RE_UNIT_MARK = re.compile(r"牵头|责任单位|配合单位|责任地区|主办单位|按职责|负责|配合")

# Inline sub-items in one paragraph: "…工作。(1)推进…；(2)加强…" — the marker must follow a stop or the
# unit parenthesis closing the previous item: "…电子营业执照。(区市场监管局牵头)(2)推进…"
RE_INLINE_PAR = re.compile(r"(?:^|(?<=[。；;：:）)〕]))\s*[（(]\s*(\d{1,2})\s*[）)]")
# "…工作。①简化用水报装流程；②合理确定价格。"
RE_INLINE_CIRC = re.compile(r"(?:^|(?<=[。；;：:）)〕]))\s*([①-⑳])")

# The unit parenthesis that closes a paragraph of inline items: "…;(2)压减办理时间。(税务局牵头)"
RE_TRAILING_UNITS = re.compile(
    r"[（(〔][^（()）〔〕\n]{0,300}?(?:牵头|责任单位|配合单位|按职责|负责)[^（()）〔〕\n]{0,300}?[）)〕]\s*[。.]?\s*$"
)

# Stray spaces around Chinese in a title: "( 二十三 ) 严格 市场监管 , 涉企执法检查 。"
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")

# A line with sentence punctuation is text, not an issuer's signature: "中共庆阳市委办公室"
RE_SIGNATURE_PUNCT = re.compile(r"[。；;，,：:]")

# A bracket that may open a unit parenthesis in a title: "企业开办注销（市场监管局牵头…）"
RE_OPEN_BRACKET = re.compile(r"[（(〔]")

# A bare bracket ending in a unit name closes the title: "文化建设（社会事务局）"
RE_UNIT_END = re.compile(r"(?:局|委|办|院|部|中心|公司|政府|委员会|办公室)$")


@dataclass
class Node:
    style: str
    number: int
    label: str
    path: str
    start: int  # label start
    body_start: int  # first character after the label
    end: int  # end of the node's own text
    parent: int | None
    children: list[int] = field(default_factory=list)
    # own text outside [body_start, end): the unit parenthesis closing a run of inline sub-items
    extra: list[tuple[int, int]] = field(default_factory=list)
    title: str = ""
    title_span: tuple[int, int] = (0, 0)
    text_span: tuple[int, int] = (0, 0)


@dataclass
class Segmentation:
    text: str
    nodes: list[Node]
    first_node_start: int  # where the numbered body begins (len(text) when there is none)
    body_end: int  # where page furniture after the body starts
    # lines after the first node that no node holds: (start, end, reason) with reason
    # "after_footer" (after 抄送/编辑/打印本页…) or "between_nodes" (after furniture such as a date line)
    ignored: list[tuple[int, int, str]] = field(default_factory=list)


def starts_with_label(line: str) -> bool:
    """True when a line opens a numbered node (used by normalisation to keep such lines apart)."""
    return bool(RE_LABEL.match(line)) or bool(RE_ANNEX.match(line))


def _label_of(m: re.Match[str]) -> tuple[str, int, str] | None:
    g = m.lastgroup
    if g is None:
        return None
    raw = m.group(g).replace(" ", "")
    if g in ("cn", "pcn", "art", "chap", "part"):
        n = cn_to_int(raw)
    elif g == "circ":
        n = ord(raw) - ord("①") + 1
    else:
        n = int(raw)
    if n is None or n == 0:
        return None
    label = {
        "cn": raw,
        "pcn": f"({raw})",
        "ar": raw,
        "par": f"({raw})",
        "rp": f"({raw})",
        "circ": raw,
        "chap": f"第{raw}章",
        "part": f"第{raw}部分",
    }.get(g, f"第{raw}条")
    style = "par" if g == "rp" else g
    return style, n, label


def segment(text: str) -> Segmentation:
    """Find every numbered node; each node's own text runs to the next node or to page furniture."""
    nodes: list[Node] = []
    stack: list[int] = []  # indices of open nodes, outermost first
    current: int | None = None
    body_end = len(text)
    pos = 0
    pending_sign: int | None = None  # start of short signature lines right after a node's text
    stopped = False
    ignored: list[tuple[int, int, str]] = []
    lines = text.split("\n")
    titled = _titled_annexes(lines)
    listing = _annex_list_lines(lines, titled)
    titled -= listing
    for idx, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        if nodes and (RE_FURNITURE.match(line) or RE_DATE_LINE.match(line)):
            if current is not None and pending_sign is not None and RE_DATE_LINE.match(line):
                # the issuer's signature lines above a closing date are not part of the last measure
                nodes[current].end = pending_sign
            current = None
            if RE_FURNITURE.match(line) and not RE_LABEL.match(line):
                body_end = min(body_end, start) if body_end == len(text) else body_end
                stopped = stopped or bool(RE_END.match(line))
            continue
        annex = None
        if idx not in listing:
            annex = RE_ANNEX.match(line) or (RE_ANNEX_TITLED.match(line) if idx in titled else None)
        m = RE_LABEL.match(line) if idx not in listing else None
        info = _label_of(m) if m else None
        if stopped and not annex:
            ignored.append((start, end, "after_footer"))
            continue  # after 抄送/编辑: a web page's related-article list, not the document
        if annex:
            stopped = False
            raw = annex.group("n") or ""
            n = cn_to_int(raw) or 1 if raw else 1
            info = ("annex", n, "附件" + raw)
            stack = []
        if info is not None:
            style, number, label = info
            while stack and nodes[stack[-1]].style != style and style in {nodes[i].style for i in stack}:
                stack.pop()
            if stack and nodes[stack[-1]].style == style:
                stack.pop()
            # "一、" never sits under "1." or "（一）": an outer style closes inner ones left open
            while stack and _RANK.get(nodes[stack[-1]].style, 9) > _RANK.get(style, 9):
                stack.pop()
            parent = stack[-1] if stack else None
            path = label if parent is None else f"{nodes[parent].path}/{label}"
            if annex is not None and "title" in annex.groupdict():
                body_start = start + annex.start("title")  # the annex's title is its node's title
            else:
                body_start = start + (annex.end() if annex else m.end() if m else 0)
            node = Node(style, number, label, path, start, body_start, end, parent)
            if parent is not None:
                nodes[parent].children.append(len(nodes))
            nodes.append(node)
            stack.append(len(nodes) - 1)
            current = len(nodes) - 1
            pending_sign = None
            body_end = len(text)
        elif current is not None:
            if len(line) <= 25 and not RE_SIGNATURE_PUNCT.search(line):
                pending_sign = start - 1 if pending_sign is None else pending_sign
            else:
                pending_sign = None
            nodes[current].end = end
        elif nodes and not (len(line) <= 25 and not RE_SIGNATURE_PUNCT.search(line)):
            ignored.append((start, end, "between_nodes"))  # prose after furniture, before the next node
    _split_inline(text, nodes)
    _dedupe_paths(nodes)
    for node in nodes:
        _title_and_text(text, node)
    first = nodes[0].start if nodes else len(text)
    return Segmentation(text, nodes, first, body_end, _merge_runs(ignored))


def _merge_runs(runs: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Adjacent ignored lines with the same reason make one run."""
    out: list[tuple[int, int, str]] = []
    for s, e, why in runs:
        if out and out[-1][2] == why and out[-1][1] + 1 >= s:
            out[-1] = (out[-1][0], e, why)
        else:
            out.append((s, e, why))
    return out


def _titled_annexes(lines: list[str]) -> set[int]:
    """Lines "附件1：某市考评指标" after which numbering restarts (the next label within 3 lines is 1)."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if not line.startswith("附件") or RE_ANNEX.match(line) or not RE_ANNEX_TITLED.match(line):
            continue
        for nxt in lines[i + 1 : i + 4]:
            m = RE_LABEL.match(nxt)
            info = _label_of(m) if m else None
            if info is not None:
                if info[1] == 1:
                    out.add(i)
                break
    return out


def _annex_list_lines(lines: list[str], titled: set[int] | None = None) -> set[int]:
    """Lines of an attachment list ("附件：1.某市考评指标" / "2.…") that the annexes themselves follow.

    Such a list is part of the main text, never a node: the annex headed ``附件`` or ``附件1`` below
    it is the node, so the annex keeps its one path whatever the list line looks like.
    """
    out: set[int] = set()
    last_heading = max(
        (i for i, ln in enumerate(lines) if RE_ANNEX.match(ln) or i in (titled or ())), default=-1
    )
    for i, line in enumerate(lines):
        if i >= last_heading or not RE_ANNEX_LIST.match(line):
            continue  # a list needs an annex heading below it
        out.add(i)
        j = i + 1
        while j < len(lines) and RE_ANNEX_LIST_ITEM.match(lines[j]) and not RE_ANNEX.match(lines[j]):
            out.add(j)
            j += 1
        if j == i + 1 and RE_ANNEX.match(line) and not line.rstrip().endswith(("：", ":")):
            out.discard(i)  # a bare "附件" heading with its annex below, not a list
    return out


def _split_inline(text: str, nodes: list[Node]) -> None:
    """Make "(1)…(2)…" or "①…②…" inside one paragraph child nodes of that paragraph's node."""
    for idx in range(len(nodes)):
        node = nodes[idx]
        if node.children or node.style in ("par", "circ"):
            continue
        body = text[node.body_start : node.end]
        for pattern, style in ((RE_INLINE_PAR, "par"), (RE_INLINE_CIRC, "circ")):
            marks = list(pattern.finditer(body))
            seq: list[re.Match[str]] = []
            for mk in marks:
                raw = mk.group(1)
                n = int(raw) if raw.isascii() and raw.isdigit() else ord(raw) - ord("①") + 1
                if n == len(seq) + 1:
                    seq.append(mk)
            if len(seq) < 2:
                continue
            ends = [mk.start() for mk in seq[1:]] + [len(body)]
            # a unit parenthesis closing the last item belongs to the whole measure
            tail = RE_TRAILING_UNITS.search(body, seq[-1].end())
            if tail and RE_TRAILING_UNITS.search(body[seq[0].start() : seq[-1].start()].rstrip() + "\n"):
                tail = None  # each item has its own unit parenthesis: the last one is the last item's
            if tail:
                ends[-1] = tail.start()
                node.extra.append((node.body_start + tail.start(), node.body_start + tail.end()))
            for k, mk in enumerate(seq):
                raw = mk.group(1)
                n = k + 1
                label = f"({raw})" if style == "par" else raw
                s = node.body_start + mk.start() + (len(mk.group(0)) - len(mk.group(0).lstrip()))
                child = Node(
                    style,
                    n,
                    label,
                    f"{node.path}/{label}",
                    s,
                    node.body_start + mk.end(),
                    node.body_start + ends[k],
                    idx,
                )
                node.children.append(len(nodes))
                nodes.append(child)
            node.end = node.body_start + seq[0].start()
            break
    order = sorted(range(len(nodes)), key=lambda i: (nodes[i].start, i))
    if order != list(range(len(nodes))):
        remap = {old: new for new, old in enumerate(order)}
        reordered = [nodes[i] for i in order]
        for moved in reordered:
            moved.parent = None if moved.parent is None else remap[moved.parent]
            moved.children = [remap[c] for c in moved.children]
        nodes[:] = reordered


def _dedupe_paths(nodes: list[Node]) -> None:
    """A repeated label under the same parent (a typo or a restarted list) gets a "#2" suffix."""
    seen: dict[str, int] = {}
    for node in nodes:
        parent_path = "" if node.parent is None else nodes[node.parent].path
        base = node.label if not parent_path else f"{parent_path}/{node.label}"
        path = base
        if path in seen:
            seen[base] += 1
            path = f"{base}#{seen[base]}"
        seen.setdefault(path, 1)
        node.path = path


def _title_and_text(text: str, node: Node) -> None:
    """Title: up to the first 。, unit parenthesis or line end; text: the rest of the node's own text."""
    s, e = node.body_start, node.end
    while s < e and text[s] in " \t":
        s += 1
    line_end = text.find("\n", s, e)
    line_end = e if line_end < 0 else line_end
    stop = line_end
    full_stop = text.find("。", s, line_end)
    if full_stop >= 0:
        stop = full_stop
    for m in RE_OPEN_BRACKET.finditer(text[s:stop]):
        close = _matching_close(text, s + m.start(), line_end)
        inner = text[s + m.start() + 1 : close]
        if RE_UNIT_MARK.search(inner) or close >= line_end - 1:
            if RE_UNIT_MARK.search(inner) or _looks_like_unit_list(inner):
                stop = s + m.start()
                break
    title = text[s:stop].strip()
    node.title = _CJK_SPACE.sub("", title).rstrip("。")
    node.title_span = (s, stop)
    t = stop + 1 if stop < e and text[stop] == "。" else stop
    while t < e and text[t] in " \n。":
        t += 1
    node.text_span = (t, max(t, e))


def _matching_close(text: str, open_at: int, limit: int) -> int:
    depth = 0
    for i in range(open_at, limit):
        ch = text[i]
        if ch in "（(〔【":
            depth += 1
        elif ch in "）)〕】":
            depth -= 1
            if depth == 0:
                return i
    return limit


def _looks_like_unit_list(inner: str) -> bool:
    return bool(RE_UNIT_END.search(inner.strip()))
