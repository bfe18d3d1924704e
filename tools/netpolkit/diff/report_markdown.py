"""Markdown report for a pull-request comment: a summary table, then one collapsible section per object.

GitHub caps a comment at 65,536 characters; past `LIMIT` the per-object sections that do not fit
are replaced by one line saying how many were left out (the table still lists every object).
"""

from __future__ import annotations

import html
import re

import yaml

from netpolkit.diff.model import Change, DiffResult, FieldChange, ObjectChange, display_identity, display_rename
from netpolkit.diff.policy import compact, generic
from netpolkit.problems import format_path

LIMIT = 60_000
DETAILS_IN_TABLE = 3


def code(text: str) -> str:
    """An inline code span that survives backticks and table pipes."""
    text = text.replace("|", "\\|").replace("\n", " ")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_SPECIAL = re.compile(r"([\\`*_\[\]<|~])")


def plain(text: str) -> str:
    """Text for a table cell: markdown and HTML punctuation escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _title(obj: ObjectChange) -> tuple[str, str]:
    """(`Kind ns/name`, group) for tables and summaries."""
    ident = obj.identity
    text = display_rename(obj) if obj.change is Change.RENAMED else display_identity(ident)
    group = f" ({ident.group})"
    return (text[: -len(group)] if ident.group and text.endswith(group) else text), ident.group


def _what(obj: ObjectChange) -> str:
    if obj.fields:  # a changed object, or one renamed and changed
        lines = [fc.summary or generic(fc) for fc in obj.fields]
        shown = "; ".join(lines[:DETAILS_IN_TABLE])
        more = len(lines) - DETAILS_IN_TABLE
        return plain(shown + (f"; and {more} more" if more > 0 else ""))
    return {Change.ADDED: "new object", Change.REMOVED: "deleted", Change.RENAMED: "renamed, body unchanged"}[
        obj.change
    ]


def _field_row(fc: FieldChange) -> str:
    old = code(compact(fc.old)) if fc.change in (Change.CHANGED, Change.REMOVED, Change.MOVED) else ""
    new = code(compact(fc.new)) if fc.change in (Change.CHANGED, Change.ADDED, Change.MOVED) else ""
    what = plain(fc.summary or fc.change.value)
    return f"| {code(format_path(fc.path))} | {what} | {old} | {new} |"


def _section(obj: ObjectChange) -> str:
    name, group = _title(obj)
    where = f" ({html.escape(group)})" if group else ""
    head = f"<details>\n<summary>{obj.change.value}: <code>{html.escape(name)}</code>{where}</summary>\n"
    if obj.fields:
        rows = [_field_row(fc) for fc in obj.fields]
        body = "| Field | Change | Old | New |\n| --- | --- | --- | --- |\n" + "\n".join(rows)
    else:
        shown = obj.old if obj.change is Change.REMOVED else obj.new
        dumped = yaml.safe_dump(shown, sort_keys=True, default_flow_style=False, width=10_000)
        body = f"```yaml\n{dumped}```"
    return f"{head}\n{body}\n\n</details>\n"


def _values(result: DiffResult) -> str:
    rows = []
    for vc in result.values:
        old = code(compact(vc.old)) if vc.change is not Change.ADDED else ""
        new = code(compact(vc.new)) if vc.change is not Change.REMOVED else ""
        where = code(str(vc.location)) if vc.location and vc.location.file else ""
        rows.append(f"| {code(format_path(vc.path))} | {vc.change.value} | {old} | {new} | {where} |")
    count = len(result.values)
    return (
        f"<details open>\n<summary>Values: {count} key{'s' if count != 1 else ''} changed</summary>\n\n"
        "| Key | Change | Old | New | Where |\n| --- | --- | --- | --- | --- |\n" + "\n".join(rows) + "\n\n</details>\n"
    )


def render(result: DiffResult, *, color: bool = False) -> str:
    """See `report_text.render`; `color` is ignored."""
    headline = result.summary() if result.has_changes else "no changes"
    parts = [
        f"### netpolkit diff: {headline}\n",
        f"{code(result.old_label)} → {code(result.new_label)} · {result.unchanged} unchanged\n",
    ]
    if result.values:
        parts.append(_values(result))
    if result.objects:
        rows = []
        for obj in result.objects:
            name, group = _title(obj)
            rows.append(f"| {obj.change.value} | {code(name)}{f' ({group})' if group else ''} | {_what(obj)} |")
        parts.append("| Change | Object | What changed |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n")
    size = sum(len(p) for p in parts)
    left_out = 0
    for obj in result.objects:
        section = _section(obj)
        if size + len(section) > LIMIT:
            left_out += 1
            continue
        parts.append(section)
        size += len(section)
    if left_out:
        parts.append(f"_{left_out} object section(s) left out to fit a comment; run `netpolkit diff` for all._\n")
    return "\n".join(parts)
