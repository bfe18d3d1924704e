"""JSON: a stable, documented structure for scripts.

```
{
  "tool": "netpolkit", "version": "0.1.0", "format": 1,
  "ok": false,                      # no errors (exit code 0)
  "errors": 1, "warnings": 0,
  "files": ["charts/network-policies/values.yaml", "values.yaml"],
  "defaults": "charts/network-policies/values.yaml",   # files[0], the chart's own values
  "problems": [
    {"code": "NPK102", "severity": "error",
     "message": "order must be a number, got the string \\"10\\"",
     "hint": "write 10 without quotes", "file": "values.yaml", "line": 3, "column": 12,
     "path": ["tiers", "security", "order"], "key": "tiers.security.order"}
  ]
}
```
`line`/`column` are 1-based, 0 when unknown; `path` holds strings (map keys) and integers (list
indexes); `hint` is "" when there is none; `file` is `--set` or `--set-string` (line = which
argument, column = where in it) for a problem in a `--set` argument. `format` changes only when a
field changes meaning or goes away (new fields may be added).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from netpolkit import __version__
from netpolkit.problems import Problem
from netpolkit.reporters.base import key_path
from netpolkit.validate import Report

FORMAT_VERSION = 1


def problem_dict(problem: Problem) -> dict[str, Any]:
    loc = problem.location
    return {
        "code": problem.code,
        "severity": problem.severity.value,
        "message": problem.message,
        "hint": problem.hint,
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
        "path": list(problem.path),
        "key": key_path(problem),
    }


class JsonReporter:
    name: ClassVar[str] = "json"

    def render(self, report: Report, *, color: bool = False) -> str:
        """See `Reporter.render`."""
        document = {
            "tool": "netpolkit",
            "version": __version__,
            "format": FORMAT_VERSION,
            "ok": report.ok,
            "errors": report.error_count,
            "warnings": report.warning_count,
            "files": report.files,
            "defaults": report.defaults,
            "problems": [problem_dict(p) for p in report.problems],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
