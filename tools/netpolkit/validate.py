"""`netpolkit validate` as a library call: load, schema, semantic checks, locate, sort.

The orchestrator returns a `Report` and never prints or exits; the CLI picks the reporter and the
exit code (`Report.exit_code`).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from netpolkit.checks import merge_with_schema, run_checks
from netpolkit.config import load_settings
from netpolkit.errors import UsageError
from netpolkit.hints import with_hints
from netpolkit.loading import INPUT_ERROR_CODES, SourceMap, load_values
from netpolkit.problems import Location, Problem, Severity, sort_problems
from netpolkit.schema import load_schema


@dataclass
class Report:
    """What `validate` found, over which files."""

    #: sorted by file, line, column, code; located
    problems: list[Problem]
    #: the values files checked, chart values.yaml first, as named on the command line
    files: list[str]
    #: the chart's values.yaml, `files[0]`, as named there ("" when `files` has no chart defaults)
    defaults: str = ""
    #: how many --set and --set-string arguments were applied
    set_arguments: int = 0
    #: seconds per stage (load, schema, checks, locate), for benchmarks; never in reports
    timings: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @property
    def user_files(self) -> list[str]:
        """The files the user gave (-f), without the chart's defaults."""
        return self.files[1:] if self.defaults else list(self.files)

    @property
    def error_count(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warning_count(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed, unless `strict` made them errors)."""
        return self.error_count == 0

    @property
    def input_error(self) -> bool:
        """Some input could not be read at all (missing file, not UTF-8, bad --set, ...)."""
        return any(p.code in INPUT_ERROR_CODES for p in self.problems)

    @property
    def exit_code(self) -> int:
        """0 valid, 1 problems found, 2 unreadable input (as for a usage error)."""
        if self.input_error:
            return 2
        return 0 if self.ok else 1


def find_chart(chart: str | Path | None = None, *, cwd: Path | None = None) -> Path:
    """The chart to validate against: `chart`, else the `[tool.netpolkit] chart` setting.

    Returned relative to the current directory when it is inside it, so the chart's values.yaml is
    named in problems the way the user would type it. No chart is a usage error.
    """
    cwd = cwd or Path.cwd()
    path = Path(chart) if chart is not None else load_settings(cwd).chart
    absolute = path if path.is_absolute() else cwd / path
    if not (absolute / "Chart.yaml").is_file():
        where = "" if chart is not None else " (the [tool.netpolkit] chart setting; pass --chart DIR)"
        raise UsageError(f"{path}: not a helm chart, no Chart.yaml{where}")
    if absolute.resolve().is_relative_to(cwd.resolve()):
        return Path(os.path.relpath(absolute.resolve(), cwd.resolve()))
    return absolute


def _schema_only(problem: Problem) -> bool:
    """A schema problem that a check at the same path never explains better, because the check is
    about something else that it points at the same key (a preset's `enabled`, a policy's entry):
    an unknown key, a wrong type, a missing required key (not a key that another one needs, like
    icmp `code` needing `type`, which a check does explain)."""
    return problem.code in ("NPK101", "NPK102") or (
        problem.code == "NPK105" and problem.message.startswith("missing required key")
    )


def _merge(schema: list[Problem], semantic: list[Problem]) -> list[Problem]:
    """One problem per place (`checks.merge_with_schema`), but never fewer errors: a schema error
    that only a check's warning replaced stays, or invalid values would pass; and an unknown key,
    a wrong type or a missing key is always said, whatever a check says at the same place."""
    merged = merge_with_schema(schema, semantic)
    error_paths = {p.path for p in merged if p.severity is Severity.ERROR}
    present = {id(p) for p in merged}
    kept = [p for p in schema if id(p) not in present and (p.path not in error_paths or _schema_only(p))]
    return merged + kept


def _locate(problem: Problem, source: SourceMap) -> Problem:
    if problem.location != Location():
        return problem
    where = source.locate(problem.path, problem.offset, key=problem.on_key)
    return _set_hint(replace(problem, location=where))


def _set_hint(problem: Problem) -> Problem:
    """"Write 10 without quotes" is for a values file; a --set argument has no quotes to drop:
    helm's --set reads only true, false, null and whole numbers as non-strings."""
    flag = problem.location.file
    if flag not in ("--set", "--set-string") or not problem.hint.endswith(" without quotes"):
        return problem
    if flag == "--set-string":
        hint = "--set-string keeps every value a string: use --set for numbers and booleans"
    elif problem.hint in ("write true without quotes", "write false without quotes"):
        hint = "write true or false: --set reads only those as booleans"
    else:
        hint = "--set reads only whole numbers as numbers: put this value in a -f values file"
    return replace(problem, hint=hint)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector (reference counting still frees memory).

    Loading a large values file and checking it allocate a million small, acyclic, long-lived
    objects (maps, lists, positions, rule views). Each allocation burst triggers collections that
    traverse everything still alive, which made up a third of `validate`'s time on a 2,000-policy
    file. Nothing here creates reference cycles worth collecting, so memory stays the same; the
    collector is restored on the way out (also when calls overlap in threads: whichever paused it
    first turns it back on).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate(
    files: Sequence[str | Path],
    set_values: Sequence[str] = (),
    *,
    chart: Path | None = None,
    strict: bool = False,
    set_string_values: Sequence[str] = (),
) -> Report:
    """Check values files (merged as helm merges them) against the chart's schema and the
    semantic checks. `chart=None` finds the chart as the CLI does (`netpolkit.config`).

    Raises `NetpolkitError` only for tool failures (no chart, unreadable schema); problems with
    the values, unreadable values files included, are in the report.
    """
    with _cyclic_gc_paused():
        return _validate(files, set_values, chart=chart, strict=strict, set_string_values=set_string_values)


def _validate(
    files: Sequence[str | Path],
    set_values: Sequence[str],
    *,
    chart: Path | None,
    strict: bool,
    set_string_values: Sequence[str],
) -> Report:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    chart_dir = find_chart(chart)
    loaded = load_values(files, set_values, set_string_values, chart=chart_dir)
    timings["load"] = time.perf_counter() - started
    problems = with_hints(loaded.problems)
    if loaded.usable:
        mark = time.perf_counter()
        schema = load_schema(chart_dir)
        schema_problems = schema.check(loaded.data) if schema is not None else []
        timings["schema"] = time.perf_counter() - mark
        mark = time.perf_counter()
        found = _merge(schema_problems, run_checks(loaded.data))
        timings["checks"] = time.perf_counter() - mark
        mark = time.perf_counter()
        problems.extend(_locate(p, loaded.source) for p in found)
        timings["locate"] = time.perf_counter() - mark
    if strict:
        problems = [replace(p, severity=Severity.ERROR) if p.severity is Severity.WARNING else p for p in problems]
    timings["total"] = time.perf_counter() - started
    return Report(
        sort_problems(problems),
        loaded.files,
        defaults=loaded.files[0],
        set_arguments=len(set_values) + len(set_string_values),
        timings=timings,
    )


__all__ = ["Report", "find_chart", "validate"]
