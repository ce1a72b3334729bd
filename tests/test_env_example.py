"""Every environment variable the settings read is documented in .env.example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_variable_is_in_env_example() -> None:
    settings_src = (ROOT / "yingshang" / "settings.py").read_text("utf-8")
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', settings_src))
    read |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z0-9_]+)"', settings_src)) - {"name"}
    documented = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text("utf-8"), re.M))
    assert read, "no variables found: the pattern no longer matches settings.py"
    assert sorted(read - documented) == []
