"""yamllint over Chart.yaml, values.yaml and each ci/*-values.yaml, as `ct lint` runs it.

Like the `yamllint` command ct calls (without `--strict`), problems at level `warning` are shown
but do not fail the check; `error` problems do. Syntax errors are errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from yamllint import linter  # type: ignore[import-untyped]
from yamllint.config import YamlLintConfig, YamlLintConfigError  # type: ignore[import-untyped]

from netpolkit.errors import UsageError
from netpolkit.lint.model import CheckResult
from netpolkit.problems import Location, Problem, Severity

NAME = "yamllint"


def load_lint_config(conf_file: Path | None, builtin: str) -> YamlLintConfig:
    try:
        if conf_file is None:
            return YamlLintConfig(content=builtin)
        return YamlLintConfig(file=str(conf_file))
    except (OSError, YamlLintConfigError) as exc:
        raise UsageError(f"{conf_file or 'built-in lint config'}: not a valid yamllint config: {exc}") from None


def lint_file(path: Path, display: str, conf: YamlLintConfig) -> list[Problem]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(NAME, f"cannot read: {exc}", (), Location(display))]
    problems = []
    for found in linter.run(text, conf, str(path)):
        rule = found.rule or "syntax"
        severity = Severity.ERROR if found.level == "error" else Severity.WARNING
        problems.append(
            Problem(f"{NAME}/{rule}", found.desc, (), Location(display, found.line, found.column), severity)
        )
    return problems


def check_yaml(files: Sequence[tuple[Path, str]], conf: YamlLintConfig, conf_label: str) -> CheckResult:
    """Lint each (path, display) pair that exists; a missing values.yaml is not an error (as helm)."""
    problems = [p for path, display in files if path.is_file() for p in lint_file(path, display, conf)]
    linted = [display for path, display in files if path.is_file()]
    return CheckResult(NAME, tuple(problems), notes=(f"config: {conf_label}; files: {', '.join(linted)}",))
