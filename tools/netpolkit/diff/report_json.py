"""JSON report: one document, per object its identity, change type and per-field path/old/new.

The format is documented in docs/diff.md; `format` names its version, bumped on any breaking change.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from netpolkit.diff.model import (
    Change,
    DiffResult,
    FieldChange,
    ObjectChange,
    ValueChange,
    display_identity,
    identity_dict,
)
from netpolkit.diff.policy import generic
from netpolkit.problems import Location, format_path

FORMAT = "netpolkit-diff/v1"


def _location(loc: Location | None) -> str | None:
    return str(loc) if loc and loc.file else None


def _field(fc: FieldChange) -> dict[str, Any]:
    return {
        "path": format_path(fc.path),
        "keys": list(fc.path),
        "change": fc.change.value,
        "old": fc.old,
        "new": fc.new,
        "old_path": format_path(fc.old_path) if fc.old_path is not None else None,
        "summary": fc.summary or generic(fc),
    }


def _object(obj: ObjectChange) -> dict[str, Any]:
    return {
        "identity": identity_dict(obj.identity),
        "display": display_identity(obj.identity),
        "change": obj.change.value,
        "old_identity": identity_dict(obj.old_identity),
        "fields": [_field(fc) for fc in obj.fields],
        "old": obj.old if obj.change in (Change.REMOVED, Change.RENAMED) else None,
        "new": obj.new if obj.change in (Change.ADDED, Change.RENAMED) else None,
    }


def _value(vc: ValueChange) -> dict[str, Any]:
    return {
        "path": format_path(vc.path),
        "keys": list(vc.path),
        "change": vc.change.value,
        "old": vc.old,
        "new": vc.new,
        "old_location": _location(vc.old_location),
        "new_location": _location(vc.new_location),
    }


def _default(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def to_data(result: DiffResult) -> dict[str, Any]:
    kinds = (Change.ADDED, Change.CHANGED, Change.REMOVED, Change.RENAMED)
    counts = {c.value: result.count(c) for c in kinds}
    return {
        "format": FORMAT,
        "old": result.old_label,
        "new": result.new_label,
        "summary": {**counts, "unchanged": result.unchanged, "text": result.summary()},
        "changed": result.has_changes,
        "masks": list(result.masks),
        "values": [_value(vc) for vc in result.values],
        "objects": [_object(obj) for obj in result.objects],
    }


def render(result: DiffResult, *, color: bool = False) -> str:
    """See `report_text.render`; `color` is ignored."""
    return json.dumps(to_data(result), indent=2, sort_keys=False, default=_default, ensure_ascii=False) + "\n"
