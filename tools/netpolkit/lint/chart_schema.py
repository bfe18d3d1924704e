"""Chart.yaml against the chart schema (yamale, strict), as `ct lint` does with `yamale --schema`.

yamale gives a dotted key path and no line; `positions.locate_dotted` turns it into the line of
the key (or of its parent when the key is missing), so every message names file and line.
"""

from __future__ import annotations

from pathlib import Path

import yamale  # type: ignore[import-untyped]
import yaml

from netpolkit.errors import UsageError
from netpolkit.lint.model import CheckResult
from netpolkit.lint.positions import key_positions, locate_dotted
from netpolkit.problems import Location, Problem

NAME = "chart-schema"


def syntax_problem(exc: yaml.YAMLError, display: str, code: str) -> Problem:
    """A YAML parse error as a problem at the parser's mark."""
    mark = getattr(exc, "problem_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return Problem(code, f"not valid YAML: {reason}", (), Location(display, line, column))


def load_schema(schema_file: Path | None, builtin: str) -> yamale.schema.Schema:
    try:
        if schema_file is None:
            return yamale.make_schema(content=builtin)
        return yamale.make_schema(str(schema_file))
    except (OSError, ValueError, SyntaxError, yaml.YAMLError) as exc:
        raise UsageError(f"{schema_file or 'built-in chart schema'}: not a valid yamale schema: {exc}") from None


def check_chart_schema(chart_yaml: Path, display: str, schema: yamale.schema.Schema, schema_label: str) -> CheckResult:
    """Validate one Chart.yaml; `display` is the path shown in messages."""
    try:
        text = chart_yaml.read_text(encoding="utf-8")
        data = yamale.make_data(content=text)
    except OSError as exc:
        return CheckResult(NAME, (Problem(NAME, f"cannot read: {exc.strerror}", (), Location(display)),))
    except yaml.YAMLError as exc:
        return CheckResult(NAME, (syntax_problem(exc, display, NAME),))
    positions = key_positions(text)
    problems: list[Problem] = []
    for result in yamale.validate(schema, data, strict=True, _raise_error=False):
        for error in dict.fromkeys(result.errors):  # yamale repeats some errors; keep the first
            path, (line, column) = locate_dotted(positions, error)
            hint = f"fix Chart.yaml to match {schema_label}"
            problems.append(Problem(NAME, error, path, Location(display, line, column), hint=hint))
    return CheckResult(NAME, tuple(problems), notes=(f"schema: {schema_label}",))
