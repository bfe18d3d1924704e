"""Diff rendered network policies: resource level (added, removed, renamed, changed), field level
(lists matched by what they mean to each API), noise masked before anything is decided.

Entry points: `diff_resources` (two lists of `Resource`), `diff_manifests` (two rendered YAML
streams; identical documents are never parsed), `diff_charts` (two charts or two sets of values,
rendered alike). `REPORTERS` maps each output format to its renderer.
"""

from __future__ import annotations

from typing import Protocol

from netpolkit.diff import report_json, report_markdown, report_text
from netpolkit.diff.charts import ChartDiffRequest, diff_charts
from netpolkit.diff.compare import diff_resources
from netpolkit.diff.model import Change, DiffResult, FieldChange, ObjectChange, ValueChange, display_identity
from netpolkit.diff.stream import diff_manifests, split_documents


class Reporter(Protocol):
    def __call__(self, result: DiffResult, *, color: bool = False) -> str: ...


#: Output format -> renderer `(result, *, color) -> str`; the CLI's choices come from these keys.
REPORTERS: dict[str, Reporter] = {
    "text": report_text.render,
    "markdown": report_markdown.render,
    "json": report_json.render,
}

__all__ = [
    "REPORTERS",
    "Change",
    "ChartDiffRequest",
    "DiffResult",
    "FieldChange",
    "ObjectChange",
    "ValueChange",
    "diff_charts",
    "diff_manifests",
    "diff_resources",
    "display_identity",
    "split_documents",
]
