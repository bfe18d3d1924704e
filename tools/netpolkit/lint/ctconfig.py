"""Read chart-testing's `ct.yaml`: the keys `ct lint` uses, with ct's defaults.

Only ct's own keys are read (ct ignores unknown keys, but a netpolkit-only key there would be a
trap for the next reader), so one file drives both `ct lint` and `netpolkit lint`. Relative paths
are taken from the directory of `ct.yaml`, which is where ct is run from in CI (the repo root).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netpolkit.errors import UsageError

#: Where ct looks for `chart_schema.yaml` / `lintconf.yaml` when `ct.yaml` names none.
SEARCH_DIRS = (Path("."), Path.home() / ".ct", Path("/etc/ct"))


@dataclass(frozen=True)
class CtConfig:
    """The settings `netpolkit lint` takes from `ct.yaml` (see `ct lint --help`)."""

    root: Path
    remote: str = "origin"
    target_branch: str = "main"
    chart_dirs: tuple[str, ...] = ("charts",)
    excluded_charts: tuple[str, ...] = ()
    charts: tuple[str, ...] = ()
    all: bool = False
    check_version_increment: bool = True
    validate_chart_schema: bool = True
    validate_yaml: bool = True
    validate_maintainers: bool = True
    #: None: not named in ct.yaml; found by `find_support_file` or the built-in copy.
    chart_yaml_schema: Path | None = None
    lint_conf: Path | None = None
    helm_lint_extra_args: tuple[str, ...] = field(default=())
    source: Path | None = None


def _strings(raw: Any, key: str, origin: Path) -> tuple[str, ...]:
    """ct (viper) accepts a list or a comma-separated string for list options."""
    if isinstance(raw, str):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        return tuple(raw)
    raise UsageError(f"{origin}: `{key}` must be a list of strings")


def _bool(raw: Any, key: str, origin: Path) -> bool:
    if isinstance(raw, bool):
        return raw
    raise UsageError(f"{origin}: `{key}` must be true or false")


def _str(raw: Any, key: str, origin: Path) -> str:
    if isinstance(raw, str):
        return raw
    raise UsageError(f"{origin}: `{key}` must be a string")


def parse_ct_config(data: Mapping[str, Any], *, root: Path, source: Path) -> CtConfig:
    """Build a `CtConfig` from a loaded `ct.yaml`; wrong types are a usage error naming the key."""
    kwargs: dict[str, Any] = {"root": root, "source": source}
    for key in ("remote", "target-branch"):
        if key in data:
            kwargs[key.replace("-", "_")] = _str(data[key], key, source)
    for key in ("chart-dirs", "excluded-charts", "charts"):
        if key in data:
            kwargs[key.replace("-", "_")] = _strings(data[key], key, source)
    for key in ("all", "check-version-increment", "validate-chart-schema", "validate-yaml", "validate-maintainers"):
        if key in data:
            kwargs[key.replace("-", "_")] = _bool(data[key], key, source)
    for key in ("chart-yaml-schema", "lint-conf"):
        if data.get(key):
            kwargs[key.replace("-", "_")] = root / _str(data[key], key, source)
    if data.get("helm-lint-extra-args"):
        raw = _str(data["helm-lint-extra-args"], "helm-lint-extra-args", source)
        kwargs["helm_lint_extra_args"] = tuple(shlex.split(raw))
    return CtConfig(**kwargs)


def load_ct_config(path: Path | None, *, cwd: Path) -> CtConfig:
    """`path` if given (it must exist), else `ct.yaml` in `cwd`, else ct's defaults rooted at `cwd`."""
    if path is None:
        candidate = cwd / "ct.yaml"
        if not candidate.is_file():
            return CtConfig(root=cwd)
        path = candidate
    if not path.is_file():
        raise UsageError(f"--config {path}: no such file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"{path}: cannot read chart-testing config: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: chart-testing config must be a mapping of options")
    return parse_ct_config(data, root=path.absolute().parent, source=path)


def find_support_file(configured: Path | None, name: str, root: Path) -> Path | None:
    """The schema or lint config: as configured, else ct's search path (root, ~/.ct, /etc/ct)."""
    if configured is not None:
        if not configured.is_file():
            raise UsageError(f"{configured}: no such file (named in ct.yaml)")
        return configured
    for directory in SEARCH_DIRS:
        candidate = (root / directory if not directory.is_absolute() else directory) / name
        if candidate.is_file():
            return candidate
    return None
