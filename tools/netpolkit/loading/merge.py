"""helm's two merges as pure functions on plain data: `-f` files over each other
(`merge_user_values`), then the user's values over the chart defaults (`coalesce`)."""

from __future__ import annotations

from typing import Any


def merge_user_values(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """helm's `mergeMaps` for `-f` files: maps merge, anything else (lists, null) replaces.

    Returns a new map; the inputs are not changed (they hold the files' positions).
    """
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict):
            current = out.get(key)
            if isinstance(current, dict):
                out[key] = merge_user_values(current, value)
                continue
        out[key] = value
    return out


def coalesce(user: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """helm's `CoalesceValues`: user values over chart defaults.

    A user `null` deletes a key that has a default; a `null` for a key without a default stays.
    """
    out: dict[str, Any] = {}
    for key, default in defaults.items():
        if key not in user:
            out[key] = default
            continue
        value = user[key]
        if value is None:
            continue
        if isinstance(value, dict) and isinstance(default, dict):
            out[key] = coalesce(value, default)
        else:
            out[key] = value
    for key, value in user.items():
        if key not in defaults:
            out[key] = value
    return out
