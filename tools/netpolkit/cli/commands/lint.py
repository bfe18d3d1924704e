"""`netpolkit lint`: ct lint's checks plus netpolkit's own, per changed chart; text or JUnit."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer

from netpolkit.errors import UsageError
from netpolkit.fileio import atomic_write
from netpolkit.lint import FORMATS, RENDERERS, LintOptions, load_ct_config, run_lint
from netpolkit.lint.report import render_text, summary


def register(app: typer.Typer) -> None:
    @app.command("lint")
    def lint_command(
        config: Annotated[Path | None, typer.Option("--config", help="ct config (default: ./ct.yaml).")] = None,
        all_charts: Annotated[bool, typer.Option("--all", help="Lint every chart (no version check).")] = False,
        since: Annotated[str | None, typer.Option("--since", help="Compare with this git ref instead.")] = None,
        charts: Annotated[list[str] | None, typer.Option("--charts", help="Only these charts (a,b).")] = None,
        target_branch: Annotated[str | None, typer.Option("--target-branch", help="Overrides ct.yaml.")] = None,
        remote: Annotated[str | None, typer.Option("--remote", help="Overrides ct.yaml.")] = None,
        helm: Annotated[list[str] | None, typer.Option("--helm", help="helm binary to lint with (repeatable).")] = None,
        output: Annotated[str, typer.Option("--output", "-o", help="text or junit.")] = "text",
        output_file: Annotated[
            Path | None, typer.Option("--output-file", help="Write the report here; print text to stdout.")
        ] = None,
    ) -> None:
        """Lint changed charts: ct lint's checks, under each helm, plus netpolkit validate and docs.

        Per chart: version increment against the target branch, Chart.yaml schema (yamale), yamllint,
        `helm lint --strict` and `helm template` per ci/*-values.yaml under each helm, `netpolkit
        validate` per values file, and the README values reference. Exit 1 on any failure.
        """
        if output not in FORMATS:
            raise UsageError(f"--output {output!r}: choose one of {', '.join(FORMATS)}")
        ct = load_ct_config(config, cwd=Path.cwd())
        ct = dataclasses.replace(
            ct, target_branch=target_branch or ct.target_branch, remote=remote or ct.remote
        )
        chart_dirs = tuple(c.strip() for given in charts or () for c in given.split(",") if c.strip())  # as ct
        options = LintOptions(all=all_charts, since=since, charts=chart_dirs, helms=tuple(helm or ()))
        report = run_lint(ct, options)
        rendered = RENDERERS[output](report)
        if output_file is not None:
            atomic_write(output_file, rendered)
            typer.echo(render_text(report), nl=False)
        else:
            typer.echo(rendered, nl=False)
            if output != "text":
                typer.echo(summary(report), err=True)
        if not report.ok:
            raise typer.Exit(1)
