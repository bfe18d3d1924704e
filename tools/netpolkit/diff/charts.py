"""Diff two charts (or one chart under two sets of values): resolve, render alike, compare.

Both sides get the same release name, namespace, kube version and API versions, so only the
chart and the values can make a difference.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from netpolkit.diff.compare import RENAME_THRESHOLD
from netpolkit.diff.model import DiffResult, ValueChange
from netpolkit.diff.sources import ChartSource, resolve
from netpolkit.diff.stream import diff_manifests
from netpolkit.diff.values_diff import diff_values
from netpolkit.errors import NetpolkitError
from netpolkit.helm import RenderOptions, ValuesInput
from netpolkit.render import Engine, RenderRequest


@dataclass(frozen=True)
class ChartDiffRequest:
    old: str
    new: str
    values_old: ValuesInput
    values_new: ValuesInput
    options: RenderOptions
    masks: tuple[str, ...]
    #: Where the chart lives in the repository (the `chart` setting), for `git:REF`.
    chart_path: Path
    rename_threshold: float = RENAME_THRESHOLD


def _labels(old: str, new: str, request: ChartDiffRequest) -> tuple[str, str]:
    """`git:v1` / `.`, plus each side's own values files; just the files when the chart is the same."""
    shared = set(request.values_old.files) & set(request.values_new.files)
    own_old = ", ".join(f for f in request.values_old.files if f not in shared)
    own_new = ", ".join(f for f in request.values_new.files if f not in shared)
    if old == new and (own_old or own_new):
        return own_old or old, own_new or new
    return old + (f" + {own_old}" if own_old else ""), new + (f" + {own_new}" if own_new else "")


def _render(engine: Engine, source: ChartSource, values: ValuesInput, options: RenderOptions) -> str:
    try:
        return engine.render_text(RenderRequest(source.path, values, options))
    except NetpolkitError as exc:
        raise type(exc)(f"{source.label}: {exc.message}") from None


def values_changes(old: ChartSource, new: ChartSource, request: ChartDiffRequest) -> tuple[ValueChange, ...]:
    """The effective-values diff: what the values files and `--set`s change, with where each side set it."""
    from netpolkit.loading import load_values  # only chart diffs need the values reader
    before = load_values(
        request.values_old.files, request.values_old.set_values, request.values_old.set_string_values, chart=old.path
    )
    after = load_values(
        request.values_new.files, request.values_new.set_values, request.values_new.set_string_values, chart=new.path
    )
    return diff_values(before, after, display_old=old.display, display_new=new.display)


def diff_charts(request: ChartDiffRequest, engine: Engine, *, cwd: Path | None = None) -> DiffResult:
    """Render OLD and NEW (in parallel with the binary engine) and diff what they render."""
    with tempfile.TemporaryDirectory(prefix="netpolkit-diff-") as tmp:
        work = Path(tmp)
        (work / "old").mkdir()
        (work / "new").mkdir()
        old = resolve(request.old, workdir=work / "old", chart_path=request.chart_path, cwd=cwd)
        new = resolve(request.new, workdir=work / "new", chart_path=request.chart_path, cwd=cwd)
        jobs = ((old, request.values_old), (new, request.values_new))
        if engine.name == "binary":
            with ThreadPoolExecutor(max_workers=2) as pool:
                futures = [pool.submit(_render, engine, src, vals, request.options) for src, vals in jobs]
                old_text, new_text = (f.result() for f in futures)
        else:
            old_text, new_text = (_render(engine, src, vals, request.options) for src, vals in jobs)
        labels = _labels(old.label, new.label, request)
        result = diff_manifests(
            old_text, new_text, masks=request.masks, labels=labels, rename_threshold=request.rename_threshold
        )
        return replace(result, values=values_changes(old, new, request))
