"""pytest plugin: render a chart with given values and assert on resources or on a reviewed snapshot.

Registered through the `pytest11` entry point. Fixtures:

* `netpolkit_render(values, *, namespace=..., release=...) -> list[Resource]` renders the chart
  (`--netpolkit-chart`, else `[tool.netpolkit] chart`) through the same layer as the CLI.
* `netpolkit_snapshot` compares resources with `__snapshots__/<module>/<test>.yaml` beside the test;
  `--netpolkit-update` writes it. Missing snapshots fail; so do unused snapshot files of the modules
  that ran, unless `--netpolkit-warn-unused` (and never when -k or node ids narrowed the run).

State lives in `config.stash` (https://docs.pytest.org/en/stable/reference/reference.html#stash).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from netpolkit.config import load_settings
from netpolkit.fileio import atomic_write
from netpolkit.helm import RenderOptions, ValuesInput
from netpolkit.manifests import DEFAULT_MASKS, Resource, apply_masks, to_yaml
from netpolkit.render import Engine, RenderRequest, get_engine, render
from netpolkit.snapshot import FORMAT, compare

Values = Mapping[str, Any] | str | Path


@dataclass
class _Session:
    update: bool
    warn_unused: bool
    chart: Path
    engine_name: str
    helm_path: str | None
    masks: tuple[str, ...]
    engine: Engine | None = None
    used: set[Path] = field(default_factory=set)
    written: list[Path] = field(default_factory=list)
    module_dirs: set[Path] = field(default_factory=set)
    narrowed: bool = False

    def get_engine(self) -> Engine:
        if self.engine is None:
            self.engine = get_engine(self.engine_name, helm_path=self.helm_path)
        return self.engine


_KEY = pytest.StashKey[_Session]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("netpolkit")
    group.addoption("--netpolkit-update", action="store_true", help="Write netpolkit snapshots that differ.")
    group.addoption("--netpolkit-warn-unused", action="store_true", help="Report unused snapshots without failing.")
    group.addoption("--netpolkit-chart", default=None, help="Chart directory (default: [tool.netpolkit] chart).")
    group.addoption("--netpolkit-engine", default="binary", help="Render engine: binary or embedded.")
    group.addoption("--netpolkit-helm", default=None, help="helm binary (default: NETPOLKIT_HELM, then PATH).")


def pytest_configure(config: pytest.Config) -> None:
    settings = load_settings(Path(str(config.rootpath)))
    chart = config.getoption("--netpolkit-chart")
    config.stash[_KEY] = _Session(
        update=bool(config.getoption("--netpolkit-update")),
        warn_unused=bool(config.getoption("--netpolkit-warn-unused")),
        chart=Path(chart).resolve() if chart else settings.chart,
        engine_name=str(config.getoption("--netpolkit-engine")),
        helm_path=config.getoption("--netpolkit-helm"),
        masks=DEFAULT_MASKS + settings.masks,
        narrowed=bool(config.getoption("keyword") or config.getoption("markexpr")),
    )
    if config.pluginmanager.hasplugin("xdist") and not _is_xdist_worker(config):
        config.pluginmanager.register(_XdistController(config.stash[_KEY]), "netpolkit-xdist")


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    state = config.stash[_KEY]
    by_node_id = any("::" in str(arg) for arg in config.args)
    state.narrowed = state.narrowed or by_node_id or bool(config.getoption("lf", default=False))
    for item in items:
        if "netpolkit_snapshot" in getattr(item, "fixturenames", ()):
            state.module_dirs.add(_snapshot_dir(Path(str(item.path))))


def _snapshot_dir(test_file: Path) -> Path:
    return test_file.parent / "__snapshots__" / test_file.stem


def _render(state: _Session, values: Values, namespace: str, release: str) -> list[Resource]:
    inputs = ValuesInput(files=(str(values),)) if isinstance(values, (str, Path)) else ValuesInput(inline=values)
    return render(RenderRequest(state.chart, inputs, RenderOptions(release, namespace)), state.get_engine())


@pytest.fixture
def netpolkit_render(request: pytest.FixtureRequest) -> Callable[..., list[Resource]]:
    """Render the chart: `netpolkit_render({"presets": {...}}, namespace="team-a")`."""
    state = request.config.stash[_KEY]

    def run(values: Values, *, namespace: str = "default", release: str = "network-policies") -> list[Resource]:
        return _render(state, values, namespace, release)

    return run


class SnapshotAssertion:
    """`assert netpolkit_snapshot == resources` (or `.match(resources, name=...)`)."""

    def __init__(self, state: _Session, test_file: Path, test_name: str) -> None:
        self._state, self._dir = state, _snapshot_dir(test_file)
        self._base = re.sub(r"[^\w.-]+", "_", test_name).strip("_")
        self._count = 0
        self.last_diff = ""

    def _path(self, name: str | None) -> Path:
        self._count += 1
        suffix = name or (self._base if self._count == 1 else f"{self._base}.{self._count}")
        return self._dir / f"{suffix}.yaml"

    def match(self, resources: Sequence[Resource], *, name: str | None = None) -> bool:
        path = self._path(name)
        self._state.used.add(path.resolve())
        actual = f"# {FORMAT}: pytest {self._dir.name}::{path.stem}\n" + to_yaml(
            apply_masks(resources, self._state.masks)
        )
        expected = path.read_text(encoding="utf-8") if path.exists() else None
        if expected == actual:
            return True
        if self._state.update:
            atomic_write(path, actual, make_parents=True)
            self._state.written.append(path)
            return True
        if expected is None:
            self.last_diff = f"no snapshot {path}: run pytest with --netpolkit-update and review it"
        else:
            self.last_diff = compare(expected, actual, path.stem)[0] or "snapshot header differs"
        return False

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, list):
            return NotImplemented
        return self.match(other)

    __hash__ = None  # type: ignore[assignment]


@pytest.fixture
def netpolkit_snapshot(request: pytest.FixtureRequest) -> SnapshotAssertion:
    return SnapshotAssertion(request.config.stash[_KEY], Path(str(request.path)), request.node.name)


def pytest_assertrepr_compare(op: str, left: object, right: object) -> list[str] | None:
    """Show the per-object unified diff instead of two long reprs."""
    snap = left if isinstance(left, SnapshotAssertion) else right if isinstance(right, SnapshotAssertion) else None
    if op != "==" or snap is None:
        return None
    return ["netpolkit snapshot does not match", *snap.last_diff.splitlines()]


def _unused(state: _Session) -> list[Path]:
    found = []
    for directory in state.module_dirs:
        if directory.is_dir():
            found += [p for p in directory.glob("*.yaml") if p.resolve() not in state.used]
    return sorted(found)


def _is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


class _XdistController:
    """Registered only with pytest-xdist (its hook is unknown to plain pytest)."""

    def __init__(self, state: _Session) -> None:
        self.state = state

    def pytest_testnodedown(self, node: Any, error: object) -> None:
        """Collect what each worker used, so unused snapshots are found once, on the controller."""
        output = getattr(node, "workeroutput", {})
        self.state.used.update(Path(p) for p in output.get("netpolkit_used", ()))
        self.state.module_dirs.update(Path(p) for p in output.get("netpolkit_dirs", ()))
        self.state.written.extend(Path(p) for p in output.get("netpolkit_written", ()))
        self.state.narrowed = self.state.narrowed or bool(output.get("netpolkit_narrowed"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash[_KEY]
    if _is_xdist_worker(session.config):
        workeroutput = session.config.workeroutput  # type: ignore[attr-defined]
        workeroutput["netpolkit_used"] = sorted(str(p) for p in state.used)
        workeroutput["netpolkit_dirs"] = sorted(str(p) for p in state.module_dirs)
        workeroutput["netpolkit_written"] = [str(p) for p in state.written]
        workeroutput["netpolkit_narrowed"] = state.narrowed
        return
    if state.narrowed or session.testsfailed or not _unused(state):
        return
    if not state.warn_unused and not state.update:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash[_KEY]
    if _is_xdist_worker(config):
        return
    for path in state.written:
        terminalreporter.write_line(f"netpolkit: wrote snapshot {path}")
    if state.narrowed:
        return
    for path in _unused(state):
        if state.update:
            path.unlink()
            terminalreporter.write_line(f"netpolkit: removed unused snapshot {path}")
        else:
            terminalreporter.write_line(f"netpolkit: unused snapshot {path}")
