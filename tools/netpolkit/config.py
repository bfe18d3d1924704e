"""Project settings from `[tool.netpolkit]` in the nearest pyproject.toml, with defaults.

Keys: `chart` (chart directory), `masks` (extra paths masked in snapshots and diffs), `cases`
(globs of snapshot cases), `snapshot-dir`, `release`, `namespace`. Paths are relative to the
pyproject.toml that sets them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netpolkit.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_CHART = Path("charts/network-policies")
DEFAULT_CASES = ("values-examples/*.yaml", "tests/cases/*.yaml")


@dataclass(frozen=True)
class Settings:
    root: Path
    chart: Path
    masks: tuple[str, ...] = ()
    cases: tuple[str, ...] = DEFAULT_CASES
    snapshot_dir: Path = field(default=Path("tests/snapshots"))
    release: str = "network-policies"
    namespace: str = "default"


def find_pyproject(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _str_list(table: dict[str, Any], key: str, origin: Path) -> tuple[str, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{origin}: [tool.netpolkit] {key} must be a list of strings")
    return tuple(value)


def load_settings(start: Path | None = None) -> Settings:
    """Settings for the project around `start` (default: the current directory)."""
    pyproject = find_pyproject(start)
    if pyproject is None:
        root = (start or Path.cwd()).resolve()
        return Settings(root=root, chart=root / DEFAULT_CHART, snapshot_dir=root / "tests/snapshots")
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("netpolkit", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{pyproject}: cannot read [tool.netpolkit]: {exc}") from None
    root = pyproject.parent
    for key in ("chart", "snapshot-dir", "release", "namespace"):
        if key in table and not isinstance(table[key], str):
            raise UsageError(f"{pyproject}: [tool.netpolkit] {key} must be a string")
    return Settings(
        root=root,
        chart=root / table.get("chart", str(DEFAULT_CHART)),
        masks=_str_list(table, "masks", pyproject) or (),
        cases=_str_list(table, "cases", pyproject) or DEFAULT_CASES,
        snapshot_dir=root / table.get("snapshot-dir", "tests/snapshots"),
        release=table.get("release", "network-policies"),
        namespace=table.get("namespace", "default"),
    )
