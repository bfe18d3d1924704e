"""One rendering layer for every command: a chart + values + options -> resources.

Two engines produce the same objects: `binary` runs `helm template` (the renderer of record) and
`embedded` (`netpolkit.embedded`) runs Helm's Go SDK in-process through the optional
`helm-python-sdk` package, which saves a process start per case. The engine-parity test keeps
them honest.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from netpolkit.errors import EngineUnavailable, NetpolkitWarning, UsageError
from netpolkit.helm import Helm, RenderOptions, ValuesInput, find_helm
from netpolkit.manifests import Resource, parse_manifests
from netpolkit.problems import Problem

ENGINES = ("binary", "embedded")


@dataclass(frozen=True)
class RenderRequest:
    chart: Path
    values: ValuesInput
    options: RenderOptions


@dataclass(frozen=True)
class Outcome:
    """A case's rendered text, or the error helm gave for it alone."""

    text: str = ""
    error: str = ""


class Engine(Protocol):
    @property
    def name(self) -> str: ...

    def render_text(self, request: RenderRequest) -> str: ...


@dataclass(frozen=True)
class BinaryEngine:
    helm: Helm
    name: str = "binary"

    def render_text(self, request: RenderRequest) -> str:
        return self.helm.template(request.chart, request.values, request.options)


def user_values(values: ValuesInput) -> dict[str, Any]:
    """The user's values as helm passes them to the chart, read by the same loader as `validate`.

    That loader types scalars as helm does (`y` is a boolean, `017` octal), so the embedded engine
    sees exactly what the binary would.
    """
    from netpolkit.loading import BLOCKING_CODES, merge_user_inputs, merge_user_values

    problems: list[Problem] = []
    merged = merge_user_inputs(values.files, values.set_values, values.set_string_values, problems=problems)
    blocking = [p for p in problems if p.code in BLOCKING_CODES]
    if blocking:
        raise UsageError("; ".join(p.one_line() for p in blocking))
    if values.inline is not None:
        merged = merge_user_values(merged, json.loads(json.dumps(values.inline)))
    return merged


class EngineFallbackWarning(NetpolkitWarning):
    """The embedded engine cannot run here, so the helm binary renders instead (the CLI prints it)."""


def get_engine(name: str = "binary", *, helm_path: str | None = None) -> Engine:
    """The named engine; `embedded` where it cannot run falls back to the binary, with a warning."""
    if name == "binary":
        return BinaryEngine(find_helm(helm_path))
    if name == "embedded":
        from netpolkit.embedded import EmbeddedEngine

        try:
            return EmbeddedEngine()
        except EngineUnavailable as exc:
            binary = BinaryEngine(find_helm(helm_path))
            warnings.warn(f"{exc.message}; rendering with the helm binary instead", EngineFallbackWarning, stacklevel=2)
            return binary
    raise UsageError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")


def render(request: RenderRequest, engine: Engine) -> list[Resource]:
    return parse_manifests(engine.render_text(request), origin=str(request.chart))


def render_values(
    chart: Path, values: Mapping[str, Any], engine: Engine, options: RenderOptions | None = None
) -> list[Resource]:
    """Render an inline values mapping (the pytest plugin's and tests' entry point)."""
    request = RenderRequest(chart, ValuesInput(inline=values), options or RenderOptions())
    return render(request, engine)
