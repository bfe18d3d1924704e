"""`netpolkit render`: validate, then render the chart and print (or split out) the objects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from netpolkit.config import load_settings
from netpolkit.errors import UsageError
from netpolkit.fileio import atomic_write
from netpolkit.helm import RenderOptions, ValuesInput
from netpolkit.manifests import Resource, to_yaml
from netpolkit.render import RenderRequest, get_engine, render
from netpolkit.reporters import REPORTERS
from netpolkit.validate import validate

OUTPUTS = ("yaml", "json")


def register(app: typer.Typer) -> None:
    @app.command("render")
    def render_command(
        values: Annotated[list[Path] | None, typer.Option("-f", "--values", help="Values file (repeatable).")] = None,
        set_values: Annotated[list[str] | None, typer.Option("--set", help="key=value (repeatable).")] = None,
        set_string: Annotated[list[str] | None, typer.Option("--set-string", help="key=string.")] = None,
        chart: Annotated[Path | None, typer.Option("--chart", help="Chart directory.")] = None,
        release: Annotated[str | None, typer.Option("--release", help="Release name.")] = None,
        namespace: Annotated[str | None, typer.Option("--namespace", "-n", help="Release namespace.")] = None,
        kube_version: Annotated[str | None, typer.Option("--kube-version", help="Kubernetes version.")] = None,
        api_versions: Annotated[list[str] | None, typer.Option("--api-versions", help="G/V (repeatable).")] = None,
        output: Annotated[str, typer.Option("--output", "-o", help="yaml or json.")] = "yaml",
        split_dir: Annotated[Path | None, typer.Option("--split-dir", help="Write one file per object here.")] = None,
        force: Annotated[bool, typer.Option("--force", help="Replace *.yaml files in --split-dir.")] = False,
        engine: Annotated[str, typer.Option("--engine", help="binary or embedded.")] = "binary",
        helm: Annotated[str | None, typer.Option("--helm", help="helm binary (else NETPOLKIT_HELM, PATH).")] = None,
        no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip netpolkit validate.")] = False,
    ) -> None:
        """Validate the values, render the chart with helm and print the objects sorted by identity."""
        if output not in OUTPUTS:
            raise UsageError(f"--output {output!r}: choose one of {', '.join(OUTPUTS)}")
        settings = load_settings()
        chart_dir = (chart or settings.chart).resolve()
        files = [str(v) for v in values or []]
        if not no_validate:
            report = validate(files, set_values or (), chart=chart_dir, set_string_values=set_string or ())
            if not report.ok:
                typer.echo(REPORTERS["text"]().render(report).rstrip(), err=True)
                raise typer.Exit(1)
        options = RenderOptions(
            release or settings.release, namespace or settings.namespace, kube_version, tuple(api_versions or ())
        )
        inputs = ValuesInput(tuple(files), tuple(set_values or ()), tuple(set_string or ()))
        resources = render(RenderRequest(chart_dir, inputs, options), get_engine(engine, helm_path=helm))
        if split_dir is not None:
            _split(resources, split_dir, output, force=force)
            typer.echo(f"wrote {len(resources)} objects to {split_dir}", err=True)
            return
        typer.echo(_format(resources, output), nl=False)


def _format(resources: list[Resource], output: str) -> str:
    if output == "json":
        return json.dumps({"apiVersion": "v1", "kind": "List", "items": [r.body for r in resources]}, indent=2) + "\n"
    return to_yaml(resources)


def _split(resources: list[Resource], directory: Path, output: str, *, force: bool) -> None:
    """One file per object; never replaces files unless --force."""
    existing = sorted(directory.glob(f"*.{output}")) if directory.is_dir() else []
    if existing and not force:
        raise UsageError(f"{directory}: already has {len(existing)} .{output} files; pass --force to replace them")
    for path in existing:
        path.unlink()
    for resource in resources:
        text = json.dumps(resource.body, indent=2) + "\n" if output == "json" else to_yaml([resource])
        atomic_write(directory / f"{resource.identity.slug}.{output}", text, make_parents=True)
