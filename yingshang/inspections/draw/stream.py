"""The random stream: HMAC-SHA256 in counter mode, keyed by the public seed.

Block k (k = 0, 1, 2, …) is HMAC-SHA256(key = seed as UTF-8, message = combined commitment as ASCII hex
+ ":" + k in decimal). Each 32-byte block gives four unsigned 64-bit big-endian integers, used in order.
"""

from __future__ import annotations

import hashlib
import hmac
import struct

_TWO_64 = 1 << 64
_WORDS = struct.Struct(">4Q")  # four unsigned 64-bit big-endian integers


class RandomStream:
    def __init__(self, *, seed: str, commitment: str) -> None:
        self._key = seed.encode("utf-8")
        self._prefix = (commitment + ":").encode("ascii")
        self._counter = 0
        self._buffer: list[int] = []

    def _refill(self) -> None:
        block = hmac.digest(self._key, self._prefix + str(self._counter).encode("ascii"), hashlib.sha256)
        self._counter += 1
        # Reversed so that pop() hands the four words out in order.
        self._buffer = list(_WORDS.unpack(block))[::-1]

    def next_u64(self) -> int:
        if not self._buffer:
            self._refill()
        return self._buffer.pop()

    def below(self, n: int) -> int:
        """A uniform integer in [0, n) by rejection: words at or over the largest multiple of n are skipped."""
        if n <= 0:
            raise ValueError("n must be positive")
        limit = _TWO_64 - (_TWO_64 % n)
        while True:
            x = self.next_u64()
            if x < limit:
                return x % n

    def shuffle(self, values: list[str]) -> None:
        """Fisher–Yates from the end: for i = len-1 … 1, swap values[i] with values[below(i + 1)]."""
        for i in range(len(values) - 1, 0, -1):
            j = self.below(i + 1)
            values[i], values[j] = values[j], values[i]
