"""The typed-kind table (`netpolkit.kinds`) equals the chart's (`network-policies.kinds` in _helpers.tpl).

Helm cannot import Python, so the chart keeps its own copy as a JSON literal; this keeps the two
from drifting: the same kinds in the same order, and every field of `Kind` equal to the chart's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from netpolkit.kinds import KINDS, Kind

HELPERS = Path(__file__).resolve().parents[2] / "charts" / "network-policies" / "templates" / "_helpers.tpl"
_DEFINE = re.compile(r'\{\{-? define "network-policies\.kinds" -?\}\}(?P<body>.*?)\{\{-? end -?\}\}', re.DOTALL)


def _same(value: Any) -> Any:
    return value


#: Each field of `Kind` but values_key (the chart's map key): the chart's name for it, and its
#: value as the chart spells it. A new field fails here until the chart has it too.
CHART_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "api_version": ("apiVersion", _same),
    "kind": ("kind", _same),
    "scope": ("namespaced", lambda scope: scope == "namespace"),
    "family": ("family", lambda family: {"native": "k8s", "netset": "set"}.get(family, family)),
    "is_global": ("global", _same),
    "staged": ("staged", _same),
}


def chart_table() -> dict[str, Any]:
    match = _DEFINE.search(HELPERS.read_text(encoding="utf-8"))
    assert match, f'no define "network-policies.kinds" in {HELPERS}'
    body = match.group("body")
    assert "{{" not in body, "the kinds table is expected to be a plain JSON literal"
    table: dict[str, Any] = json.loads(body)
    return table


def as_chart_row(kind: Kind) -> list[tuple[str, Any]]:
    """`kind` in the chart's names and spelling, fields in declaration order."""
    row: list[tuple[str, Any]] = []
    for field in fields(kind):
        if field.name != "values_key":
            name, spell = CHART_FIELDS[field.name]
            row.append((name, spell(getattr(kind, field.name))))
    return row


def test_chart_kinds_equal_the_python_table_field_by_field_in_order() -> None:
    chart = chart_table()
    order = chart.pop("order")
    assert order == [k.values_key for k in KINDS]
    assert [(key, list(row.items())) for key, row in chart.items()] == [(k.values_key, as_chart_row(k)) for k in KINDS]


def test_every_typed_kind_has_a_distinct_values_key_and_type() -> None:
    assert len({k.values_key for k in KINDS}) == len(KINDS) == 10
    assert len({(k.api_version, k.kind) for k in KINDS}) == len(KINDS)
