"""The inputs and outputs of a draw as frozen values. No Django here: anyone can re-run a draw offline."""

from __future__ import annotations

from dataclasses import dataclass, field

ALGORITHM_VERSION = "yingshang-draw/1"
TIERS: tuple[str, ...] = ("A", "B", "C", "D")
RATE_SCALE = 10_000  # rates are basis points: 300 means 3 %, 10 000 means 100 %
RECUSAL_REASONS: tuple[str, ...] = ("conflict", "declared", "previous")


class DrawInputError(ValueError):
    """An input the draw refuses. `code` is stable; `message` is shown to people (Chinese)."""

    def __init__(self, code: str, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields: dict[str, str] = fields or {}


@dataclass(frozen=True, slots=True)
class Target:
    """One object of the target pool. `capped`: already inspected under an ordinary plan this year."""

    id: str
    tier: str
    capped: bool = False


@dataclass(frozen=True, slots=True)
class Inspector:
    """One person of the inspector pool; `qualifications` are item codes they may inspect."""

    id: str
    department: str
    qualifications: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """An inspection item of the plan; `key` marks a 重点 item."""

    code: str
    department: str
    key: bool = False


@dataclass(frozen=True, slots=True)
class Recusal:
    """Inspector `inspector` may not be drawn for target `target`."""

    inspector: str
    target: str
    reason: str


@dataclass(frozen=True, slots=True)
class Parameters:
    """Everything about the plan the draw depends on besides the pools."""

    rates: dict[str, int]
    items: tuple[Item, ...]
    special: bool = False
    inspectors_per_department: int = 2

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(sorted({item.department for item in self.items}))

    @property
    def cap_applies(self) -> bool:
        """The yearly cap binds ordinary plans; 专项 plans and plans with a 重点 item are exempt."""
        return not self.special and not any(item.key for item in self.items)


@dataclass(frozen=True, slots=True)
class DrawInput:
    targets: tuple[Target, ...]
    inspectors: tuple[Inspector, ...]
    recusals: tuple[Recusal, ...]
    parameters: Parameters
    seed_source: str = ""


@dataclass(frozen=True, slots=True)
class Assignment:
    target: str
    tier: str
    inspectors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Commitments:
    target_pool: str
    inspector_pool: str
    recusals: str
    parameters: str
    algorithm: str
    seed_source: str
    combined: str

    def as_dict(self) -> dict[str, str]:
        return {
            "target_pool": self.target_pool,
            "inspector_pool": self.inspector_pool,
            "recusals": self.recusals,
            "parameters": self.parameters,
            "algorithm": self.algorithm,
            "seed_source": self.seed_source,
            "combined": self.combined,
        }


@dataclass(frozen=True, slots=True)
class DrawResult:
    commitments: Commitments
    seed: str
    assignments: tuple[Assignment, ...]
    result_hash: str
    eligible: dict[str, int] = field(default_factory=dict)
    excluded_by_cap: int = 0
    excluded_by_recusal: int = 0
