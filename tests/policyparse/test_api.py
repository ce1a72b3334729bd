import json
import subprocess
import sys
from datetime import date

import pytest

import policyparse
from policyparse import Options, parse

BODY = "一、任务\n（一）企业开办。1个工作日内办结。（市场监管局牵头）"


def test_all_is_defined():
    assert {"parse", "parse_file", "read_text", "Options", "Ledger"} <= set(policyparse.__all__)


def test_options_unknown_key_raises():
    with pytest.raises(ValueError, match="unknown option"):
        parse(BODY, options={"issued": "2021-01-01"})


def test_options_from_dict_and_dataclass():
    assert Options.coerce({"issued_on": "2021-01-01"}).issued_on == date(2021, 1, 1)
    assert Options.coerce(Options(issued_on=date(2021, 1, 1))).issued_on == date(2021, 1, 1)


def test_to_dict_matches_schema_without_spans():
    d = parse(BODY).to_dict()
    assert "span" not in json.dumps(d)
    assert set(d["document"]) == {"title", "doc_number", "issuers", "issue_date", "kind"}


def test_spans_on_request():
    led = parse(BODY)
    d = led.to_dict(spans=True)
    m = d["measures"][1]
    s, e = m["title_span"]
    assert led.text[s:e] == "企业开办"
    assert m["targets"][0]["span"]


def test_ledger_exposes_normalised_text():
    assert parse("（一）企业开办。１个工作日内办结。").text == "（一）企业开办。1个工作日内办结。"


def test_measures_and_values_are_frozen():
    m = parse(BODY).measures[0]
    with pytest.raises(AttributeError):
        m.path = "x"  # type: ignore[misc]


def test_library_never_prints(capsys: pytest.CaptureFixture[str]):
    parse(BODY)
    assert capsys.readouterr() == ("", "")


def test_does_not_import_django():
    code = "import sys, policyparse; policyparse.parse('一、任务'); print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_scans_lines_are_its_paragraphs_with_the_paragraphs_option():
    # a preamble whose full stop OCR lost: as text it runs on into the signature; as a scan's paragraph it ends
    text = (
        "各部门：\n现将《某区重点任务清单》印发给你们，请对照清单抓好落实，每月25日前报送工作进展\n"
        "某区营商办\n2025年3月5日\n某区重点任务清单\n一、任务\n（一）甲事项。年底前完成。"
    )
    assert parse(text).document.issue_date is None
    assert parse(text, options={"paragraphs": True}).document.issue_date == date(2025, 3, 5)
    with pytest.raises(ValueError, match="paragraphs"):
        Options.coerce({"paragraphs": "yes"})
