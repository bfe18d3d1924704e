"""`netpolkit validate [-f FILE]... [--set k=v]...`: check values as helm would merge them.

Problems go to stdout (or `--output-file`) in the chosen format; the summary line goes to stderr.
Exit codes: 0 no errors, 1 errors found, 2 usage error or unreadable input, 3 unusable chart schema.
See docs/validate.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from netpolkit.cli.options import CHART_HELP
from netpolkit.errors import NetpolkitError, UsageError
from netpolkit.fileio import atomic_write
from netpolkit.loading import INPUT_ERROR_CODES
from netpolkit.reporters import REPORTERS, summary, use_color
from netpolkit.validate import Report, validate

FORMATS = tuple(REPORTERS)
COLOR_MODES = ("auto", "always", "never")


def write_report(path: Path, text: str) -> None:
    """Write atomically, so a CI step never reads half a report; `UsageError` when it cannot."""
    try:
        atomic_write(path, text)
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise UsageError(f"--output-file {path}: cannot write the report: {reason[:1].lower()}{reason[1:]}") from None


def _input_errors(report: Report) -> list[str]:
    return [p.one_line() for p in report.problems if p.code in INPUT_ERROR_CODES]


def run(
    files: list[str],
    set_values: list[str],
    set_string: list[str],
    *,
    chart: Path | None,
    output: str,
    output_file: Path | None,
    strict: bool,
    color: str,
) -> int:
    """The command without typer: returns the exit code."""
    if output not in REPORTERS:
        typer.echo(f"netpolkit: error: --output {output!r}: choose one of {', '.join(FORMATS)}", err=True)
        return 2
    if color not in COLOR_MODES:
        typer.echo(f"netpolkit: error: --color {color!r}: choose one of {', '.join(COLOR_MODES)}", err=True)
        return 2
    report = validate(files, set_values, chart=chart, strict=strict, set_string_values=set_string)
    if report.input_error:
        for line in _input_errors(report):
            typer.echo(line, err=True)
        return 2
    painted = output == "text" and output_file is None and use_color(sys.stdout.isatty(), color)
    text = REPORTERS[output]().render(report, color=painted)
    if output_file is not None:
        write_report(output_file, text)
    elif text:
        typer.echo(text, nl=False)
    typer.echo(summary(report), err=True)
    return report.exit_code


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate_command(
        values: Annotated[
            list[str] | None,
            typer.Option("-f", "--values", help="Values file, merged in order like helm (repeatable; - reads stdin)."),
        ] = None,
        set_values: Annotated[
            list[str] | None, typer.Option("--set", help="Set values like helm: a.b=1,c[0]=x,d={x,y} (repeatable).")
        ] = None,
        set_string: Annotated[
            list[str] | None, typer.Option("--set-string", help="Like --set, but every value is a string.")
        ] = None,
        chart: Annotated[Path | None, typer.Option("--chart", help=CHART_HELP)] = None,
        output: Annotated[str, typer.Option("--output", "-o", help=f"Report format: {' | '.join(FORMATS)}.")] = "text",
        output_file: Annotated[
            Path | None, typer.Option("--output-file", help="Write the report to this file instead of stdout.")
        ] = None,
        strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
        color: Annotated[str, typer.Option("--color", help="auto | always | never (auto honours NO_COLOR).")] = "auto",
    ) -> None:
        """Check values against the chart's schema and netpolkit's semantic checks, with file:line:col.

        Values are merged exactly as helm merges them: the chart's values.yaml, then each -f file
        (maps merge, lists replace, null deletes a default), then --set and --set-string.
        Exit 0 no errors (warnings are allowed unless --strict), 1 errors found, 2 usage error or
        unreadable input, 3 the chart's schema cannot be used.
        """
        try:
            code = run(
                values or [],
                set_values or [],
                set_string or [],
                chart=chart,
                output=output,
                output_file=output_file,
                strict=strict,
                color=color,
            )
        except NetpolkitError as exc:
            typer.echo(f"netpolkit: error: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None
        raise typer.Exit(code)
