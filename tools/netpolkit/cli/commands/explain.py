"""`netpolkit explain PATH|CODE`: a values key's type, description, default, allowed values,
examples, edition and child keys (from the chart's schema), or a problem code's documentation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpolkit.errors import NetpolkitError, UsageError
from netpolkit.explain import explain_code, explain_path, is_code, render_explanation, unknown_path_message
from netpolkit.schema import UnknownPathError, load_schema
from netpolkit.validate import find_chart


def explain_text(target: str, chart: Path | None) -> str:
    """What `explain` prints for `target`; `NetpolkitError` for the CLI to report."""
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
            str,
            typer.Argument(
                help="A values key path (`*` or `[]` for any map key or list item), e.g. "
                "calicoGlobalNetworkPolicies.*.ingress.action, or a problem code such as NPK201.",
                metavar="PATH|CODE",
            ),
        ],
        chart: Annotated[
            Path | None, typer.Option("--chart", help="Chart directory (default: [tool.netpolkit] chart).")
        ] = None,
    ) -> None:
        """Explain a values key (like kubectl explain) or a problem code."""
        try:
            text = explain_text(target, chart)
        except NetpolkitError as exc:
            typer.echo(f"netpolkit: error: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None
        typer.echo(text, nl=False)
