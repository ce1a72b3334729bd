"""Dates as official documents write them, in Chinese numerals: 二〇二六年十二月三日."""

from __future__ import annotations

from datetime import date

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals as dates write them: 3 → 三, 10 → 十, 12 → 十二, 20 → 二十, 31 → 三十一."""
    if not 1 <= n <= 99:
        raise ValueError(f"out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def chinese_date(d: date) -> str:
    """The date of an official document in Chinese numerals: date(2026, 12, 3) → 二〇二六年十二月三日."""
    year = "".join(_DIGITS[int(c)] for c in f"{d.year:04d}")
    return f"{year}年{chinese_number(d.month)}月{chinese_number(d.day)}日"
