"""Shared fixtures: render the chart through the real pinned helm binaries (both majors)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from netpolkit.errors import RenderError
from netpolkit.helm import Helm, RenderOptions, ValuesInput, pinned_helm
from netpolkit.manifests import parse_manifests

REPO = Path(__file__).resolve().parent.parent
CHART = REPO / "charts" / "network-policies"
EXAMPLES = REPO / "values-examples"
SHARED_REFERENCE = REPO.parent / "shared" / "reference"

Values = Mapping[str, Any] | str | Path
RenderChart = Callable[..., list[dict[str, Any]]]
RenderError_ = Callable[..., str]


def _values_input(values: Values) -> ValuesInput:
    if isinstance(values, (str, Path)):
        return ValuesInput(files=(str(values),))
    return ValuesInput(inline=values)


def _helm(major: int) -> Helm:
    return pinned_helm(major)


@pytest.fixture(params=[3, 4], ids=["helm3", "helm4"])
def helm_major(request: pytest.FixtureRequest) -> int:
    """Run a test once per supported helm major version."""
    return int(request.param)


@pytest.fixture(scope="session")
def render_chart() -> RenderChart:
    """render_chart(values, *, namespace="team-a", helm_major=4, release="np") -> list of objects."""

    def render(
        values: Values, *, namespace: str = "team-a", helm_major: int = 4, release: str = "np"
    ) -> list[dict[str, Any]]:
        text = _helm(helm_major).template(CHART, _values_input(values), RenderOptions(release, namespace))
        return [r.body for r in parse_manifests(text)]

    return render


@pytest.fixture(scope="session")
def render_text() -> Callable[..., str]:
    """render_text(values, ...) -> helm's raw stdout (for byte-level comparisons)."""

    def render(values: Values, *, namespace: str = "team-a", helm_major: int = 4, release: str = "np") -> str:
        return _helm(helm_major).template(CHART, _values_input(values), RenderOptions(release, namespace))

    return render


@pytest.fixture(scope="session")
def render_error() -> RenderError_:
    """render_error(values, *, helm_major=4) -> helm's error message; fails the test if rendering works."""

    def render(values: Values, *, namespace: str = "team-a", helm_major: int = 4, release: str = "np") -> str:
        try:
            _helm(helm_major).template(CHART, _values_input(values), RenderOptions(release, namespace))
        except RenderError as exc:
            return exc.message
        pytest.fail(f"helm {helm_major} rendered values that should have been rejected: {values!r}")

    return render


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))
