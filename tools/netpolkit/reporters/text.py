"""Text: one `file:line:col: error[CODE]: message  (at key.path)  hint: ...` line per problem.

The line is the one editors and CI log parsers already read (yamllint's "parsable" format), with
the key path and the hint on the same line so a problem never spans two lines.
"""

from __future__ import annotations

from typing import ClassVar

from netpolkit.problems import Problem, Severity
from netpolkit.reporters.base import key_path
from netpolkit.validate import Report

_RESET = "\033[0m"
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RED = "\033[31m"
_YELLOW = "\033[33m"
_CYAN = "\033[36m"


def _colored(problem: Problem) -> str:
    level = _RED if problem.severity is Severity.ERROR else _YELLOW
    text = (
        f"{_BOLD}{problem.location}{_RESET}: {_BOLD}{level}{problem.severity.value}{_RESET}"
        f"[{problem.code}]: {problem.message}"
    )
    if problem.path:
        text += f"  {_DIM}(at {key_path(problem)}){_RESET}"
    if problem.hint:
        text += f"  {_CYAN}hint: {problem.hint}{_RESET}"
    return text.replace("\n", " ")


class TextReporter:
    name: ClassVar[str] = "text"

    def render(self, report: Report, *, color: bool = False) -> str:
        """See `Reporter.render`. Empty when there are no problems (the summary says so)."""
        lines = [_colored(p) if color else p.one_line() for p in report.problems]
        return "".join(line + "\n" for line in lines)
