"""The condition language of 惠企政策 rules: a small, safe, three-valued language over enterprise facts.

No `eval`: text is tokenised, parsed by precedence climbing, checked against a vocabulary of facts and
dated parameters, and evaluated by walking the tree. See docs/policies.md for the language.
"""

from yingshang.policies.rules.checker import Rule, compile_rule
from yingshang.policies.rules.errors import Problem, RuleError
from yingshang.policies.rules.evaluate import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    STATUS_LABELS,
    UNDETERMINED,
    UNKNOWN,
    Answer,
    Facts,
    Step,
    explain,
    fmt,
)
from yingshang.policies.rules.fast import compile_fast
from yingshang.policies.rules.types import FactSpec, Parameter, Type, Value, Vocabulary

__all__ = [
    "ELIGIBLE",
    "NOT_ELIGIBLE",
    "STATUS_LABELS",
    "UNDETERMINED",
    "UNKNOWN",
    "Answer",
    "FactSpec",
    "Facts",
    "Parameter",
    "Problem",
    "Rule",
    "RuleError",
    "Step",
    "Type",
    "Value",
    "Vocabulary",
    "compile_fast",
    "compile_rule",
    "explain",
    "fmt",
]
