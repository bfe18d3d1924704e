"""JUnit XML: one testsuite per values file, one testcase per problem.

Errors are `<failure>`s; warnings are `<skipped>` testcases, so CI shows them without failing
the build (as the exit code does not fail on warnings); a file without problems has one passing
testcase. No timestamps or durations: the output is reproducible.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import ClassVar

from netpolkit.problems import Problem, Severity
from netpolkit.reporters.base import files_in_order, key_path
from netpolkit.validate import Report


def _testcase(suite: ET.Element, problem: Problem, file: str) -> None:
    loc = problem.location
    where = f"{loc.line}:{loc.column}" if loc.line else "-"
    name = f"{problem.code} {key_path(problem)} ({where})" if problem.path else f"{problem.code} ({where})"
    case = ET.SubElement(suite, "testcase", {"classname": file, "name": name})
    tag = "failure" if problem.severity is Severity.ERROR else "skipped"
    detail = ET.SubElement(case, tag, {"message": problem.message, "type": problem.code})
    detail.text = problem.one_line()


class JUnitReporter:
    name: ClassVar[str] = "junit"

    def render(self, report: Report, *, color: bool = False) -> str:
        """See `Reporter.render`."""
        root = ET.Element("testsuites", {"name": "netpolkit validate"})
        totals = {"tests": 0, "failures": 0, "skipped": 0}
        for file in files_in_order(report):
            problems = [p for p in report.problems if p.location.file == file]
            failures = sum(1 for p in problems if p.severity is Severity.ERROR)
            counts = {"tests": max(len(problems), 1), "failures": failures, "skipped": len(problems) - failures}
            suite = ET.SubElement(
                root, "testsuite", {"name": file, **{k: str(v) for k, v in counts.items()}, "errors": "0"}
            )
            for problem in problems:
                _testcase(suite, problem, file)
            if not problems:
                ET.SubElement(suite, "testcase", {"classname": file, "name": "valid"})
            for key in totals:
                totals[key] += counts[key]
        root.attrib.update({key: str(value) for key, value in totals.items()})
        root.set("errors", "0")
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
