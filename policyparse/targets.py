"""Stage 7: quantified targets — a number with a unit of measure that can be checked later.

Patterns run from the most specific (由X压减至Y, 分别…) to the loosest (a bare count with a
commitment verb); a number claimed by one pattern is not read again. Sentences that set policy
parameters (tax rates, subsidies, eligibility thresholds) are skipped whole. A percentage whose
``%`` the text dropped ("纳税人90以上主要涉税服务事项") is reported with ``estimated=True``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .lexicon import load
from .model import Target
from .numerals import to_number

_LEX = load("targets")
_W = _LEX["words"]
_UNIT_NAMES: dict[str, str] = _LEX["unit_names"]
_TIME_UNITS = set(_LEX["time_units"])
_AMOUNT_UNITS = set(_LEX["amount_units"])


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_NUM = r"\d+(?:\.\d+)?"
# a range keeps its upper bound: "压减至3—6个工作日内"
_NUMR = rf"{_NUM}(?:\s*[—–\-~～至到]\s*{_NUM})?"
_CN_NUM = r"[一二两三四五六七八九十百]{1,4}(?:点[一二三四五六七八九〇零]{1,2})?"
_UNIT = (
    "(?:"
    + _alt(_LEX["time_units"] + _LEX["amount_units"] + ["个百分点", "百分点"] + _LEX["count_units"])
    + "|%)"
)
_TIME = "(?:" + _alt(_LEX["time_units"]) + ")"
_REDUCE = _alt(_W["reduce"] + _W["raise"])

# "企业简易注销公告时间由45个工作日减为20个工作日"  "高压客户办电环节由6个压减至4个"
RE_FROM_TO = re.compile(
    rf"由\s*(?P<base>{_NUM})\s*(?P<bunit>{_UNIT})?\s*(?P<verb>{_REDUCE})(?:为|至|到)\s*"
    rf"(?P<val>{_NUMR})\s*(?P<unit>{_UNIT})(?P<slash>/[户件次])?"
)

# "全过程办电时间分别压减至5个、20个工作日内"  "采购比例分别不低于政府采购项目预算总额的30%、20%"
RE_RESPECTIVELY = re.compile(
    rf"分别[^，,；;。\d]{{0,24}}?(?P<list>{_NUM}\s*(?:{_UNIT})?(?:\s*[、,，和及]\s*{_NUM}\s*(?:{_UNIT})?)+)"
)

# "城区千兆宽带端口占比达到50%、90%、100%"
RE_PCT_LIST = re.compile(rf"(?P<list>{_NUM}\s*%(?:\s*[、,，]\s*{_NUM}\s*%)+)")

# "将办理建筑许可时限压减至65个工作日内"  "将社保登记和企业设立登记合并为一个环节"  "压减在1个工作日内办结"
RE_REDUCE_TO = re.compile(
    rf"(?P<verb>{_alt(_W['reduce'] + _W['raise'] + _W['merge'])})(?:为|至|到|在)\s*"
    rf"(?P<val>{_NUMR}|{_CN_NUM})\s*(?P<unit>{_UNIT})(?P<slash>/[户件次])?"
)

# "平均停电时间不超过7小时/户"  "登记失业率保持在4.5%以内"  "依申请业务网上办税达到99%"
RE_BOUND = re.compile(
    rf"(?P<verb>{_alt(_W['cap'] + _W['floor'])})\s*(?P<val>{_NUMR})\s*(?P<unit>{_UNIT})(?P<slash>/[户件次])?"
)

# "15个工作日内完成审查"  "2021年8月底前全旗企业开办时间实现0.5个工作日办结"  "1日办结"
RE_WITHIN = re.compile(rf"(?<![\d.月第])(?P<val>{_NUMR})\s*(?P<unit>{_TIME})(?=以内|内|办结|完成)")

# "普惠小微贷款综合融资成本再降0.5个百分点"
RE_POINTS = re.compile(
    rf"(?P<verb>降低|下降|降|提高|提升|增加|减少|压减)\s*(?P<val>{_NUM})\s*(?P<unit>个?百分点)"
)

# "40%的事项实现“不见面审批”"  "实现监管执法信息100%归集公示"
RE_PERCENT = re.compile(rf"(?<![\d.])(?P<val>{_NUM})\s*(?P<unit>%)")

# "实现税务登记等6类事项全区通办"  "50个以上高频事项"  "发放创业担保贷款7700万元以上"
RE_COUNT = re.compile(
    rf"(?<![\d.第号])(?P<val>{_NUM})\s*(?:余|多)?\s*(?P<unit>{_alt(_LEX['count_units'] + _LEX['amount_units'])})"
    r"(?P<more>以上)?"
)

# A percentage whose % was dropped: "实现纳税人90以上主要涉税服务事项网上办理"
RE_PCT_DROPPED_ABOVE = re.compile(r"(?<![\d.])(?P<val>\d{2,3})以上(?=[\u4e00-\u9fff])")
# "预付款比例原则上不低于合同金额的30;"
RE_PCT_DROPPED_OF = re.compile(
    rf"(?:{_alt(_W['cap'] + _W['floor'])})[^，,；;。]{{0,15}}?的\s*(?P<val>\d{{1,3}}(?:\.\d+)?)(?=\s*(?:[；;，,。]|$))"
)
# "实现《纳税服务规范3.0 版》90常见业务服务事项“最多跑一次”"
RE_PCT_DROPPED_BARE = re.compile(
    r"(?:实现|达到)[^，,；;。]{0,20}?(?<![\d.年第号])(?P<val>\d{2,3})(?=[\u4e00-\u9fff])"
)

# A sentence that sets policy parameters: "按20%的税率缴纳企业所得税"  "…劳动合同的,可申请最高不超过300万元"
RE_POLICY_SENTENCE = re.compile(_alt(_W["policy_sentence"]))
# A clause that grants money or caps a grant: "给予一次性开业补贴,补贴标准为5000元"  "每个项目最多30万元"
RE_POLICY_CLAUSE = re.compile(_alt(_W["policy_clause"]) + r"|最[多高长低]\s*(?:不超过)?\s*\d")

# A sentence and a clause, the scopes of the two policy tests.
RE_SENTENCE = re.compile(r"[^；;。\n]+")
# (a clause: "按技术成果交易额的20%给予承接单位补助")
RE_CLAUSE = re.compile(r"[^，,；;。\n]+")

# Text a target number never comes from: book titles and document numbers.
RE_SKIP_SPAN = re.compile(r"《[^》]{0,80}》|〔\d{4}〕\s*\d+\s*号")

# The bounds of a range: "3—6个工作日"
RE_RANGE_SPLIT = re.compile(r"\s*[—–\-~～至到]\s*")
# One value of a list, its unit optional: "5个、20个工作日"  "5、6、8个工作日"  "50%、90%、100%"
RE_LIST_ITEM = re.compile(rf"(?P<val>{_NUM})\s*(?P<unit>{_UNIT})?")
# The unit after a list that names it once: "分别压缩至5、6、8个工作日"
RE_UNIT_AFTER = re.compile(rf"\s*(?P<unit>{_UNIT})")
# A percentage of items that reach a state: "40%的事项实现“不见面审批”"
RE_ACHIEVE = re.compile(r"实现|办理|覆盖|完成|接入|纳入|使用|享受")
# A floor rather than an exact value: "安全利用率达到100%"
RE_AT_LEAST = re.compile(r"达到|不低于|以上")
# A count right after a count of classes: "4类15项涉税事项全国通办"
RE_AFTER_CLASSES = re.compile(rf"{_NUM}\s*类$")
# Another number just before a count means the count belongs to it: "年供气量5%储气需求";
# a digit inside a token such as 5G or 4K does not: "新增5G基站800座"
RE_DIGIT = re.compile(r"\d(?![A-Za-z\d])")
# A count that closes its clause after an action verb is a target even without a commitment word:
# "累计建设基站4600个"  "组织政银企对接活动12场"  "建立涉企行政执法监督联系点20个"
RE_CLAUSE_END = re.compile(r"^(?:以上|左右)?\s*$")
# A baseline the document starts from is not a target: "在现有…等12项…的基础上"
RE_BASELINE = re.compile(r"基础上")
# A Chinese-numeral count with a commitment word after it: "推动三十六项高频事项实现“跨域通办”"
RE_COUNT_CN = re.compile(
    r"(?<![一二两三四五六七八九十百千万第每])(?P<val>[一二两三四五六七八九十百]{2,4})(?P<unit>项|类|件|个)"
)
# Connectives at the head of a subject: "并将办理建筑许可时限压减至65个工作日内"
RE_SUBJECT_HEAD = re.compile(r"^(?:并|且|同时|全面|进一步|力争|确保|实现|将|把|对|在)+")
# A percentage of a duration is a time target: "所有审批事项办理时限在现有基础上再压缩不低于30%"
RE_TIME_WORDS = re.compile(r"时间|时限|耗时")
# Money that is a cost to enterprises: "普惠小微贷款综合融资成本再降0.5个百分点"
RE_COST_WORDS = re.compile(r"成本|费用|费")

# The words before a percentage that make it a commitment: "依申请业务网上办税达到99%"  "差评整改率100%"
_FLOOR_BEFORE = re.compile(
    r"(?:达到|达|为|至|到|不低于|不少于|超过|覆盖|占比|提高|提升|压缩|压减|降低|降|减少|缩短|下降|增长|精简|节约|提速"
    r"|保持在|控制在|不超过|不高于)[^，,；;。\d]{0,6}$|(?:率|比例|比重)$"
)
# Commitment verbs before and after a count: "全年收储土地5000余亩"  "72项事项“跨省通办”"
_COUNT_BEFORE = re.compile(_alt(_W["count_before"]))
_COUNT_AFTER = re.compile(_alt(_W["count_after"]))
# An action verb at most four characters before a count: "联通全市40个部门数据"  "建成12类功能模块"
RE_VERB_NEAR = re.compile("(?:" + _alt(_W["count_before"]) + r")[\u4e00-\u9fff]{0,4}$")
_VERB_NEAR_SPAN = max(map(len, _W["count_before"])) + 4  # the tail of a clause that can hold it
# Words right after a percentage that make it a commitment: "100%回访整改"  "85%以上的企业纳入"
_PERCENT_AFTER = tuple(_W["percent_after"])
# A unit right after a bare number means it is no dropped percentage: "实现24小时在线申请"
RE_UNIT_AHEAD = re.compile(rf"\s*(?:{_UNIT}|小时|千瓦|千伏|兆|吉|G|M)")
_UNIT_CHARS = set("个项类件家次人户条批场表份张种所座元亩%天日月年周时分米吨万亿千百余多后前")
_STOP = "，,；;。\n"
MAX_CLAUSE = 300
_SENT_STOP = "；;。\n"


@dataclass
class _Cand:
    s: int  # number span in the node segment
    e: int
    value: float
    unit: str
    comparator: str
    baseline: float | None = None
    estimated: bool = False


def extract_targets(text: str, start: int, end: int) -> list[Target]:
    """Targets in ``text[start:end]`` (a node's title and text)."""
    seg = text[start:end]
    masked = RE_SKIP_SPAN.sub(lambda m: "#" * len(m.group(0)), seg)
    policy = policy_mask(masked)
    claimed: list[tuple[int, int]] = []
    out: list[_Cand] = []

    def take(c: _Cand) -> None:
        if policy[c.s] or any(a < c.e and c.s < b for a, b in claimed):
            return
        claimed.append((c.s, c.e))
        out.append(c)

    for finder in (
        _from_to,
        _respectively,
        _pct_list,
        _reduce_to,
        _points,
        _bound,
        _within,
        _percent,
        _count,
        _dropped,
    ):
        for c in finder(masked):
            take(c)
    targets = []
    for c in sorted(out, key=lambda c: c.s):
        a, b = _clause(seg, c.s, c.e)
        phrase = seg[a:b].strip()
        subject = _subject(seg[a : c.s])
        targets.append(
            Target(
                phrase=phrase,
                subject=subject,
                metric=_metric(c.unit, seg[a:b]),
                comparator=c.comparator,
                value=c.value,
                unit=c.unit,
                baseline=c.baseline,
                span=(start + a, start + b),
                estimated=c.estimated,
            )
        )
    return targets


def policy_mask(s: str, *, sentences: bool = True) -> bytearray:
    """Non-zero at every character of a sentence (or clause) that sets policy parameters.

    ``sentences=False`` tests clauses only (a duty's period stays a duty in a sentence that also
    mentions a weight or a validity period).
    """
    mask = bytearray(len(s) + 1)
    scopes = ((RE_SENTENCE, RE_POLICY_SENTENCE), (RE_CLAUSE, RE_POLICY_CLAUSE))
    for piece, pattern in scopes if sentences else scopes[1:]:
        for m in piece.finditer(s):
            if pattern.search(m.group(0)):
                mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _clause(s: str, a: int, b: int) -> tuple[int, int]:
    """The clause around s[a:b], at most MAX_CLAUSE characters each way (keeps long runs linear)."""
    lo, hi = max(0, a - MAX_CLAUSE), min(len(s), b + MAX_CLAUSE)
    while a > lo and s[a - 1] not in _STOP:
        a -= 1
    while b < hi and s[b] not in _STOP:
        b += 1
    return a, b


def _unit_name(unit: str, slash: str | None = None) -> str:
    u = _UNIT_NAMES.get(unit, unit)
    return u + (slash or "")


def _upper(val: str) -> float | None:
    parts = RE_RANGE_SPLIT.split(val)
    nums = [to_number(p) for p in parts if p]
    nums_f = [n for n in nums if n is not None]
    return max(nums_f) if nums_f else None


def _threshold_after(s: str, e: int) -> bool:
    """ "超过100人的" or "1000万元及以下小微企业": an eligibility threshold, not a commitment."""
    return s.startswith(("的", "及以下", "及以上", "以下的", "以上的", "以内的", "左右的"), e)


def _from_to(s: str) -> Iterator[_Cand]:
    for m in RE_FROM_TO.finditer(s):
        val = _upper(m.group("val"))
        base = to_number(m.group("base"))
        if val is None:
            continue
        up = m.group("verb") in _W["raise"]
        yield _Cand(m.start("base"), m.end(), val, _unit_name(m.group("unit"), m.group("slash")),
                    ">=" if up else "<=", base)  # fmt: skip


def _respectively(s: str) -> Iterator[_Cand]:
    for m in RE_RESPECTIVELY.finditer(s):
        yield from _list_values(s, m.start("list"), m.group("list"), ">=" if "不低于" in m.group(0) else "<=")


def _pct_list(s: str) -> Iterator[_Cand]:
    for m in RE_PCT_LIST.finditer(s):
        a, _ = _clause(s, m.start(), m.end())
        if not _FLOOR_BEFORE.search(s[a : m.start()]) and "分别" not in s[a : m.start()]:
            continue
        yield from _list_values(s, m.start("list"), m.group("list"), ">=")


def _list_values(s: str, offset: int, lst: str, comparator: str) -> Iterator[_Cand]:
    items = list(RE_LIST_ITEM.finditer(lst))
    if not items:
        return
    last_unit = items[-1].group("unit")
    if last_unit is None:
        # "分别压缩至5、6、8个工作日": the unit follows the list
        tail = RE_UNIT_AFTER.match(s, offset + len(lst))
        if tail is None:
            return
        last_unit = tail.group("unit")
    for it in items:
        unit = it.group("unit")
        if unit is None or (unit == "个" and last_unit.startswith("个")):
            unit = last_unit
        val = to_number(it.group("val"))
        if val is None:
            continue
        end = offset + it.end()
        if _threshold_after(s, end):
            continue
        yield _Cand(offset + it.start(), end, val, _unit_name(unit), comparator)


def _reduce_to(s: str) -> Iterator[_Cand]:
    for m in RE_REDUCE_TO.finditer(s):
        val = _upper(m.group("val"))
        if val is None:
            continue
        unit = m.group("unit")
        if re.fullmatch(_CN_NUM, m.group("val")) and not (unit.startswith("个") or unit in _TIME_UNITS):
            continue  # Chinese numerals with a measure word or time: "合并为一个环节" "压缩至三十六小时"
        if _threshold_after(s, m.end()):
            continue
        verb = m.group("verb")
        comparator = ">=" if verb in _W["raise"] else "=" if verb in ("合并", "整合") else "<="
        yield _Cand(m.start("val"), m.end(), val, _unit_name(unit, m.group("slash")), comparator)


def _points(s: str) -> Iterator[_Cand]:
    for m in RE_POINTS.finditer(s):
        val = to_number(m.group("val"))
        if val is not None:
            yield _Cand(m.start("val"), m.end(), val, "百分点", ">=")


def _bound(s: str) -> Iterator[_Cand]:
    for m in RE_BOUND.finditer(s):
        val = _upper(m.group("val"))
        if val is None or _threshold_after(s, m.end()):
            continue
        unit = m.group("unit")
        if unit in ("日", "天") and s.startswith(("前", "起"), m.end()):
            continue
        comparator = "<=" if m.group("verb") in _W["cap"] else ">="
        yield _Cand(m.start("val"), m.end(), val, _unit_name(unit, m.group("slash")), comparator)


def _within(s: str) -> Iterator[_Cand]:
    for m in RE_WITHIN.finditer(s):
        val = _upper(m.group("val"))
        if val is None:
            continue
        yield _Cand(m.start("val"), m.end(), val, _unit_name(m.group("unit")), "<=")


def _percent(s: str) -> Iterator[_Cand]:
    for m in RE_PERCENT.finditer(s):
        val = to_number(m.group("val"))
        if val is None:
            continue
        a, b = _clause(s, m.start(), m.end())
        before, after = s[a : m.start()], s[m.end() : b]
        ok = bool(_FLOOR_BEFORE.search(before))
        if not ok and after.startswith(_PERCENT_AFTER):
            ok = True
        if not ok and after.startswith("的") and RE_ACHIEVE.search(after[:20]):
            ok = True
        if not ok:
            continue
        if RE_BASELINE.search(after[:40]):
            continue
        if after.startswith(("以内", "以下")) or re.search(
            r"(?:不超过|不高于|控制在|保持在)[^，,；;。\d]{0,6}$", before
        ):
            comparator = "<="
        elif val == 100 and not RE_AT_LEAST.search(before + after[:2]):
            comparator = "="
        else:
            comparator = ">="
        yield _Cand(m.start(), m.end(), val, "%", comparator)


def _count(s: str) -> Iterator[_Cand]:
    for m in RE_COUNT.finditer(s):
        unit = m.group("unit")
        val = to_number(m.group("val"))
        if val is None or _threshold_after(s, m.end()):
            continue
        a, b = _clause(s, m.start(), m.end())
        before, after = s[a : m.start()], s[m.end() : b]
        if unit in ("日", "天") or s.startswith(("年", "月", "日", "号"), m.end("val")):
            continue
        ok = bool(m.group("more"))
        ok = ok or before.endswith("等") or bool(RE_AFTER_CLASSES.search(before))
        ok = ok or (unit == "个" and after.startswith("环节"))
        ok = ok or bool(_COUNT_AFTER.search(after[:25]))
        ok = ok or (unit != "个" and bool(_COUNT_BEFORE.search(before)) and not RE_DIGIT.search(before[-8:]))
        # "累计建设基站4600个" (the count ends its clause), "联通全市40个部门数据" (the verb just before)
        ok = ok or (
            (bool(RE_CLAUSE_END.match(after)) or RE_VERB_NEAR.search(before[-_VERB_NEAR_SPAN:]) is not None)
            and bool(_COUNT_BEFORE.search(before))
            and not RE_DIGIT.search(before[-8:])
        )
        if not ok or RE_BASELINE.search(after[:40]):
            continue
        # "1个环节": a number of steps is a ceiling
        comparator = "<=" if unit == "个" and after.startswith("环节") else ">="
        yield _Cand(m.start(), m.end(), val, _unit_name(unit), comparator)
    for m in RE_COUNT_CN.finditer(s):
        val = to_number(m.group("val"))
        a, b = _clause(s, m.start(), m.end())
        if val is None or val < 2 or not _COUNT_AFTER.search(s[m.end() : b][:25]):
            continue
        yield _Cand(m.start(), m.end(), val, m.group("unit"), ">=")


def _dropped(s: str) -> Iterator[_Cand]:
    for pattern in (RE_PCT_DROPPED_ABOVE, RE_PCT_DROPPED_OF, RE_PCT_DROPPED_BARE):
        for m in pattern.finditer(s):
            val = to_number(m.group("val"))
            nxt = s[m.end() : m.end() + 1]
            if (
                val is None
                or not 1 <= val <= 100
                or (nxt and nxt in _UNIT_CHARS)
                or RE_UNIT_AHEAD.match(s, m.end())
            ):
                continue
            if pattern is RE_PCT_DROPPED_BARE and s[m.start("val") - 1 : m.start("val")] in ("."):
                continue
            yield _Cand(m.start("val"), m.end("val"), val, "%", ">=", estimated=True)


def _subject(before: str) -> str:
    subj = RE_SUBJECT_HEAD.sub("", before.strip())
    subj = re.sub(
        r"(?:由|分别|压减|压缩|缩短|减少|降低|减|降|为|至|到|在|不超过|不低于|达到|达|控制在|保持在|实现|再)+$",
        "",
        subj,
    )
    return subj.strip(" ，,")


def _metric(unit: str, clause: str) -> str:
    if unit in _TIME_UNITS or unit.split("/")[0] in ("工作日", "自然日", "小时", "个月", "天", "日", "分钟"):
        return "time"
    if unit == "%":
        return "time" if RE_TIME_WORDS.search(clause) and "率" not in clause else "rate"
    if unit == "百分点":
        return "cost" if RE_COST_WORDS.search(clause) else "rate"
    if unit == "个" and "环节" in clause:
        return "steps"
    if unit in ("表", "份") or (unit == "件" and "材料" in clause):
        return "materials"
    if unit.endswith("元"):
        return "cost" if RE_COST_WORDS.search(clause) else "amount"
    if unit in _AMOUNT_UNITS:
        return "amount"
    return "count"
