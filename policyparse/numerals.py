"""Chinese and Arabic numerals on captured spans only (never on running text)."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}

CN_DIGITS = "零〇○一二三四五六七八九两十百千万亿"


def cn_to_int(s: str) -> int | None:
    """``三十六`` → 36, ``十五`` → 15, ``二〇二一`` → 2021 (digit-by-digit); None when not a numeral."""
    s = s.strip().replace(" ", "")
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if any(ch not in _DIGITS and ch not in _SMALL and ch not in _BIG for ch in s):
        return None
    if all(ch in _DIGITS for ch in s) and len(s) > 1:
        # a year or code written digit by digit: 二〇二一
        return int("".join(str(_DIGITS[ch]) for ch in s))
    total = section = digit = 0
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            section += (digit or 1) * _SMALL[ch]
            digit = 0
        else:
            section += digit
            total += (section or 1) * _BIG[ch]
            section = digit = 0
    return total + section + digit


def to_number(s: str) -> float | None:
    """A captured numeral in Arabic (``0.5``, ``１２``) or Chinese (``三十六``) form."""
    s = s.strip().replace(" ", "").replace(",", "")
    try:
        return float(s)
    except ValueError:
        pass
    if "点" in s:  # "一点五" → 1.5
        whole, _, frac = s.partition("点")
        w = cn_to_int(whole)
        digits = [_DIGITS.get(ch) for ch in frac]
        if w is None or not digits or any(d is None for d in digits):
            return None
        return float(f"{w}." + "".join(str(d) for d in digits))
    n = cn_to_int(s)
    return None if n is None else float(n)
