"""`netpolkit diff OLD NEW`: what a chart change (or a values change) does to the rendered policies."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from netpolkit.config import Settings, load_settings
from netpolkit.diff import REPORTERS, ChartDiffRequest, DiffResult, diff_charts, diff_manifests
from netpolkit.diff.compare import RENAME_THRESHOLD
from netpolkit.errors import InputError, NetpolkitError, UsageError
from netpolkit.helm import RenderOptions, ValuesInput
from netpolkit.manifests import DEFAULT_MASKS, parse_mask
from netpolkit.render import ENGINES, get_engine

#: Exit codes: `diff`'s convention (0 same, 1 different, 2 trouble); 1 only with --exit-code.
NO_CHANGES, CHANGES, ERROR = 0, 1, 2

Old = Annotated[
    str | None,
    typer.Argument(
        help="Chart directory, packaged .tgz or git:REF[:PATH] (default: the `chart` setting).", show_default=False
    ),
]
New = Annotated[
    str | None, typer.Argument(help="As OLD (default: the `chart` setting, i.e. the working tree).", show_default=False)
]
Values = Annotated[list[str] | None, typer.Option("--values", "-f", help="Values file for both sides (repeatable).")]
ValuesOld = Annotated[list[str] | None, typer.Option("--values-old", help="Values file for OLD only (repeatable).")]
ValuesNew = Annotated[list[str] | None, typer.Option("--values-new", help="Values file for NEW only (repeatable).")]
SetValues = Annotated[list[str] | None, typer.Option("--set", help="key=value for both sides (repeatable).")]
SetStrings = Annotated[
    list[str] | None, typer.Option("--set-string", help="key=value, value always a string, both sides (repeatable).")
]
RenameThreshold = Annotated[
    float,
    typer.Option(
        "--rename-threshold",
        min=0.0,
        max=1.0,
        help="How alike (0-1, name aside) a removed and an added object must be to show as one renamed object; "
        "1 = identical bodies only.",
    ),
]
Release = Annotated[str | None, typer.Option("--release", help="Release name (default: \\[tool.netpolkit] release).")]
Namespace = Annotated[
    str | None, typer.Option("--namespace", "-n", help="Release namespace (default: \\[tool.netpolkit] namespace).")
]
KubeVersion = Annotated[str | None, typer.Option("--kube-version", help="Kubernetes version for capabilities.")]
ApiVersions = Annotated[list[str] | None, typer.Option("--api-versions", help="Extra API version (repeatable).")]
HelmPath = Annotated[str | None, typer.Option("--helm", help="helm binary (else NETPOLKIT_HELM, PATH, pinned).")]
EngineName = Annotated[str, typer.Option("--engine", help=f"Renderer: {' | '.join(ENGINES)}.")]
Mask = Annotated[
    list[str] | None, typer.Option("--mask", help="Path to ignore, e.g. metadata.labels\\[team] (repeatable).")
]
NoDefaultMasks = Annotated[bool, typer.Option("--no-default-masks", help="Also diff chart-version labels.")]
Output = Annotated[str, typer.Option("--output", "-o", help=f"Report format: {' | '.join(REPORTERS)}.")]
ExitCode = Annotated[bool, typer.Option("--exit-code", help="Exit 1 when anything changed (after masks), 0 when not.")]
Manifests = Annotated[
    tuple[str, str] | None,
    typer.Option(
        "--manifests", help="Diff two rendered files A B instead of charts ('-' reads stdin).", show_default=False
    ),
]
Color = Annotated[str, typer.Option("--color", help="auto | always | never (auto honours NO_COLOR).")]


@dataclass(frozen=True)
class ChartArgs:
    """The chart-side arguments, as given."""

    old: str | None
    new: str | None
    shared: tuple[str, ...] = ()
    only_old: tuple[str, ...] = ()
    only_new: tuple[str, ...] = ()
    set_values: tuple[str, ...] = ()
    set_string_values: tuple[str, ...] = ()
    release: str | None = None
    namespace: str | None = None
    kube_version: str | None = None
    api_versions: tuple[str, ...] = ()

    @property
    def any_given(self) -> bool:
        given = (self.old, self.new, self.shared, self.only_old, self.only_new, self.set_values, self.set_string_values)
        return any(given)


def build_masks(settings: Settings, extra: tuple[str, ...], *, defaults: bool) -> tuple[str, ...]:
    """Default masks, then `[tool.netpolkit] masks`, then `--mask`; each checked before any work."""
    masks = (*(DEFAULT_MASKS if defaults else ()), *settings.masks, *extra)
    for mask in masks:
        parse_mask(mask)
    return tuple(dict.fromkeys(masks))


def build_request(
    args: ChartArgs, settings: Settings, masks: tuple[str, ...], rename_threshold: float = RENAME_THRESHOLD
) -> ChartDiffRequest:
    """OLD/NEW default to the configured chart, so `netpolkit diff git:main` diffs main against the tree."""
    default = os.path.relpath(settings.chart)
    options = RenderOptions(
        args.release or settings.release, args.namespace or settings.namespace, args.kube_version, args.api_versions
    )
    return ChartDiffRequest(
        old=args.old or default,
        new=args.new or default,
        values_old=ValuesInput((*args.shared, *args.only_old), args.set_values, args.set_string_values),
        values_new=ValuesInput((*args.shared, *args.only_new), args.set_values, args.set_string_values),
        options=options,
        masks=masks,
        chart_path=settings.chart,
        rename_threshold=rename_threshold,
    )


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None


def use_color(choice: str) -> bool:
    if choice not in ("auto", "always", "never"):
        raise UsageError(f"--color {choice!r}: choose auto, always or never")
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def summary_line(result: DiffResult) -> str:
    return (result.summary() if result.has_changes else "no changes") + f" ({result.unchanged} unchanged)"


def register(app: typer.Typer) -> None:
    @app.command("diff")
    def diff_command(
        old: Old = None,
        new: New = None,
        values: Values = None,
        values_old: ValuesOld = None,
        values_new: ValuesNew = None,
        set_values: SetValues = None,
        set_string: SetStrings = None,
        release: Release = None,
        namespace: Namespace = None,
        kube_version: KubeVersion = None,
        api_versions: ApiVersions = None,
        helm: HelmPath = None,
        engine: EngineName = "binary",
        mask: Mask = None,
        no_default_masks: NoDefaultMasks = False,
        output: Output = "text",
        exit_code: ExitCode = False,
        manifests: Manifests = None,
        color: Color = "auto",
        rename_threshold: RenameThreshold = RENAME_THRESHOLD,
    ) -> None:
        """Diff the objects two charts render (or one chart under two sets of values), field by field.

        OLD and NEW are chart directories, packaged .tgz charts or git:REF (read with git archive;
        the working tree is never touched). Both render with the same release, namespace and
        capabilities. Exit 0 on success; with --exit-code 0 = no change, 1 = changes; 2 = error.
        """
        args = ChartArgs(
            old, new, tuple(values or ()), tuple(values_old or ()), tuple(values_new or ()), tuple(set_values or ()),
            tuple(set_string or ()), release, namespace, kube_version, tuple(api_versions or ()),
        )  # fmt: skip
        try:
            if output not in REPORTERS:
                raise UsageError(f"--output {output!r}: choose one of {', '.join(REPORTERS)}")
            painted = use_color(color)
            settings = load_settings()
            masks = build_masks(settings, tuple(mask or ()), defaults=not no_default_masks)
            if manifests is not None:
                if args.any_given:
                    raise UsageError("--manifests takes the two rendered files; chart and values options do not apply")
                a, b = manifests
                texts = _read(a), _read(b)
                result = diff_manifests(*texts, masks=masks, labels=(a, b), rename_threshold=rename_threshold)
            else:
                request = build_request(args, settings, masks, rename_threshold)
                result = diff_charts(request, get_engine(engine, helm_path=helm))
            report = REPORTERS[output](result, color=painted)
        except NetpolkitError as exc:
            typer.echo(f"netpolkit diff: error: {' '.join(exc.message.split())}", err=True)
            raise typer.Exit(ERROR) from None
        typer.echo(report, nl=False, color=painted)
        if output != "text":
            typer.echo(f"netpolkit diff: {summary_line(result)}", err=True)
        raise typer.Exit((CHANGES if result.has_changes else NO_CHANGES) if exit_code else 0)
