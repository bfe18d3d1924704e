"""Reporters: a `Report` in, text out. `REPORTERS` is the one list of format names (the CLI's
`--output` choices come from it)."""

from __future__ import annotations

from netpolkit.reporters.base import Reporter, Rule, rules, summary, use_color
from netpolkit.reporters.json import JsonReporter
from netpolkit.reporters.junit import JUnitReporter
from netpolkit.reporters.sarif import SarifReporter
from netpolkit.reporters.text import TextReporter
from netpolkit.validate import Report

REPORTERS: dict[str, type[Reporter]] = {
    reporter.name: reporter for reporter in (TextReporter, JsonReporter, SarifReporter, JUnitReporter)
}


def render(report_format: str, report: Report, *, color: bool = False) -> str:
    """Render with the reporter named `report_format` (a `REPORTERS` key)."""
    return REPORTERS[report_format]().render(report, color=color)


__all__ = ["REPORTERS", "Reporter", "Rule", "render", "rules", "summary", "use_color"]
