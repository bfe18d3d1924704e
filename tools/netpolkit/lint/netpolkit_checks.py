"""The checks ct does not have: `netpolkit validate` per values file, and the README reference.

`helm lint` stops at the first schema error and says neither file nor line; `netpolkit validate`
reports every problem (schema and semantic checks) with both. The docs check keeps the chart
README's values reference in step with the schema and `values.yaml`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from netpolkit import docs
from netpolkit.errors import NetpolkitError
from netpolkit.lint.model import CheckResult
from netpolkit.problems import Location, Problem
from netpolkit.validate import validate

VALIDATE = "netpolkit-validate"
DOCS = "docs"


def _relocate(problem: Problem, file: Path, display: str) -> Problem:
    """Show the values file as the lint report names it (relative to the repository root)."""
    location = problem.location
    if location.file and Path(location.file).resolve() == file.resolve():
        location = Location(display, location.line, location.column)
    return dataclasses.replace(problem, location=location)


def check_values(chart_path: Path, chart: str, values: tuple[Path, str] | None) -> CheckResult:
    """`netpolkit validate` on one ci values file (or the chart defaults), against the chart's schema."""
    label = f"{VALIDATE} ({values[1] if values else 'default values'})"
    if not (chart_path / "values.schema.json").is_file():
        return CheckResult(label, skipped="the chart has no values.schema.json")
    files = [str(values[0])] if values else []
    try:
        report = validate(files, chart=chart_path)
    except NetpolkitError as exc:
        where = Location(values[1] if values else chart)
        return CheckResult(label, (Problem(VALIDATE, exc.message, (), where),))
    problems = tuple(_relocate(p, values[0], values[1]) if values else p for p in report.problems)
    return CheckResult(label, problems)


def check_docs(chart_path: Path, chart: str, *, fix: str = "netpolkit docs") -> CheckResult:
    """The README values reference is current (only for charts whose README has the markers)."""
    readme = chart_path / "README.md"
    if not readme.is_file():
        return CheckResult(DOCS, skipped="the chart has no README.md")
    text = readme.read_text(encoding="utf-8", errors="replace")
    if docs.START_MARKER not in text and docs.END_MARKER not in text:
        return CheckResult(DOCS, skipped=f"README.md has no `{docs.START_MARKER}` marker")
    if not (chart_path / "values.schema.json").is_file():
        return CheckResult(DOCS, skipped="the chart has no values.schema.json")
    display = f"{chart}/README.md"
    try:
        line = docs.stale_line(chart_path, label=display)
    except NetpolkitError as exc:
        return CheckResult(DOCS, (Problem(DOCS, exc.message, (), Location(display)),))
    if line is None:
        return CheckResult(DOCS)
    message = f"values reference is stale: run `{fix}`"
    return CheckResult(DOCS, (Problem(DOCS, message, (), Location(display, line, 1)),))
