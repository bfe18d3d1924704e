"""The values diff: which effective values keys differ between OLD and NEW, and where each was set.

Effective values are what helm hands the templates: the chart's own values.yaml, then `-f` files,
then `--set`. They come from `netpolkit.loading`, whose source map gives file:line per key, so a
changed key points at the line that changed it (a chart default points into that chart's values.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from netpolkit.diff.fields import diff_fields
from netpolkit.diff.model import Change, ValueChange
from netpolkit.problems import KeyPath, Location


class SourceMap(Protocol):
    def locate(self, path: KeyPath, offset: int = 0, *, key: bool = False) -> Location: ...


class Loaded(Protocol):
    """What `netpolkit.loading.load_values` returns, as far as the values diff needs it."""

    @property
    def data(self) -> Any: ...

    @property
    def source(self) -> SourceMap: ...


Display = Callable[[str], str]


def _locate(loaded: Loaded, path: KeyPath | None, value: Any, display: Display) -> Location | None:
    """A scalar's own position; a map's or list's key line (its value starts on the next line)."""
    if path is None:
        return None
    try:
        loc = loaded.source.locate(path, key=isinstance(value, (dict, list)))
    except (KeyError, IndexError, ValueError):
        return None
    return replace(loc, file=display(loc.file)) if loc.file else loc


def diff_values(
    old: Loaded, new: Loaded, *, display_old: Display = str, display_new: Display = str
) -> tuple[ValueChange, ...]:
    """Changed keys (whole maps when a map was added or removed); lists compare in order, as helm merges them."""
    out = []
    for fc in diff_fields(old.data or {}, new.data or {}):
        if fc.change is Change.MOVED:
            continue  # the item's own changes (if any) follow; a list's order is reported as new values
        old_at = _locate(old, fc.old_path, fc.old, display_old) if fc.change is not Change.ADDED else None
        new_at = _locate(new, fc.path, fc.new, display_new) if fc.change is not Change.REMOVED else None
        out.append(ValueChange(fc.path, fc.change, fc.old, fc.new, old_at, new_at))
    return tuple(out)
