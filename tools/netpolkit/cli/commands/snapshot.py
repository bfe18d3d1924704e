"""`netpolkit snapshot check|update [CASES...]`: reviewed snapshots of the rendered chart."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from netpolkit import snapshot
from netpolkit.cli.options import CHART_HELP
from netpolkit.config import load_settings
from netpolkit.fileio import atomic_write

Cases = Annotated[list[str] | None, typer.Argument(help="Case names or values files (default: every case).")]
Engine = Annotated[str, typer.Option("--engine", help="binary (helm on PATH) or embedded (helm-python-sdk).")]
HelmPath = Annotated[str | None, typer.Option("--helm", help="helm binary to use (else NETPOLKIT_HELM, PATH).")]
Mask = Annotated[list[str] | None, typer.Option("--mask", help="Extra path to mask, e.g. metadata.labels[team].")]
NoDefaultMasks = Annotated[bool, typer.Option("--no-default-masks", help="Keep chart-version labels.")]
Junit = Annotated[Path | None, typer.Option("--junit", help="Also write a JUnit XML report here.")]
Workers = Annotated[int | None, typer.Option("--workers", help="Parallel renders (default: CPU cores).")]
Chart = Annotated[Path | None, typer.Option("--chart", help=CHART_HELP)]


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Snapshot tests: compare rendered objects with reviewed files.", no_args_is_help=True)
    app.add_typer(group, name="snapshot")

    @group.command("check")
    def check(
        cases: Cases = None, engine: Engine = "binary", helm: HelmPath = None, mask: Mask = None,
        no_default_masks: NoDefaultMasks = False, junit: Junit = None, workers: Workers = None, chart: Chart = None,
    ) -> None:
        """Fail on a changed object, a missing snapshot or an obsolete snapshot file. Never writes snapshots."""
        raise typer.Exit(_run(cases, engine, helm, mask, no_default_masks, junit, workers, chart, update=False))

    @group.command("update")
    def update(
        cases: Cases = None, engine: Engine = "binary", helm: HelmPath = None, mask: Mask = None,
        no_default_masks: NoDefaultMasks = False, junit: Junit = None, workers: Workers = None, chart: Chart = None,
    ) -> None:
        """Write the snapshots that changed (atomically) and remove obsolete ones; print what changed."""
        raise typer.Exit(_run(cases, engine, helm, mask, no_default_masks, junit, workers, chart, update=True))


def _run(
    selected: list[str] | None, engine: str, helm: str | None, mask: list[str] | None, no_default_masks: bool,
    junit: Path | None, workers: int | None, chart: Path | None, *, update: bool,
) -> int:
    settings = load_settings()
    if chart is not None:
        settings = settings.__class__(**{**settings.__dict__, "chart": chart.resolve()})
    config = snapshot.SnapshotConfig(settings, engine, helm, tuple(mask or ()), not no_default_masks, workers)
    cases = snapshot.discover_cases(settings, selected or ())
    report = _with_progress(cases, config, update=update, complete=not selected)
    _print(report, update=update)
    if junit is not None:
        atomic_write(junit, snapshot.junit_xml(report), make_parents=True)
    return 0 if report.ok else 1


def _with_progress(
    cases: list[snapshot.Case], config: snapshot.SnapshotConfig, *, update: bool, complete: bool
) -> snapshot.SnapshotReport:
    if not sys.stderr.isatty():
        return snapshot.run(cases, config, update=update, complete=complete)
    columns = (TextColumn("rendering"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("render", total=len(cases))
        return snapshot.run(
            cases, config, update=update, complete=complete, progress=lambda n: bar.advance(task, n)
        )


def _print(report: snapshot.SnapshotReport, *, update: bool) -> None:
    out = Console(highlight=False, soft_wrap=True)
    for result in report.results:
        status = result.status
        if status is snapshot.Status.OK:
            continue
        out.print(f"{status.value}: {result.name} ({result.path})")
        for ident, change in result.objects:
            out.print(f"  {change}: {ident}")
        if result in report.failed:
            out.print(result.detail.rstrip(), markup=False)
    counts: dict[str, int] = {}
    for result in report.results:
        counts[result.status.value] = counts.get(result.status.value, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    verb = "updated" if update else "checked"
    typer.echo(f"snapshots {verb}: {summary or 'no cases'}", err=True)
