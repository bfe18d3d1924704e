"""`netpolkit docs`: write (or `--check`) the chart README's values reference between its markers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpolkit.config import load_settings
from netpolkit.docs import stale_line, update_docs


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def register(app: typer.Typer) -> None:
    @app.command("docs")
    def docs_command(
        chart: Annotated[Path | None, typer.Option("--chart", help="Chart directory.")] = None,
        check: Annotated[bool, typer.Option("--check", help="Only check; exit 1 when stale.")] = False,
    ) -> None:
        """Write the chart README's values reference from values.schema.json and values.yaml.

        A Key / Type / Default / Description table, between the `<!-- netpolkit-docs:start -->` and
        `<!-- netpolkit-docs:end -->` markers; `--check` exits 1 when it is stale.
        """
        chart_dir = chart or load_settings().chart
        readme = _display(chart_dir / "README.md")
        if check:
            if stale_line(chart_dir, label=readme) is not None:
                fix = "netpolkit docs" if chart is None else f"netpolkit docs --chart {_display(chart_dir)}"
                typer.echo(f"{readme}: values reference is stale: run `{fix}`", err=True)
                raise typer.Exit(1)
            typer.echo(f"{readme}: values reference is up to date")
            return
        changed = update_docs(chart_dir, label=readme)
        typer.echo(f"{readme}: values reference {'updated' if changed else 'is up to date'}")
