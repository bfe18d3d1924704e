"""Schema errors as problems: code, message, hint, key path and file:line:col, all at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from netpolkit.errors import NetpolkitError
from netpolkit.problems import Severity
from netpolkit.schema import ChartSchema, SchemaWalker, UnknownPathError, load_schema
from netpolkit.validate import validate

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"

SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "additionalProperties": False,
    "definitions": {
        "selector": {"anyOf": [{"type": "string"}, {"$ref": "#/definitions/labels"}]},
        "labels": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"matchLabels": {"type": "object", "additionalProperties": {"type": "string"}}},
        },
    },
    "properties": {
        "scope": {"type": "string", "enum": ["namespace", "cluster"], "default": "namespace"},
        "name": {"type": "string", "pattern": "^[a-z]+$", "examples": ["web"]},
        "ip": {"type": "string", "format": "ipv4"},
        "port": {"type": "integer", "minimum": 1, "maximum": 65535},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2, "uniqueItems": True},
        "selector": {"$ref": "#/definitions/selector"},
        "policies": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z-]+$"},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["action"],
                "properties": {
                    "action": {"type": "string", "enum": ["Allow", "Deny"], "description": "What to do. More."},
                    "order": {"type": "number"},
                    "legacy": False,
                },
            },
        },
    },
}


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    chart = tmp_path / "chart"
    chart.mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: t\nversion: 0.1.0\n", encoding="utf-8")
    (chart / "values.yaml").write_text("scope: namespace\n", encoding="utf-8")
    (chart / "values.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    return chart


def check(chart: Path, tmp_path: Path, text: str, *sets: str) -> list[tuple[str, str, str, str, str]]:
    values = tmp_path / "values.yaml"
    values.write_text(text, encoding="utf-8")
    report = validate([str(values)], list(sets), chart=chart)
    prefix = f"{values}:"
    return [
        (p.code, str(p.location).removeprefix(prefix), ".".join(map(str, p.path)), p.message, p.hint)
        for p in report.problems
    ]


def test_every_problem_at_once_with_locations(chart: Path, tmp_path: Path) -> None:
    text = (
        "scope: clustr\n"
        "nmae: web\n"
        "port: 70000\n"
        "tags: [a, a, b]\n"
        "policies:\n"
        "  Web:\n"
        "    action: Allow\n"
        "  api:\n"
        "    order: '1'\n"
        "    legacy: true\n"
    )
    assert check(chart, tmp_path, text) == [
        (
            "NPK103",
            "1:8",
            "scope",
            '"clustr" is not an allowed value',
            'did you mean "cluster"? allowed: namespace, cluster',
        ),
        ("NPK101", "2:1", "nmae", 'unknown key "nmae"', 'did you mean "name"?'),
        ("NPK106", "3:7", "port", "70000 is greater than the maximum 65535", ""),
        ("NPK106", "4:7", "tags", "has 3 items; at most 2 allowed", ""),
        ("NPK106", "4:7", "tags", "has duplicate items", ""),
        ("NPK104", "6:3", "policies.Web", 'invalid key "Web": does not match the pattern ^[a-z-]+$', ""),
        ("NPK105", "8:3", "policies.api", 'missing required key "action"', "What to do."),
        ("NPK102", "9:13", "policies.api.order", 'wrong type: got the string "1"', "expected a number"),
        ("NPK101", "10:5", "policies.api.legacy", 'key "legacy" is not allowed here', ""),
    ]


def test_pattern_format_and_unknown_key_without_a_close_match(chart: Path, tmp_path: Path) -> None:
    assert check(chart, tmp_path, "name: Web1\nip: 300.1.1.1\nzzz: 1\n") == [
        ("NPK104", "1:7", "name", '"Web1" does not match the pattern ^[a-z]+$', 'for example "web"'),
        ("NPK104", "2:5", "ip", '"300.1.1.1" is not a valid ipv4', ""),
        ("NPK101", "3:1", "zzz", 'unknown key "zzz"', "allowed keys: ip, name, policies, port, scope, selector, tags"),
    ]


def test_any_of_reports_the_accepted_types_or_the_closest_form(chart: Path, tmp_path: Path) -> None:
    assert check(chart, tmp_path, "selector: 5\n") == [
        ("NPK102", "1:11", "selector", "wrong type: got the number 5", "expected a string or a map"),
    ]
    assert check(chart, tmp_path, "selector:\n  matchLabel: {app: web}\n") == [
        ("NPK101", "2:3", "selector.matchLabel", 'unknown key "matchLabel"', 'did you mean "matchLabels"?'),
    ]


def test_set_values_are_located_in_the_argument(chart: Path, tmp_path: Path) -> None:
    assert check(chart, tmp_path, "{}\n", "port=0", "policies.web.action=Alow") == [
        ("NPK106", "--set:1:6", "port", "0 is less than the minimum 1", ""),
        (
            "NPK103",
            "--set:2:21",
            "policies.web.action",
            '"Alow" is not an allowed value',
            'did you mean "Allow"? allowed: Allow, Deny',
        ),
    ]


def test_chart_defaults_are_checked_and_located_in_the_chart(chart: Path, tmp_path: Path) -> None:
    (chart / "values.yaml").write_text("scope: everywhere\n", encoding="utf-8")
    report = validate([], chart=chart)
    assert [(p.code, str(p.location)) for p in report.problems] == [("NPK103", f"{chart}/values.yaml:1:8")]


def test_a_null_without_a_default_is_checked_like_helm(chart: Path, tmp_path: Path) -> None:
    assert check(chart, tmp_path, "scope: null\nport: null\n") == [
        ("NPK102", "2:7", "port", "wrong type: got null", "expected an integer"),
    ]


def test_no_schema_means_no_schema_check(chart: Path) -> None:
    (chart / "values.schema.json").unlink()
    assert load_schema(chart) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not a readable JSON schema"), ('{"type": 5}', "not a valid draft-07 JSON Schema")],
)
def test_a_broken_schema_is_a_tool_error(chart: Path, content: str, message: str) -> None:
    (chart / "values.schema.json").write_text(content, encoding="utf-8")
    with pytest.raises(NetpolkitError, match=message) as caught:
        load_schema(chart)
    assert caught.value.exit_code == 3


def test_python_and_accelerated_validation_agree_on_validity(chart: Path) -> None:
    schema = load_schema(chart)
    assert isinstance(schema, ChartSchema)
    assert schema.check({"scope": "cluster", "policies": {"web": {"action": "Deny"}}}) == []
    assert [p.code for p in schema.check({"scope": 1})] == ["NPK102"]


def test_walker_follows_refs_maps_and_lists() -> None:
    walker = SchemaWalker(SCHEMA)
    assert walker.keys(walker.resolve(["policies", "*"])) == ["action", "order", "legacy"]
    assert [s.get("type") for s in walker.resolve(["tags", "[]"])] == ["string"]
    assert walker.keys(walker.resolve(["selector"])) == ["matchLabels"]
    with pytest.raises(UnknownPathError) as caught:
        walker.resolve(["policies", "*", "actoin"])
    assert caught.value.suggestion == "action"


# --- against the real chart ---------------------------------------------------------------------


def test_the_chart_defaults_and_examples_are_valid() -> None:
    for example in [None, *sorted((REPO / "values-examples").glob("*.yaml"))]:
        report = validate([str(example)] if example else [], chart=CHART)
        assert [p.one_line() for p in report.problems if p.severity is Severity.ERROR] == [], example


def test_real_chart_problems(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(
        "calico:\n  editon: oss\ncalicoGlobalNetworkPolicies:\n  deny-all:\n    ingress:\n      - action: Alow\n",
        encoding="utf-8",
    )
    report = validate([str(values)], chart=CHART)
    found = [(p.code, str(p.location), p.hint) for p in report.problems if p.code.startswith("NPK1")]
    assert found == [
        ("NPK101", f"{values}:2:3", 'did you mean "edition"?'),
        ("NPK103", f"{values}:6:17", 'did you mean "Allow"? allowed: Allow, Deny, Log, Pass'),
    ]
