from policyparse import parse

from .conftest import node


def indicators(text: str, path: str = "(一)") -> list[str]:
    return [i.name for i in node(parse(text), path).indicators]


def test_title_keyword():
    assert indicators("（一）获得电力。高压客户办电环节由6个压减至4个。") == ["获得电力"]


def test_specific_title_beats_generic():
    assert indicators("（一）推进企业开办注销审批再提速。简化手续。") == ["开办企业"]


def test_text_keywords_when_title_silent():
    assert indicators("（一）深化改革。推进不动产登记，不动产抵押登记全程网办。") == ["登记财产"]


def test_weak_or_tied_text_gives_none():
    assert indicators("（一）加强组织领导。各部门要充分认识优化营商环境的重要性。") == []


def test_sub_items_serve_their_measure():
    text = "1.全面优化不动产登记（牵头单位：旗自然资源局）\n（1）深化一窗受理。加快推进办理。"
    assert indicators(text, "1/(1)") == ["登记财产"]


def test_indicator_span_is_the_keyword():
    led = parse("（一）获得电力。推进改革。")
    i = node(led, "(一)").indicators[0]
    assert led.text[i.span[0] : i.span[1]] == "获得电力"
