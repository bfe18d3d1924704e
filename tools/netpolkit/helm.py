"""Finding and running helm: the renderer of record.

Resolution order for the binary: an explicit path (`--helm`), `NETPOLKIT_HELM`, `helm` on PATH, then
the pinned binaries `netpolkit install-helm` puts into the virtualenv. Every command renders through
`Helm.template`, so release name, namespace and capabilities are the same everywhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from netpolkit import helm_install
from netpolkit.errors import HelmNotFoundError, RenderError

ENV_VAR = "NETPOLKIT_HELM"
_VERSION_RE = re.compile(r"v(\d+)\.(\d+)\.(\d+)")


@dataclass(frozen=True)
class RenderOptions:
    """What `helm template` is told besides values; fixed so every render of a case is comparable."""

    release: str = "network-policies"
    namespace: str = "default"
    kube_version: str | None = None
    api_versions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValuesInput:
    """Values for one render: files in order, then `--set` / `--set-string`, then an inline mapping."""

    files: tuple[str, ...] = ()
    set_values: tuple[str, ...] = ()
    set_string_values: tuple[str, ...] = ()
    inline: Mapping[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Helm:
    path: str
    version: str

    @property
    def major(self) -> int:
        return int(self.version.lstrip("v").split(".")[0])

    def run(self, args: Sequence[str], *, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = {**GO_RUNTIME_ENV, **os.environ, "HELM_NO_PLUGINS": "1"}
        try:
            return subprocess.run(
                [self.path, *args], capture_output=True, text=True, check=False, timeout=timeout, env=env
            )
        except OSError as exc:
            raise HelmNotFoundError(f"cannot run helm at {self.path}: {exc.strerror}") from None
        except subprocess.TimeoutExpired:
            raise RenderError(f"helm {' '.join(args[:1])} timed out after {timeout:.0f}s") from None

    def template(self, chart: Path | str, values: ValuesInput, options: RenderOptions) -> str:
        """Render the chart; helm's failure becomes a `RenderError` with helm's own message."""
        with _values_args(values) as value_args:
            result = self.run(["template", options.release, str(chart), *render_flags(options), *value_args])
        if result.returncode != 0:
            raise RenderError(clean_helm_error(result.stderr))
        return result.stdout

    def lint(self, chart: Path | str, values: ValuesInput, options: RenderOptions) -> subprocess.CompletedProcess[str]:
        with _values_args(values) as value_args:
            return self.run(["lint", "--strict", str(chart), "--namespace", options.namespace, *value_args])


def render_flags(options: RenderOptions) -> list[str]:
    flags = ["--namespace", options.namespace]
    if options.kube_version:
        flags += ["--kube-version", options.kube_version]
    for api in options.api_versions:
        flags += ["--api-versions", api]
    return flags


class _values_args:
    """Context manager: helm value flags, with an inline mapping written to a temp file for the call."""

    def __init__(self, values: ValuesInput) -> None:
        self.values = values
        self.tmp: str | None = None

    def __enter__(self) -> list[str]:
        args: list[str] = []
        for path in self.values.files:
            args += ["--values", str(path)]
        for item in self.values.set_values:
            args += ["--set", item]
        for item in self.values.set_string_values:
            args += ["--set-string", item]
        if self.values.inline is not None:
            fd, self.tmp = tempfile.mkstemp(prefix="netpolkit-values-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.values.inline, fh)
            args += ["--values", self.tmp]
        return args

    def __exit__(self, *exc: object) -> None:
        if self.tmp:
            os.unlink(self.tmp)


#: Helm allocates a lot per render and lives briefly: collecting garbage less often (unless the
#: user chose a GOGC) saves about a tenth of a helm process's CPU time, and a third of an
#: in-process render's (see netpolkit.embedded).
GO_RUNTIME_ENV = {"GOGC": "400"}

_EXEC_ERROR = re.compile(r"execution error at \([^)]*\): ")
#: Lines of helm's stderr (and the Go SDK's errors) that are not about the user's values.
_NOISE = ("WARNING:", "Use --debug flag")


def clean_helm_error(stderr: str) -> str:
    """Keep what the user can act on: the chart's own `fail` text or helm's schema message."""
    lines = [line for line in stderr.strip().splitlines() if not line.startswith(_NOISE)]
    text = "\n".join(lines).strip()
    text = text.removeprefix("Error: ")
    if "network-policies: " in text:
        text = _EXEC_ERROR.sub("", text)
    return text or "helm failed with no message"


@lru_cache(maxsize=16)
def probe(path: str) -> Helm:
    """Ask a helm binary for its version (cached: one process start per binary per run)."""
    try:
        result = subprocess.run([path, "version", "--short"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HelmNotFoundError(f"cannot run helm at {path}: {exc}") from None
    match = _VERSION_RE.search(result.stdout)
    if result.returncode != 0 or not match:
        detail = result.stderr.strip() or result.stdout.strip()
        raise HelmNotFoundError(f"{path} is not a working helm binary: {detail}")
    return Helm(path=path, version=match.group(0))


def find_helm(explicit: str | None = None) -> Helm:
    """The helm to use: `--helm`, then NETPOLKIT_HELM, then PATH, then the pinned install."""
    for candidate, origin in ((explicit, "--helm"), (os.environ.get(ENV_VAR), ENV_VAR)):
        if candidate:
            resolved = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
            if not resolved:
                raise HelmNotFoundError(f"{origin}: no helm binary at {candidate}")
            return probe(resolved)
    on_path = shutil.which("helm")
    if on_path:
        return probe(on_path)
    for release in helm_install.RELEASES:
        pinned = helm_install.installed_binary(release)
        if pinned.exists():
            return probe(str(pinned))
    raise HelmNotFoundError(
        "no helm found: put helm on PATH, pass --helm PATH or set NETPOLKIT_HELM, "
        f"or run `netpolkit install-helm` to install the pinned helm binaries into {sys.prefix}"
    )


def pinned_helm(major: int) -> Helm:
    """The pinned binary of one major version (tests run the chart under both)."""
    for release in helm_install.RELEASES:
        if release.major == major:
            path = helm_install.installed_binary(release)
            if not path.exists():
                raise HelmNotFoundError(f"helm {release.version} is not installed: run `netpolkit install-helm`")
            return probe(str(path))
    raise HelmNotFoundError(f"no pinned helm with major version {major}")
