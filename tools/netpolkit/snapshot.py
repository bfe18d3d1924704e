"""Snapshot testing of rendered charts: one reviewed YAML file per case, compared object by object.

`check` never writes. It fails on a changed object, a missing snapshot and an obsolete snapshot
file, naming each. `update` writes only what changed, atomically, and removes obsolete files only
when every case ran (a narrowed run cannot know what is obsolete).
"""

from __future__ import annotations

import difflib
import glob
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml

from netpolkit.batch import BatchRenderer
from netpolkit.config import Settings
from netpolkit.embedded import EmbeddedEngine
from netpolkit.errors import NetpolkitError, UsageError
from netpolkit.fileio import atomic_write
from netpolkit.helm import RenderOptions, ValuesInput
from netpolkit.manifests import DEFAULT_MASKS, Identity, Resource, apply_masks, parse_manifests, to_yaml
from netpolkit.render import BinaryEngine, Outcome, RenderRequest, get_engine

FORMAT = "netpolkit snapshot v1"


@dataclass(frozen=True)
class Case:
    name: str
    values: Path

    def options(self, default: RenderOptions) -> RenderOptions:
        """A case may set its release and namespace: `# netpolkit: release=orders namespace=orders`."""
        found = case_directives(self.values)
        return RenderOptions(found.get("release", default.release), found.get("namespace", default.namespace))


_DIRECTIVE = re.compile(r"^#\s*netpolkit:\s*(.*)$", re.MULTILINE)
_DIRECTIVE_KEYS = ("release", "namespace")


def case_directives(path: Path) -> dict[str, str]:
    """`key=value` pairs from `# netpolkit:` comment lines of a values file."""
    found: dict[str, str] = {}
    for line in _DIRECTIVE.findall(path.read_text(encoding="utf-8")):
        for pair in line.split():
            key, sep, value = pair.partition("=")
            if not sep or key not in _DIRECTIVE_KEYS or not value:
                raise UsageError(f"{path}: bad `# netpolkit:` directive {pair!r} (use release=NAME namespace=NS)")
            found[key] = value
    return found


class Status(str, Enum):
    OK = "ok"
    CHANGED = "changed"
    MISSING = "missing"
    ERROR = "error"
    OBSOLETE = "obsolete"
    WRITTEN = "written"
    REMOVED = "removed"


@dataclass
class CaseResult:
    name: str
    status: Status
    path: Path
    detail: str = ""
    #: Per-object changes: (identity, "added" | "removed" | "changed").
    objects: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SnapshotReport:
    results: list[CaseResult]

    @property
    def failed(self) -> list[CaseResult]:
        bad = {Status.CHANGED, Status.MISSING, Status.ERROR, Status.OBSOLETE}
        return [r for r in self.results if r.status in bad]

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class SnapshotConfig:
    settings: Settings
    engine: str = "binary"
    helm_path: str | None = None
    masks: tuple[str, ...] = ()
    use_default_masks: bool = True
    workers: int | None = None

    @property
    def all_masks(self) -> tuple[str, ...]:
        return (DEFAULT_MASKS if self.use_default_masks else ()) + self.settings.masks + self.masks

    @property
    def options(self) -> RenderOptions:
        return RenderOptions(self.settings.release, self.settings.namespace)


# --- cases ---------------------------------------------------------------------------------------


def discover_cases(settings: Settings, selected: Sequence[str] = ()) -> list[Case]:
    """Cases from the configured globs; `selected` narrows them by name or path."""
    found: dict[str, Case] = {}
    for pattern in settings.cases:
        for match in sorted(glob.glob(str(settings.root / pattern))):
            path = Path(match)
            if path.stem in found and found[path.stem].values != path:
                raise UsageError(f"two snapshot cases are named {path.stem!r}: {found[path.stem].values} and {path}")
            found[path.stem] = Case(path.stem, path)
    if not selected:
        return list(found.values())
    chosen = []
    for item in selected:
        by_path = Path(item).resolve()
        case = found.get(item) or next((c for c in found.values() if c.values.resolve() == by_path), None)
        if case is None:
            known = ", ".join(sorted(found)) or "none"
            raise UsageError(f"no snapshot case {item!r} (cases: {known})")
        chosen.append(case)
    return chosen


def snapshot_path(settings: Settings, case: Case) -> Path:
    return settings.snapshot_dir / f"{case.name}.yaml"


# --- rendering -----------------------------------------------------------------------------------


def render_cases(
    cases: Sequence[Case], config: SnapshotConfig, progress: Callable[[int], None] | None = None
) -> Iterator[Outcome]:
    """Every case's outcome, in order, rendered in parallel; a case that fails carries helm's error instead of text.

    Outcomes stream as they are done, so comparing the first cases overlaps rendering the rest.
    """
    chart = config.settings.chart
    if not (chart / "Chart.yaml").is_file():
        raise UsageError(f"{chart}: not a chart directory (no Chart.yaml)")
    workers = config.workers or os.cpu_count() or 1
    engine = get_engine(config.engine, helm_path=config.helm_path)
    if isinstance(engine, EmbeddedEngine):
        requests = [RenderRequest(chart, ValuesInput(files=(str(c.values),)), c.options(config.options)) for c in cases]
        yield from engine.render_many(requests, workers=workers, progress=progress)
        return
    assert isinstance(engine, BinaryEngine)
    renderer = BatchRenderer(engine.helm, chart, workers=workers)
    options = [case.options(config.options) for case in cases]
    yield from renderer.render_files([case.values for case in cases], options, progress)


def snapshot_text(case: Case, resources: Sequence[Resource], root: Path) -> str:
    try:
        values = case.values.resolve().relative_to(root.resolve())
    except ValueError:
        values = case.values
    header = (
        f"# {FORMAT}: case {case.name} (values: {values.as_posix()})\n"
        f"# A reviewed artefact: regenerate with `netpolkit snapshot update {case.name}` and read the diff.\n"
    )
    return header + to_yaml(resources)


# --- comparing -----------------------------------------------------------------------------------


def _by_identity(text: str) -> dict[Identity, str]:
    return {r.identity: to_yaml([r]) for r in parse_manifests(text)}


def compare(expected: str, actual: str, name: str) -> tuple[str, list[tuple[str, str]]]:
    """A unified diff per changed object, and the list of (identity, change) pairs."""
    old, new = _by_identity(expected), _by_identity(actual)
    chunks: list[str] = []
    changes: list[tuple[str, str]] = []
    for ident in sorted(set(old) | set(new)):
        before, after = old.get(ident, ""), new.get(ident, "")
        if before == after:
            continue
        kind = "added" if not before else "removed" if not after else "changed"
        changes.append((str(ident), kind))
        lines = difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"{name}: {ident} (snapshot)",
            tofile=f"{name}: {ident} (rendered)",
        )
        chunks.append("".join(lines))
    if not changes and expected.split("\n", 2)[:2] != actual.split("\n", 2)[:2]:
        changes.append(("(header)", "changed"))
    return "".join(chunks), changes


def _header_ok(text: str) -> bool:
    return text.startswith(f"# {FORMAT}")


def _obsolete(settings: Settings, cases: Sequence[Case]) -> list[Path]:
    if not settings.snapshot_dir.is_dir():
        return []
    wanted = {snapshot_path(settings, c).resolve() for c in cases}
    return sorted(p for p in settings.snapshot_dir.glob("*.yaml") if p.resolve() not in wanted)


def run(
    cases: Sequence[Case],
    config: SnapshotConfig,
    *,
    update: bool,
    complete: bool,
    progress: Callable[[int], None] | None = None,
) -> SnapshotReport:
    """Check (or update) snapshots for `cases`; `complete` says every case ran (obsolete detection)."""
    settings = config.settings
    outcomes = render_cases(cases, config, progress)
    results: list[CaseResult] = []
    for case, outcome in zip(cases, outcomes, strict=True):
        path = snapshot_path(settings, case)
        if outcome.error:
            results.append(CaseResult(case.name, Status.ERROR, path, outcome.error))
            continue
        try:
            resources = apply_masks(parse_manifests(outcome.text, origin=case.name), config.all_masks, copy=False)
        except NetpolkitError as exc:
            results.append(CaseResult(case.name, Status.ERROR, path, exc.message))
            continue
        actual = snapshot_text(case, resources, settings.root)
        results.append(_compare_case(case, path, actual, update=update))
    for path in _obsolete(settings, cases) if complete else []:
        if update:
            path.unlink()
            results.append(CaseResult(path.stem, Status.REMOVED, path))
        else:
            results.append(CaseResult(path.stem, Status.OBSOLETE, path, "no case renders this snapshot"))
    return SnapshotReport(results)


def _compare_case(case: Case, path: Path, actual: str, *, update: bool) -> CaseResult:
    if not path.exists():
        if update:
            atomic_write(path, actual, make_parents=True)
            return CaseResult(case.name, Status.WRITTEN, path, "added", [("(all)", "added")])
        return CaseResult(case.name, Status.MISSING, path, f"no snapshot: run `netpolkit snapshot update {case.name}`")
    expected = path.read_text(encoding="utf-8")
    if expected == actual:
        return CaseResult(case.name, Status.OK, path)
    if not _header_ok(expected):
        diff, changes = "", [("(format)", "changed")]
    else:
        try:
            diff, changes = compare(expected, actual, case.name)
        except (NetpolkitError, yaml.YAMLError):
            diff, changes = "", [("(unreadable snapshot)", "changed")]
    if update:
        atomic_write(path, actual, make_parents=True)
        return CaseResult(case.name, Status.WRITTEN, path, "changed", changes)
    return CaseResult(case.name, Status.CHANGED, path, diff, changes)


def junit_xml(report: SnapshotReport) -> str:
    """One testsuite, one testcase per case; deterministic (no timings)."""
    suite = ET.Element("testsuite", name="netpolkit-snapshot", tests=str(len(report.results)))
    suite.set("failures", str(len(report.failed)))
    for result in report.results:
        case = ET.SubElement(suite, "testcase", classname="snapshot", name=result.name)
        if result in report.failed:
            failure = ET.SubElement(case, "failure", message=f"{result.status.value}: {result.path}")
            failure.text = result.detail
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
