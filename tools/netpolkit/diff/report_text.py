"""Plain-text report for terminals and CI logs: one line per object, one per changed field.

Added and removed objects show their (masked) body as `+`/`-` lines, like a unified diff, so the
reviewer sees the whole new policy. Colour only marks the change type; the text is the same
without it.
"""

from __future__ import annotations

import yaml

from netpolkit.diff.model import (
    Change,
    DiffResult,
    FieldChange,
    ObjectChange,
    ValueChange,
    display_identity,
    display_rename,
)
from netpolkit.diff.policy import compact, generic
from netpolkit.problems import format_path

MARK = {Change.ADDED: "+", Change.REMOVED: "-", Change.CHANGED: "~", Change.RENAMED: ">", Change.MOVED: ">"}
_COLOUR = {Change.ADDED: "32", Change.REMOVED: "31", Change.CHANGED: "33", Change.RENAMED: "36", Change.MOVED: "36"}


def _paint(text: str, change: Change, *, color: bool, bold: bool = False) -> str:
    if not color:
        return text
    code = _COLOUR[change] + (";1" if bold else "")
    return f"\x1b[{code}m{text}\x1b[0m"


def field_line(fc: FieldChange) -> str:
    """`~ order 100 -> 50  (spec.order)`, or the generic `~ spec.x: a -> b`."""
    if fc.summary:
        return f"{MARK[fc.change]} {fc.summary}  ({format_path(fc.path)})"
    return f"{MARK[fc.change]} {generic(fc)}"


def value_line(vc: ValueChange) -> str:
    where = format_path(vc.path)
    if vc.change is Change.CHANGED:
        text = f"~ {where}: {compact(vc.old)} -> {compact(vc.new)}"
    elif vc.change is Change.ADDED:
        text = f"+ {where}: {compact(vc.new)}"
    else:
        text = f"- {where}: {compact(vc.old)}"
    return text + (f"  ({vc.location})" if vc.location and vc.location.file else "")


def _object_lines(obj: ObjectChange, *, color: bool) -> list[str]:
    mark = MARK[obj.change]
    title = display_rename(obj) if obj.change is Change.RENAMED else display_identity(obj.identity)
    lines = [_paint(f"{mark} {title}", obj.change, color=color, bold=True)]
    if obj.fields:  # a changed object, or one renamed and changed
        lines += [_paint(f"    {field_line(fc)}", fc.change, color=color) for fc in obj.fields]
    elif obj.change is Change.RENAMED:
        lines.append("    renamed, body unchanged")
    else:
        body = obj.new if obj.change is Change.ADDED else obj.old
        dumped = yaml.safe_dump(body, sort_keys=True, default_flow_style=False, width=10_000)
        lines += [_paint(f"    {mark} {line}", obj.change, color=color) for line in dumped.splitlines()]
    return lines


def render(result: DiffResult, *, color: bool = False) -> str:
    """The text report; the last line is the summary."""
    lines: list[str] = []
    if result.values:
        lines.append(f"Values changed ({result.old_label} -> {result.new_label}):")
        lines += [_paint(f"  {value_line(vc)}", vc.change, color=color) for vc in result.values]
        lines.append("")
    for obj in result.objects:
        lines += _object_lines(obj, color=color)
    if result.objects:
        lines.append("")
    if result.has_changes:
        lines.append(f"{result.old_label} -> {result.new_label}: {result.summary()} ({result.unchanged} unchanged)")
    else:
        lines.append(f"{result.old_label} -> {result.new_label}: no changes ({result.unchanged} unchanged)")
    return "\n".join(lines) + "\n"
