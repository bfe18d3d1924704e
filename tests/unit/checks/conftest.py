"""Fixtures for the check tests: run the checks over values merged onto the chart defaults."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from netpolkit.checks import run_checks
from netpolkit.problems import Problem, format_path

# pytest runs with --import-mode=importlib, which does not put test folders on sys.path; the
# helper module next to this file is imported by name.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from checkhelpers import values_from  # noqa: E402

Check = Callable[..., list[Problem]]


@pytest.fixture
def problems() -> Check:
    """problems(values, code=None) -> the Problems run_checks reports (only `code` if given)."""

    def run(values: str | Mapping[str, Any], code: str | None = None) -> list[Problem]:
        found = run_checks(values_from(values))
        for p in found:
            assert "internal error" not in p.message, p.message
        return [p for p in found if code is None or p.code == code]

    return run


@pytest.fixture
def findings(problems: Check) -> Callable[..., list[tuple[str, str]]]:
    """findings(values, code=None) -> [(code, "dotted.path")] sorted, for compact asserts."""

    def run(values: str | Mapping[str, Any], code: str | None = None) -> list[tuple[str, str]]:
        return sorted((p.code, format_path(p.path)) for p in problems(values, code))

    return run
