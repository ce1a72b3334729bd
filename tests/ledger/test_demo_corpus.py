"""Without ../shared beside the checkout the ledger demo loads its one built-in document and says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yingshang.ledger import demo


def test_demo_says_when_the_shared_corpus_is_missing(settings: Any, tmp_path: Path) -> None:
    settings.BASE_DIR = tmp_path / "checkout"
    lines: list[str] = []
    assert demo._seed_files(lines.append) == []
    assert len(lines) == 1 and str(tmp_path / "shared" / "corpus" / "docs") in lines[0]


def test_demo_is_quiet_when_the_shared_corpus_is_there(settings: Any, tmp_path: Path) -> None:
    docs = tmp_path / "shared" / "corpus" / "docs"
    docs.mkdir(parents=True)
    (docs / "001_example.txt").write_text("示例", encoding="utf-8")
    settings.BASE_DIR = tmp_path / "checkout"
    lines: list[str] = []
    assert demo._seed_files(lines.append) == [docs / "001_example.txt"]
    assert lines == []
