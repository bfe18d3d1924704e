"""The result of `netpolkit lint`: per chart, one result per check, each with its problems.

Problems are the project's one `Problem` type, so a failure carries a file and line like every
other netpolkit finding. A check can also be skipped with a reason (never silently).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from netpolkit.problems import Problem, Severity


@dataclass(frozen=True)
class CheckResult:
    """One check on one chart, e.g. `yamllint` or `helm-lint (helm v4.3.1, ci/a-values.yaml)`."""

    name: str
    problems: tuple[Problem, ...] = ()
    #: Why the check did not run; empty when it ran.
    skipped: str = ""
    #: Informational lines (the versions compared, warnings that do not fail the check).
    notes: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


@dataclass(frozen=True)
class ChartResult:
    chart: str
    checks: tuple[CheckResult, ...]

    @property
    def failed(self) -> bool:
        return any(c.failed for c in self.checks)


@dataclass(frozen=True)
class LintReport:
    charts: tuple[ChartResult, ...]
    #: How the charts were chosen (base ref, fallbacks), shown before the results.
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not any(c.failed for c in self.charts)

    @property
    def checks(self) -> Sequence[CheckResult]:
        return [check for chart in self.charts for check in chart.checks]
