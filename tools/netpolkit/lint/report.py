"""Text and JUnit renderings of a `LintReport`; pure functions returning strings (no printing).

JUnit: one testsuite per chart, one testcase per check (a skipped check is `<skipped>`), no
timestamps or durations, so the output is stable and CI systems show each check on its own.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from netpolkit.lint.model import CheckResult, LintReport
from netpolkit.problems import Problem

FORMATS = ("text", "junit")


def problem_line(problem: Problem) -> str:
    """`file:line:col: severity[code]: message` (hint appended), the form editors and CI parse."""
    text = f"{problem.location}: {problem.severity.value}[{problem.code}]: {problem.message}"
    if problem.hint:
        text += f" (hint: {problem.hint})"
    return text.replace("\n", " ")


def _status(check: CheckResult) -> str:
    if check.skipped:
        return "skip"
    return "FAIL" if check.failed else "ok"


def summary(report: LintReport) -> str:
    checks = report.checks
    failed = sum(c.failed for c in checks)
    skipped = sum(bool(c.skipped) for c in checks)
    counts = f"{len(report.charts)} chart(s), {len(checks)} check(s): {failed} failed, {skipped} skipped"
    if report.ok:
        return f"netpolkit lint: {counts}: ok"
    return f"netpolkit lint: {counts}: fix the problems above (each names its file and line) and run it again"


def render_text(report: LintReport) -> str:
    lines = [f"note: {note}" for note in report.notes]
    for chart in report.charts:
        lines.append(f"==> {chart.chart}")
        for check in chart.checks:
            detail = f": {check.skipped}" if check.skipped else ""
            lines.append(f"  {_status(check):<4}  {check.name}{detail}")
            lines += [f"        {problem_line(p)}" for p in check.problems]
            if not check.problems:
                lines += [f"        {note}" for note in check.notes if check.failed]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def render_junit(report: LintReport) -> str:
    suites = ET.Element("testsuites", name="netpolkit lint")
    for chart in report.charts:
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=chart.chart,
            tests=str(len(chart.checks)),
            failures=str(sum(c.failed for c in chart.checks)),
            skipped=str(sum(bool(c.skipped) for c in chart.checks)),
            errors="0",
        )
        if report.notes:
            props = ET.SubElement(suite, "properties")
            for note in report.notes:
                ET.SubElement(props, "property", name="note", value=note)
        for check in chart.checks:
            case = ET.SubElement(suite, "testcase", classname=chart.chart, name=check.name)
            if check.skipped:
                ET.SubElement(case, "skipped", message=check.skipped)
            elif check.failed:
                first = check.problems[0]
                failure = ET.SubElement(case, "failure", message=problem_line(first), type=first.code)
                failure.text = "\n".join(problem_line(p) for p in check.problems)
            if check.notes or (check.problems and not check.failed):
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join([*check.notes, *(problem_line(p) for p in check.problems if not check.failed)])
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


RENDERERS: dict[str, Callable[[LintReport], str]] = {"text": render_text, "junit": render_junit}
