"""The check interface: a `Check` yields `Finding`s; the engine stamps code and severity.

Modelled on yamllint's rules: each check is a function whose docstring is the user documentation
(`netpolkit explain NPK2xx` prints it, with PASS/FAIL examples that the test suite runs), and the
engine, not the check, turns findings into `Problem`s.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from netpolkit.checks.model import Context
from netpolkit.problems import KeyPath, Severity


@dataclass(frozen=True)
class Finding:
    """What a check reports: where (values key path, offset inside the scalar) and what."""

    path: KeyPath
    message: str
    hint: str = ""
    #: Character offset inside the scalar at `path` (selector errors point at the column).
    offset: int = 0
    #: Locate at the key of `path`, not its value (a bad label key, not its value).
    on_key: bool = False


CheckFn = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    """One registered check."""

    code: str
    title: str
    severity: Severity
    #: User documentation (the function docstring): what is forbidden, why, PASS/FAIL examples.
    doc: str
    run: CheckFn


def check(code: str, title: str, severity: Severity = Severity.ERROR) -> Callable[[CheckFn], Check]:
    """Register a check function under `code`; its docstring becomes `Check.doc`."""

    def wrap(fn: CheckFn) -> Check:
        return Check(code=code, title=title, severity=severity, doc=inspect.cleandoc(fn.__doc__ or ""), run=fn)

    return wrap
