"""`netpolkit explain PATH|CODE`: a values key's type, description, default, allowed values,
examples, edition and child keys (from the chart's schema), or a problem code's documentation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpolkit.cli.options import CHART_HELP
from netpolkit.errors import NetpolkitError, UsageError
from netpolkit.explain import codes_table, explain_code, explain_path, is_code, render_explanation, unknown_path_message
from netpolkit.schema import UnknownPathError, load_schema
from netpolkit.validate import find_chart


def explain_text(target: str | None, chart: Path | None, *, codes: bool = False) -> str:
    """What `explain` prints for `target`; `NetpolkitError` for the CLI to report."""
    if codes:
        return codes_table()
    if target is None or not target.strip():
        raise UsageError("give a values key path (e.g. presets.allowDNS), a problem code (e.g. NPK201) or --codes")
    if is_code(target):
        return explain_code(target)
    chart_dir = find_chart(chart)
    schema = load_schema(chart_dir)
    if schema is None:
        raise UsageError(f"{chart_dir}: the chart has no values.schema.json to explain")
    try:
        return render_explanation(explain_path(schema.document, target))
    except UnknownPathError as exc:
        raise UsageError(unknown_path_message(exc)) from None


def register(app: typer.Typer) -> None:
    @app.command("explain")
    def explain_command(
        target: Annotated[
            str | None,
            typer.Argument(
                help="A values key path (`*` or `[]` for any map key or list item), e.g. "
                "calicoGlobalNetworkPolicies.*.ingress.action, or a problem code such as NPK201.",
                metavar="PATH|CODE",
            ),
        ] = None,
        chart: Annotated[Path | None, typer.Option("--chart", help=CHART_HELP)] = None,
        codes: Annotated[bool, typer.Option("--codes", help="List every problem code (a Markdown table).")] = False,
    ) -> None:
        """Explain a values key (like kubectl explain) or a problem code."""
        try:
            text = explain_text(target, chart, codes=codes)
        except NetpolkitError as exc:
            typer.echo(f"netpolkit: error: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None
        typer.echo(text, nl=False)
