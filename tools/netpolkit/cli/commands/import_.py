"""`netpolkit import`: turn Kubernetes/Calico manifests into values files for the chart.

Exit codes: 0 converted; 1 some objects rejected (nothing written, unless --skip-invalid writes the
rest); 2 unreadable input or bad usage. Notes and warnings go to stderr and into the values file as
comments; the values file goes to --out, --out-dir or stdout.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from netpolkit.config import load_settings
from netpolkit.errors import InputError
from netpolkit.importer import ImportOptions, ImportResult, import_paths
from netpolkit.importer.writing import plan_outputs, write_outputs


class EditionChoice(str, Enum):
    oss = "oss"
    enterprise = "enterprise"


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_command(
        paths: Annotated[list[str], typer.Argument(help="YAML/JSON files, directories, or - for stdin.")],
        namespace: Annotated[
            str | None,
            typer.Option("--namespace", "-n", help="Put every namespaced object in this namespace "
                         "(default: metadata.namespace, else 'default')."),
        ] = None,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the values file here.")] = None,
        out_dir: Annotated[
            Path | None,
            typer.Option("--out-dir", help="Write namespace-<ns>.yaml per namespace and cluster.yaml here."),
        ] = None,
        edition: Annotated[
            EditionChoice, typer.Option(help="Calico edition: enterprise allows the Enterprise-only fields.")
        ] = EditionChoice.oss,
        chart: Annotated[
            Path | None, typer.Option(help="Chart directory (default: tool.netpolkit.chart in pyproject.toml).")
        ] = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite existing output files.")] = False,
        skip_invalid: Annotated[
            bool, typer.Option("--skip-invalid", help="Write the objects that convert even when others are "
                               "rejected (exit code is still 1).")
        ] = False,
    ) -> None:
        """Convert Kubernetes and Calico manifests (kubectl get -o yaml, files, directories) to values files."""
        settings = load_settings()
        chart_dir = chart or settings.chart
        if not (chart_dir / "Chart.yaml").is_file():
            raise InputError(f"{chart_dir}: not a chart directory (no Chart.yaml); pass --chart")
        options = ImportOptions(chart=chart_dir, namespace=namespace, edition=edition.value)
        result = import_paths(paths, options)
        report(result)
        if not result.files and result.ok:
            raise InputError("no Kubernetes objects in the input")
        if result.files and (result.ok or skip_invalid):
            outputs = plan_outputs(
                result.files, out=out, out_dir=out_dir, chart=chart_dir, repo_root=settings.root,
                sources=["<stdin>" if p == "-" else p for p in paths],
            )
            for path in write_outputs(outputs, force=force):
                typer.echo(f"wrote {path}", err=True)
            for output in outputs:
                if output.path is None:
                    typer.echo(output.text, nl=False)
        if not result.ok:
            typer.echo(
                f"netpolkit import: {len(result.rejections)} problem(s); "
                + ("the other objects were written" if skip_invalid and result.files else "nothing written"),
                err=True,
            )
            raise typer.Exit(1)


def report(result: ImportResult) -> None:
    for note in result.notes:
        typer.echo(note.one_line(), err=True)
    for rejection in result.rejections:
        typer.echo(f"{rejection.one_line()}", err=True)
