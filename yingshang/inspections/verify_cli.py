"""`yingshang verify-draw FILE`: re-run a published draw file offline and compare every hash."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Protocol

from yingshang.inspections.draw import DrawInputError, verify_file

LABELS = {
    "target_pool": "检查对象库",
    "inspector_pool": "执法检查人员库",
    "recusals": "回避关系",
    "parameters": "抽取参数",
    "algorithm": "算法版本",
    "seed_source": "种子来源",
    "combined": "总承诺值",
    "result": "抽取结果",
    "assignments": "名单",
}


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


def verify_path(path: str, out: Writer = sys.stdout) -> int:
    """0 when every hash matches, 1 when one differs, 2 when the file cannot be read."""
    try:
        document = json.loads(Path(path).read_bytes())
        checks = verify_file(document)
    except (OSError, ValueError) as exc:
        message = exc.message if isinstance(exc, DrawInputError) else str(exc)
        out.write(f"无法核验：{message}\n")
        return 2
    for check in checks:
        mark = "一致" if check.ok else "不一致"
        out.write(f"{mark}  {LABELS.get(check.name, check.name)}  {check.computed}\n")
        if not check.ok:
            out.write(f"      公布值  {check.published}\n")
    ok = all(c.ok for c in checks)
    out.write("核验通过：重新计算的结果与公布的完全一致。\n" if ok else "核验失败：有不一致的哈希值。\n")
    return 0 if ok else 1
