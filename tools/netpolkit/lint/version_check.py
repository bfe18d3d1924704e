"""Version increment: a changed chart's Chart.yaml `version` must be greater than at the base.

This is ct's `check-version-increment`: without it two different charts ship under one version,
and a chart repository or a GitOps tool that caches by version never sees the change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from netpolkit.lint.gitscope import Base, show_file
from netpolkit.lint.model import CheckResult
from netpolkit.lint.positions import key_positions
from netpolkit.lint.semver import Version, parse_version
from netpolkit.problems import Location, Problem

NAME = "version-increment"


def _version_of(text: str) -> str | None:
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    value = data.get("version") if isinstance(data, dict) else None
    return None if value is None else str(value)


def _next_patch(version: Version) -> str:
    if version.prerelease:
        return f"{version.major}.{version.minor}.{version.patch}"
    return f"{version.major}.{version.minor}.{version.patch + 1}"


def check_version_increment(root: Path, chart: str, base: Base) -> CheckResult:
    chart_yaml = f"{chart}/Chart.yaml"
    old_text = show_file(root, base.version_commit or base.commit, chart_yaml)
    if old_text is None:
        return CheckResult(NAME, skipped=f"new chart: no {chart_yaml} at {base.label}")
    try:
        new_text = (root / chart_yaml).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return CheckResult(NAME, (Problem(NAME, f"cannot read: {exc}", (), Location(chart_yaml)),))
    line, column = key_positions(new_text).get(("version",), (1, 1))
    where = Location(chart_yaml, line, column)
    old_raw, new_raw = _version_of(old_text), _version_of(new_text)
    if old_raw is None or parse_version(old_raw) is None:
        return CheckResult(NAME, skipped=f"{base.label} has no valid semantic `version` ({old_raw!r}) to compare with")
    old = parse_version(old_raw)
    new = parse_version(new_raw) if new_raw is not None else None
    assert old is not None
    if new is None:
        what = "has no `version`" if new_raw is None else f"`version` {new_raw!r} is not a semantic version"
        message = f"{chart}: Chart.yaml {what} (MAJOR.MINOR.PATCH)"
        return CheckResult(NAME, (Problem(NAME, message, ("version",), where, hint=f"e.g. {_next_patch(old)}"),))
    if new <= old:
        message = (
            f"{chart}: chart files changed but version {new_raw} was not incremented "
            f"({base.label} has {old_raw}): bump `version` in Chart.yaml"
        )
        hint = f"a version greater than {old_raw}, e.g. {_next_patch(old)}"
        return CheckResult(NAME, (Problem(NAME, message, ("version",), where, hint=hint),))
    return CheckResult(NAME, notes=(f"{old_raw} ({base.label}) -> {new_raw}",))
