"""What every reporter shares: the interface, the rule catalogue, and location/summary wording.

One place for these keeps the formats from drifting apart (kubeconform's writers each format on
their own).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from netpolkit.loading import LOAD_CODES
from netpolkit.problems import Problem, Severity, format_path
from netpolkit.schema import SCHEMA_CODES
from netpolkit.validate import Report


class Reporter(Protocol):
    """Turns a report into text; never prints (the CLI decides where the text goes)."""

    name: ClassVar[str]

    def render(self, report: Report, *, color: bool = False) -> str: ...


@dataclass(frozen=True)
class Rule:
    """A problem code as a reporting rule (SARIF `reportingDescriptor`)."""

    code: str
    title: str
    severity: Severity
    doc: str = ""


def rules() -> list[Rule]:
    """Every code netpolkit can report, sorted: load (NPK0xx), schema (NPK1xx), checks."""
    from netpolkit.checks import REGISTRY  # the check registry, owned by netpolkit.checks
    from netpolkit.explain import BUILTIN_DOCS  # what `explain NPK0xx/NPK1xx` prints

    found: dict[str, Rule] = {}
    for table in (LOAD_CODES, SCHEMA_CODES):
        for code, title in table.items():
            found[code] = Rule(code, title, Severity.ERROR, BUILTIN_DOCS.get(code, ""))
    for code, check in REGISTRY.items():
        found[code] = Rule(code, check.title, check.severity, check.doc)
    return [found[code] for code in sorted(found)]


def key_path(problem: Problem) -> str:
    return format_path(problem.path)


def artifact_path(file: str, cwd: Path | None = None) -> str:
    """A problem's file as a forward-slash path, relative to `cwd` when it is inside it."""
    path = Path(file)
    if path.is_absolute():
        base = (cwd or Path.cwd()).resolve()
        try:
            path = path.resolve().relative_to(base)
        except ValueError:
            return path.as_posix()
    return path.as_posix()


def is_pseudo_file(file: str) -> bool:
    """`--set`, `--set-string`, `<stdin>`: problems there have no file to point at."""
    return file.startswith("--") or file.startswith("<") or not file


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def checked(report: Report) -> str:
    """What was checked, as the user gave it: `1 file checked (plus chart defaults)`."""
    given = []
    if report.user_files:
        given.append(plural(len(report.user_files), "file"))
    if report.set_arguments:
        given.append(plural(report.set_arguments, "--set argument"))
    if not given:
        return "only the chart defaults checked (no -f or --set given)" if report.defaults else "nothing checked"
    return " and ".join(given) + " checked" + (" (plus chart defaults)" if report.defaults else "")


def summary(report: Report) -> str:
    """The one summary line (the CLI prints it to stderr)."""
    if not report.problems:
        return f"netpolkit: no problems; {checked(report)}"
    counts = f"{plural(report.error_count, 'error')}, {plural(report.warning_count, 'warning')}"
    return f"netpolkit: {counts}; {checked(report)}"


def files_in_order(report: Report) -> list[str]:
    """The checked files, then any other place a problem points at (`--set`), in order."""
    files = list(dict.fromkeys(report.files))
    for problem in report.problems:
        if problem.location.file not in files:
            files.append(problem.location.file)
    return files


def use_color(stream_is_tty: bool, mode: str = "auto") -> bool:
    """`auto`: colour only on a terminal, and not when NO_COLOR is set to anything but "" (as
    https://no-color.org asks); `always` and `never` are the user's explicit choice and win."""
    if mode == "never" or (mode == "auto" and (not stream_is_tty or os.environ.get("NO_COLOR", ""))):
        return False
    return mode in ("always", "auto")
