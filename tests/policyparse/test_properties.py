from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse import parse

# Text that looks like a policy document often enough to reach every stage.
FRAGMENTS = st.sampled_from(
    [
        "一、", "（一）", "( 十 五 )", "1.", "（1）", "①", "附件1\n", "\n", "。", "，", "牵头单位：", "责任单位:",
        "市场监管局", "牵头", "按职责分工负责", "（", "）", "2021年6月底前", "由45个工作日减为20个工作日",
        "分别压减至5个、20个工作日内", "每季度", "100%", "第一责任单位为牵头单位，下同", "以下任务均需各县(区)负责落实，不再一一列出",
        "序号\t重点工作\t责任单位\n", "\t", "企业开办", "年内", "6月底",
    ]
)  # fmt: skip
DOCS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=40).map("".join)


def _check(text: str) -> None:
    ledger = parse(text)
    paths = [m.path for m in ledger.measures]
    assert len(paths) == len(set(paths))
    ledger.to_json()
    for m in ledger.measures:
        for u in m.lead_units + m.cooperating_units + m.implied_units:
            assert 0 <= u.span[0] <= u.span[1] <= len(ledger.text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text: str):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(DOCS)
def test_document_like_text_never_raises(text: str):
    _check(text)
