"""The published draw file: every input in canonical form, the commitments, the seed and the result.

`verify_file` re-runs the draw from the file alone and compares each hash with the published one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .algorithm import draw_rows
from .canonical import (
    assignments_value,
    canonical_bytes,
    inspectors_value,
    parameters_value,
    recusals_value,
    sha256_hex,
    targets_value,
)
from .model import (
    ALGORITHM_VERSION,
    DrawInput,
    DrawInputError,
    DrawResult,
    Inspector,
    Item,
    Parameters,
    Recusal,
    Target,
)

FILE_FORMAT = "yingshang-draw-file/1"


def build_file(data: DrawInput, result: DrawResult, *, about: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "format": FILE_FORMAT,
        "about": about or {},
        "seed_source": data.seed_source,
        "seed": result.seed,
        "inputs": {
            "targets": targets_value(data.targets),
            "inspectors": inspectors_value(data.inspectors),
            "recusals": [list(r) for r in recusals_value(data.recusals)],
            "parameters": parameters_value(data.parameters),
        },
        "commitments": result.commitments.as_dict(),
        "result": {"assignments": assignments_value(result.assignments), "sha256": result.result_hash},
    }


def dump_file(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def input_from_file(document: dict[str, Any]) -> DrawInput:
    try:
        if document.get("format") != FILE_FORMAT:
            raise DrawInputError("unknown_format", f"不是可识别的抽取文件（应为{FILE_FORMAT}）。")
        inputs = document["inputs"]
        params = inputs["parameters"]
        if params["algorithm"] != ALGORITHM_VERSION:
            raise DrawInputError("unknown_algorithm", f"算法版本{params['algorithm']}不受支持。")
        return DrawInput(
            targets=tuple(Target(id=str(t[0]), tier=str(t[1]), capped=bool(t[2])) for t in inputs["targets"]),
            inspectors=tuple(
                Inspector(id=str(i[0]), department=str(i[1]), qualifications=tuple(str(q) for q in i[2]))
                for i in inputs["inspectors"]
            ),
            recusals=tuple(
                Recusal(inspector=str(r[0]), target=str(r[1]), reason=str(r[2])) for r in inputs["recusals"]
            ),
            parameters=Parameters(
                rates={str(k): int(v) for k, v in params["rates"].items()},
                items=tuple(Item(code=str(c), department=str(d), key=bool(k)) for c, d, k in params["items"]),
                special=bool(params["special"]),
                inspectors_per_department=int(params["inspectors_per_department"]),
            ),
            seed_source=str(document["seed_source"]),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        if isinstance(exc, DrawInputError):
            raise
        raise DrawInputError("malformed_file", f"抽取文件格式不完整：{exc!r}") from exc


@dataclass(frozen=True)
class Check:
    name: str
    published: str
    computed: str

    @property
    def ok(self) -> bool:
        return self.published == self.computed


def verify_file(document: dict[str, Any]) -> list[Check]:
    """Re-run the draw in `document` from its inputs as they stand in the file; one Check per commitment,
    one for the result hash and one for the listed assignments."""
    if document.get("format") != FILE_FORMAT:
        raise DrawInputError("unknown_format", f"不是可识别的抽取文件（应为{FILE_FORMAT}）。")
    try:
        inputs = document["inputs"]
        if inputs["parameters"]["algorithm"] != ALGORITHM_VERSION:
            raise DrawInputError(
                "unknown_algorithm", f"算法版本{inputs['parameters']['algorithm']}不受支持。"
            )
        result = draw_rows(
            targets=inputs["targets"],
            inspectors=inputs["inspectors"],
            recusals=inputs["recusals"],
            parameters=inputs["parameters"],
            seed_source=str(document["seed_source"]),
            seed=str(document.get("seed", "")),
        )
    except DrawInputError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise DrawInputError("malformed_file", f"抽取文件格式不完整：{exc!r}") from exc
    published = document.get("commitments", {})
    computed = result.commitments.as_dict()
    checks = [Check(name, str(published.get(name, "")), computed[name]) for name in computed]
    listed = document.get("result", {})
    checks.append(Check("result", str(listed.get("sha256", "")), result.result_hash))
    checks.append(Check("assignments", _digest(listed.get("assignments", [])), result.result_hash))
    return checks


def _digest(value: Any) -> str:
    return sha256_hex(canonical_bytes(value))
