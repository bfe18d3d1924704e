"""Helpers for the check tests: values merged over the chart defaults, documented examples."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

CHART_VALUES = Path(__file__).resolve().parents[3] / "charts" / "network-policies" / "values.yaml"


def merge(base: Any, over: Any) -> Any:
    """Helm's merge: maps deep-merge, lists and scalars replace, null deletes a key."""
    if not isinstance(base, Mapping) or not isinstance(over, Mapping):
        return over
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(base.get(key), value)
    return out


def defaults() -> dict[str, Any]:
    data = yaml.safe_load(CHART_VALUES.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def values_from(text_or_map: str | Mapping[str, Any]) -> dict[str, Any]:
    """User values (YAML text or a dict) merged over the chart's defaults."""
    user = yaml.safe_load(textwrap.dedent(text_or_map)) if isinstance(text_or_map, str) else text_or_map
    merged = merge(defaults(), user or {})
    assert isinstance(merged, dict)
    return merged


_EXAMPLE = re.compile(r"^(PASS|FAIL)\b[^\n]*:\n\n((?:(?: {4}[^\n]*)?\n)+)", re.MULTILINE)


def doc_examples(doc: str) -> list[tuple[str, str]]:
    """The (PASS|FAIL, yaml) snippets of a check's documentation."""
    return [(m[1], textwrap.dedent(m[2])) for m in _EXAMPLE.finditer(doc + "\n")]
