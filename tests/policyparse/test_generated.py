"""Generated documents whose right answer is known by construction.

numbering styles × unit-list styles × table layouts × deadline phrasings: each document is built from
items with known paths, lead and cooperating units and due dates, then parsed and compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse import parse

from .conftest import node

UNITS = [
    "市发展改革委", "市市场监管局", "市税务局", "市数据资源局", "合肥海关", "市政务服务中心", "国网青山供电公司",
    "市中级人民法院", "人民银行青山分行", "市数字经济专班", "市住房城乡建设局", "市人力资源社会保障局",
]  # fmt: skip
WORKS = [
    "推行企业开办全程网办",
    "压减工程建设审批时间",
    "推进水电气联合报装",
    "优化纳税缴费服务",
    "深化跨境贸易便利化",
]

# (phrase in running text, due) in a document for 2023 (the year in its title, no signing date)
PROSE_DEADLINES = [
    ("2023年6月底前完成", "2023-06-30"), ("9月底前实现", "2023-09-30"), ("6月份完成上线", "2023-06-30"),
    ("三季度末前完成", "2023-09-30"), ("年底前实现全覆盖", "2023-12-31"), ("5月取得明显成效", "2023-05-31"),
    ("持续推进", None), ("长期坚持", None),
]  # fmt: skip
# (完成时限 cell, due)
CELL_DEADLINES = [("全年", "2023-12-31"), ("2023年6月底前", "2023-06-30"), ("9月底前", "2023-09-30"),
                  ("持续推进", None), ("长期坚持", None)]  # fmt: skip
CN = "一二三四五六七八九十"


@dataclass
class Item:
    work: str
    lead: list[str]
    coop: list[str]
    deadline: tuple[str, str | None]


def _units(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    names = draw(st.lists(st.sampled_from(UNITS), min_size=2, max_size=4, unique=True))
    k = draw(st.integers(1, len(names) - 1))
    return names[:k], names[k:]


@st.composite
def items(draw: st.DrawFn, deadlines: list[tuple[str, str | None]]) -> list[Item]:
    out = []
    for _ in range(draw(st.integers(1, 5))):
        lead, coop = _units(draw)
        out.append(Item(draw(st.sampled_from(WORKS)), lead, coop, draw(st.sampled_from(deadlines))))
    return out


def unit_list(style: str, lead: list[str], coop: list[str]) -> str:
    lead_s, coop_s = "、".join(lead), "、".join(coop)
    return {
        "paren_marks": f"（{lead_s}牵头，{coop_s}按职责分工负责）",
        "paren_coop": f"({lead_s}牵头，{coop_s}配合)",
        "paren_labels": f"（牵头单位：{lead_s}；配合单位：{coop_s}）",
        "bracket_labels": f"〔牵头单位：{lead_s}，责任单位：{coop_s}〕",
        "bare_lines": f"\n牵头单位：{lead_s}\n配合单位：{coop_s}",
        "bare_lines_alt": f"\n主责单位：{lead_s}\n协办单位：{coop_s}",
    }[style]


def label(style: str, n: int) -> tuple[str, str]:
    """(label as written, path part) for item n (1-based) under a group heading."""
    cn = CN[n - 1]
    return {
        "paren_cn": (f"（{cn}）", f"({cn})"),
        "half_paren_cn": (f"({cn})", f"({cn})"),
        "spaced_paren_cn": (f"( {cn} )", f"({cn})"),
        "arabic_dot": (f"{n}.", f"{n}"),
        "arabic_comma": (f"{n}、", f"{n}"),
    }[style]


@dataclass
class Built:
    text: str
    expected: dict[str, Item]


@st.composite
def prose_documents(draw: st.DrawFn) -> Built:
    numbering = draw(
        st.sampled_from(["paren_cn", "half_paren_cn", "spaced_paren_cn", "arabic_dot", "arabic_comma"])
    )
    units_style = draw(
        st.sampled_from(
            ["paren_marks", "paren_coop", "paren_labels", "bracket_labels", "bare_lines", "bare_lines_alt"]
        )
    )
    its = draw(items(PROSE_DEADLINES))
    lines = ["青山市2023年优化营商环境工作方案", "为持续优化营商环境，制定本方案。", "一、重点任务"]
    expected = {}
    for n, it in enumerate(its, 1):
        written, part = label(numbering, n)
        lines.append(f"{written}{it.work}。{it.deadline[0]}。{unit_list(units_style, it.lead, it.coop)}")
        expected[f"一/{part}"] = it
    return Built("\n".join(lines), expected)


HEADER = ["序号", "重点工作", "牵头单位", "配合单位", "完成时限"]


@st.composite
def table_documents(draw: st.DrawFn) -> Built:
    layout = draw(st.sampled_from(["tabs", "pipes", "cells_bar", "cells_bare"]))
    order = [0, *draw(st.permutations([1, 2, 3, 4]))]  # 序号 first, the other columns in any order
    its = draw(items(CELL_DEADLINES))
    rows = [[HEADER[i] for i in order]]
    for n, it in enumerate(its, 1):
        cells = [str(n), it.work, "、".join(it.lead), "、".join(it.coop), it.deadline[0]]
        rows.append([cells[i] for i in order])
    lines = ["青山市2023年营商环境重点任务清单", "各有关单位："]
    if layout == "tabs":
        lines += ["\t".join(r) for r in rows]
    elif layout == "pipes":
        lines += [" | ".join(r) for r in rows]
    else:
        end = " |" if layout == "cells_bar" else ""
        lines += [f"{c}{end}" for r in rows for c in r]
    return Built("\n".join(lines), {str(n): it for n, it in enumerate(its, 1)})


def _check(built: Built) -> None:
    led = parse(built.text)
    assert [m.path for m in led.leaves] == list(built.expected), built.text
    for path, it in built.expected.items():
        m = node(led, path)
        assert [u.name for u in m.lead_units] == it.lead, built.text
        assert [u.name for u in m.cooperating_units] == it.coop, built.text
        dues = [d.due.isoformat() for d in m.deadlines if d.due]
        assert dues == ([it.deadline[1]] if it.deadline[1] else []), built.text
    assert led.warnings == (), built.text


@settings(max_examples=150, deadline=None)
@given(prose_documents())
def test_generated_prose_documents(built: Built):
    _check(built)


@settings(max_examples=150, deadline=None)
@given(table_documents())
def test_generated_table_documents(built: Built):
    _check(built)


@settings(max_examples=150, deadline=None)
@given(st.one_of(prose_documents(), table_documents()), st.data())
def test_generated_documents_cut_anywhere_never_raise(built: Built, data: st.DataObject):
    cut = data.draw(st.integers(0, len(built.text)))
    led = parse(built.text[:cut])
    led.to_json()
    for ignored in led.ignored:
        assert 0 <= ignored.span[0] <= ignored.span[1] <= len(led.text)
