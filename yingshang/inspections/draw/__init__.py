"""双随机 draw: pure, deterministic and verifiable. No Django imports anywhere in this package."""

from .algorithm import quota, run_draw
from .canonical import canonical_bytes, commit, result_hash
from .drawfile import FILE_FORMAT, Check, build_file, dump_file, input_from_file, verify_file
from .model import (
    ALGORITHM_VERSION,
    RATE_SCALE,
    TIERS,
    Assignment,
    Commitments,
    DrawInput,
    DrawInputError,
    DrawResult,
    Inspector,
    Item,
    Parameters,
    Recusal,
    Target,
)

__all__ = [
    "ALGORITHM_VERSION",
    "FILE_FORMAT",
    "RATE_SCALE",
    "TIERS",
    "Assignment",
    "Check",
    "Commitments",
    "DrawInput",
    "DrawInputError",
    "DrawResult",
    "Inspector",
    "Item",
    "Parameters",
    "Recusal",
    "Target",
    "build_file",
    "canonical_bytes",
    "commit",
    "dump_file",
    "input_from_file",
    "quota",
    "result_hash",
    "run_draw",
    "verify_file",
]
