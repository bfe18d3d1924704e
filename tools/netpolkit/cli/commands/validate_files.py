"""`netpolkit validate-files FILE...`: `netpolkit validate` on each file on its own (pre-commit).

pre-commit passes the changed files as arguments. `netpolkit validate -f a -f b` merges its files
like helm (an overlay on a base), which is right for one release but wrong here: each values file
in a values repository is one release's values over the chart defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpolkit.cli.options import CHART_HELP
from netpolkit.reporters import REPORTERS
from netpolkit.validate import validate


def register(app: typer.Typer) -> None:
    @app.command("validate-files")
    def validate_files_command(
        files: Annotated[list[Path], typer.Argument(help="Values files, each validated on its own.")],
        chart: Annotated[
            Path | None, typer.Option("--chart", help=CHART_HELP)
        ] = None,
        strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    ) -> None:
        """Validate each values file separately (schema and semantic checks), for pre-commit hooks.

        Exit 0 when every file is valid, 1 when any has errors (warnings are shown but pass).
        """
        failed = 0
        for path in files:
            report = validate([str(path)], chart=chart, strict=strict)
            typer.echo(REPORTERS["text"]().render(report), nl=False)
            failed += not report.ok
        if failed:
            typer.echo(f"netpolkit validate-files: {failed} of {len(files)} file(s) have errors", err=True)
            raise typer.Exit(1)
