"""Helpers for the parser tests: small inputs, one pattern per test. No Django here."""

from __future__ import annotations

import pytest

from policyparse import Ledger, Measure, parse


def node(ledger: Ledger, path: str) -> Measure:
    for m in ledger.measures:
        if m.path == path:
            return m
    raise AssertionError(f"no node {path!r}; have {[m.path for m in ledger.measures]}")


@pytest.fixture
def parse_doc():
    """Parse a body with a fixed header so year-less dates have an anchor."""

    def _parse(body: str, issued: str = "2021-03-24") -> Ledger:
        return parse(body, options={"issued_on": issued})

    return _parse
