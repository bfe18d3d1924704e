"""Fixtures for the diff tests: the pinned helm, v1/v2 throwaway charts, and a CLI runner.

pytest runs with `--import-mode=importlib`, which does not put test folders on sys.path; this
folder is added so `from diff_helpers import ...` works (the name is unique across tests/).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from diff_helpers import Run, write_chart, write_v2  # noqa: E402

from netpolkit.cli import app  # noqa: E402
from netpolkit.helm import pinned_helm  # noqa: E402


@pytest.fixture(scope="session")
def helm4() -> str:
    return pinned_helm(4).path


@pytest.fixture()
def v1(tmp_path: Path) -> Path:
    return write_chart(tmp_path / "v1")


@pytest.fixture()
def v2(tmp_path: Path) -> Path:
    return write_v2(tmp_path / "v2")


@pytest.fixture()
def run_diff(helm4: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    """run_diff(*args, cwd=None, helm=None) -> Result of `netpolkit diff ARGS --helm <helm, default pinned 4>`."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def run(*args: str, cwd: Path | None = None, helm: str | None = None) -> Any:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        extra = ["--helm", helm or helm4] if "--manifests" not in args else []
        return runner.invoke(app, ["diff", *args, *extra], catch_exceptions=False)

    yield run
