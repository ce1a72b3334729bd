"""统一社会信用代码 (GB 32100-2015): normalise, validate and generate.

Layout of the 18 characters::

    9 1 350100 M000100Y4 3
    | | |      |         └ 18: check character over positions 1–17 (GB 32100)
    | | |      └ 9–17: organisation code, 8 body characters + GB 11714 check character
    | | └ 3–8: administrative division code (GB/T 2260), six digits
    | └ 2: organisation type within the registering authority (1 = 企业, 2 = 个体工商户 …)
    └ 1: registering authority (9 = 市场监管 …)

Pure Python: the enterprise forms and the API call ``validate_credit_code`` and turn
``InvalidCreditCode`` into a field error with its ``message`` and ``code``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "InvalidCreditCode",
    "credit_code_check_char",
    "make_credit_code",
    "normalize_credit_code",
    "org_code_check_char",
    "validate_credit_code",
]

# GB 32100 drops I, O, Z, S and V because they are read as 1, 0, 2, 5 and U.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
FORBIDDEN_LETTERS = "IOZSV"
_CREDIT_VALUE = {ch: i for i, ch in enumerate(CREDIT_CODE_ALPHABET)}
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11714 values letters from A = 10 to Z = 35 over the full Latin alphabet.
ORG_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_VALUE = {ch: i for i, ch in enumerate(ORG_CODE_ALPHABET)}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Pasted codes carry spaces (from PDFs and printed licences, "9135 0100 …") and dashes
# from the old 组织机构代码 notation ("M000100Y-4"): neither is part of the code.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_]+")


class InvalidCreditCode(ValueError):
    """The input is not a valid 统一社会信用代码; ``message`` is shown to the user."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def normalize_credit_code(raw: str) -> str:
    """Return *raw* without separators, in upper case, with full-width characters made ASCII."""
    text = unicodedata.normalize("NFKC", raw or "")
    return _SEPARATORS.sub("", text).upper()


def credit_code_check_char(first17: str) -> str:
    """Check character (position 18) for the first 17 characters of a credit code."""
    if len(first17) != 17:
        raise ValueError(f"need 17 characters, got {len(first17)}")
    try:
        total = sum(_CREDIT_VALUE[ch] * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not in the credit-code alphabet") from None
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """GB 11714 check character for the 8-character body of an organisation code."""
    if len(body8) != 8:
        raise ValueError(f"need 8 characters, got {len(body8)}")
    try:
        total = sum(_ORG_VALUE[ch] * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not allowed in an organisation code") from None
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def validate_credit_code(raw: str) -> str:
    """Return the normalised code, or raise ``InvalidCreditCode`` naming the first problem found.

    Problems are checked from the most to the least obvious to the person typing: length,
    characters, the division code, the organisation-code check, then the final check character.
    """
    code = normalize_credit_code(raw)
    if not code:
        raise InvalidCreditCode("请填写统一社会信用代码", "required")
    if len(code) != 18:
        raise InvalidCreditCode(f"统一社会信用代码长度应为18位，当前为{len(code)}位", "length")

    bad = [ch for ch in code if ch not in _CREDIT_VALUE]
    if bad:
        shown = "、".join(dict.fromkeys(bad))
        if all(ch in FORBIDDEN_LETTERS for ch in bad):
            message = f"统一社会信用代码含有非法字符{shown}（不使用字母 I、O、Z、S、V）"
        else:
            message = f"统一社会信用代码含有非法字符{shown}（只能由数字和大写字母组成，不使用 I、O、Z、S、V）"
        raise InvalidCreditCode(message, "charset")

    if not code[2:8].isdigit():
        raise InvalidCreditCode("统一社会信用代码第3–8位应为6位数字的行政区划代码", "region")

    expected_org = org_code_check_char(code[8:16])
    if code[16] != expected_org:
        raise InvalidCreditCode(
            f"统一社会信用代码第9–17位（组织机构代码）校验位错误，第17位应为{expected_org}", "org_code"
        )

    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise InvalidCreditCode(f"统一社会信用代码校验位错误，第18位应为{expected}", "check_digit")
    return code


def make_credit_code(seq: int, *, region: str = "150000", org_type: str = "91") -> str:
    """A valid code whose organisation-code body is *seq* in eight digits.

    Deterministic, so demo data and tests can name the same enterprise twice. The default
    division 150000 is 内蒙古自治区 and 91 is 市场监管 / 企业.
    """
    if not 0 <= seq < 10**8:
        raise ValueError("seq must be between 0 and 99999999")
    if len(region) != 6 or not region.isdigit():
        raise ValueError("region must be a six-digit division code")
    if len(org_type) != 2 or any(ch not in _CREDIT_VALUE for ch in org_type):
        raise ValueError("org_type must be two characters of the credit-code alphabet")
    body = f"{seq:08d}"
    first17 = f"{org_type}{region}{body}{org_code_check_char(body)}"
    return first17 + credit_code_check_char(first17)
