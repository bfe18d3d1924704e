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
        ("NPK103", "1:8", "scope", 'scope must be namespace or cluster, got "clustr"', 'did you mean "cluster"?'),
        ("NPK101", "2:1", "nmae", 'unknown key "nmae"', 'did you mean "name"?'),
        ("NPK106", "3:7", "port", "port must be an integer 1-65535, got 70000", ""),
        ("NPK106", "4:7", "tags", 'tags lists "a" more than once', "remove the repeated item"),
        ("NPK106", "4:7", "tags", "tags must have at most 2 items, got 3", ""),
        ("NPK104", "6:3", "policies.Web", "key \"Web\" must be lowercase letters and '-' only", 'did you mean "web"?'),
        ("NPK105", "8:3", "policies.api", 'missing required key "action"', "add action: Allow or Deny"),
        (
            "NPK102",
            "9:13",
            "policies.api.order",
            'order must be a number, got the string "1"',
            "write 1 without quotes",
        ),
        ("NPK101", "10:5", "policies.api.legacy", 'key "legacy" is not allowed here', "remove it"),
    ]


def test_pattern_format_and_unknown_key_without_a_close_match(chart: Path, tmp_path: Path) -> None:
    assert check(chart, tmp_path, "name: Web1\nip: 300.1.1.1\nzzz: 1\n") == [
        ("NPK104", "1:7", "name", 'name must be lowercase letters only, got "Web1"', "for example web"),
        ("NPK104", "2:5", "ip", 'ip must be an IPv4 address such as 10.0.0.5, got "300.1.1.1"', ""),
        ("NPK101", "3:1", "zzz", 'unknown key "zzz"', "allowed keys: ip, name, policies, port, scope, selector, tags"),
    ]


def test_any_of_reports_the_accepted_types_or_the_closest_form(chart: Path, tmp_path: Path) -> None:
    assert check(chart, tmp_path, "selector: 5\n") == [
        ("NPK102", "1:11", "selector", "selector must be a string or a map, got the number 5", ""),
    ]
    assert check(chart, tmp_path, "selector:\n  matchLabel: {app: web}\n") == [
        ("NPK101", "2:3", "selector.matchLabel", 'unknown key "matchLabel"', 'did you mean "matchLabels"?'),
    ]


def test_set_values_are_located_in_the_argument(chart: Path, tmp_path: Path) -> None:
    assert check(chart, tmp_path, "{}\n", "port=0", "policies.web.action=Alow") == [
        ("NPK106", "--set:1:6", "port", "port must be an integer 1-65535, got 0", ""),
        (
            "NPK103",
            "--set:2:21",
            "policies.web.action",
            'action must be Allow or Deny, got "Alow"',
            'did you mean "Allow"?',
        ),
    ]


def test_chart_defaults_are_checked_and_located_in_the_chart(chart: Path, tmp_path: Path) -> None:
    (chart / "values.yaml").write_text("scope: everywhere\n", encoding="utf-8")
    report = validate([], chart=chart)
    assert [(p.code, str(p.location)) for p in report.problems] == [("NPK103", f"{chart}/values.yaml:1:8")]


def test_a_null_without_a_default_is_checked_like_helm(chart: Path, tmp_path: Path) -> None:
    assert check(chart, tmp_path, "scope: null\nport: null\n") == [
        ("NPK102", "2:7", "port", "port must be an integer 1-65535, got null", "give it a value, or remove the key"),
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
        ("NPK103", f"{values}:6:17", 'did you mean "Allow"?'),
    ]


# --- messages a user reads, against the real chart -------------------------------------------


def chart_problems(tmp_path: Path, text: str) -> list[tuple[str, str, str, str]]:
    values = tmp_path / "values.yaml"
    values.write_text(text, encoding="utf-8")
    report = validate([str(values)], chart=CHART)
    return [(p.code, str(p.location).removeprefix(f"{values}:"), p.message, p.hint) for p in report.problems]


def test_types_say_what_the_key_takes_and_how_to_fix_it(tmp_path: Path) -> None:
    text = (
        "calicoNetworkPolicies:\n"
        "  web:\n"
        "    order: '10'\n"
        "    ingress:\n"
        "      - action: Allow\n"
        "        protocol: ICMP\n"
        "        icmp: {type: 8  Ping request}\n"
        "        source:\n"
        "          nets: 10.0.0.0/8\n"
    )
    assert chart_problems(tmp_path, text) == [
        ("NPK102", "3:13", 'order must be a number, got the string "10"', "write 10 without quotes"),
        ("NPK102", "7:22", 'type must be an integer 0-254, got the string "8  Ping request"', "for example 8"),
        ("NPK102", "9:17", 'nets must be a list, got the string "10.0.0.0/8"', "make it a list: [10.0.0.0/8]"),
    ]


def schema_problems(values: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """The chart schema's own problems (no semantic checks, which may say the same in API terms)."""
    schema = load_schema(CHART)
    assert schema is not None
    return sorted((p.code, ".".join(map(str, p.path)), p.message, p.hint) for p in schema.check(values))


def test_patterns_are_described_in_words() -> None:
    values = {
        "networkPolicies": {
            "web": {
                "ingress": [
                    {"from": [{"ipBlock": {"cidr": "10.0.0.0/33"}}], "ports": [{"port": "http_alt"}]},
                ]
            }
        },
        "presets": {"allowDNS": {"dnsNamespace": "Kube_System"}},
        "calicoNetworkPolicies": {"api": {"tier": "Security", "ingress": [{"action": "allow", "protocol": "tcp"}]}},
    }
    assert schema_problems(values) == sorted(
        [
            (
                "NPK104",
                "networkPolicies.web.ingress.0.from.0.ipBlock.cidr",
                'cidr must be a CIDR such as 10.0.0.0/8 or fd00::/64, got "10.0.0.0/33"',
                "the prefix length of an IPv4 CIDR is 0-32",
            ),
            (
                "NPK104",
                "networkPolicies.web.ingress.0.ports.0.port",
                "port must be a port name (lowercase letters, digits and '-', at least one letter, no '--' and no '-' "
                'at either end; at most 15 characters) or an integer 1-65535, got "http_alt"',
                'did you mean "http-alt"?',
            ),
            (
                "NPK104",
                "presets.allowDNS.dnsNamespace",
                "dnsNamespace must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a "
                "letter or digit, no '.'; at most 63 characters), got \"Kube_System\"",
                'did you mean "kube-system"?',
            ),
            (
                "NPK104",
                "calicoNetworkPolicies.api.tier",
                "tier must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter "
                "or digit, no '.'; at most 63 characters), got \"Security\"",
                'did you mean "security"?',
            ),
            (
                "NPK103",
                "calicoNetworkPolicies.api.ingress.0.action",
                'action must be one of Allow, Deny, Log, Pass, got "allow"',
                'did you mean "Allow"? (the case matters)',
            ),
            (
                "NPK104",
                "calicoNetworkPolicies.api.ingress.0.protocol",
                'protocol must be one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or an integer 1-255, got "tcp"',
                'did you mean "TCP"? (the case matters)',
            ),
        ]
    )


def test_unknown_keys_suggest_from_the_right_level(tmp_path: Path) -> None:
    text = (
        "scope: cluster\n"
        "calicoGlobalNetworkPolicy:\n"
        "  edge: {}\n"
        "calicoGlobalNetworkPolicies:\n"
        "  edge:\n"
        "    podSelector: all()\n"
        "    ingress:\n"
        "      - action: Allow\n"
        "        destintion: {}\n"
        "      - action: Deny\n"
        "        from: {}\n"
        "        ports: [22]\n"
        "        destination:\n"
        "          ipVersion: 4\n"
        "web:\n"
        "  podSelector: {}\n"
        "  policyTypes: [Ingress]\n"
    )
    found = [(code, where, message, hint) for code, where, message, hint in chart_problems(tmp_path, text)]
    assert [f for f in found if f[0] == "NPK101"] == [
        ("NPK101", "2:1", 'unknown key "calicoGlobalNetworkPolicy"', 'did you mean "calicoGlobalNetworkPolicies"?'),
        (
            "NPK101",
            "6:5",
            'unknown key "podSelector"',
            'did you mean "selector"? (Calico policies say "selector" where a NetworkPolicy says "podSelector")',
        ),
        ("NPK101", "9:9", 'unknown key "destintion"', 'did you mean "destination"?'),
        (
            "NPK101",
            "11:9",
            'unknown key "from"',
            'did you mean "source"? (Calico rules say "source" where a NetworkPolicy says "from")',
        ),
        ("NPK101", "12:9", 'unknown key "ports"', '"ports" belongs under source or destination'),
        (
            "NPK101",
            "14:11",
            'unknown key "ipVersion"',
            '"ipVersion" belongs in calicoGlobalNetworkPolicies.edge.ingress[1]: check its indentation',
        ),
        (
            "NPK101",
            "15:1",
            'unknown key "web"',
            "this looks like an entry of networkPolicies or stagedKubernetesNetworkPolicies: "
            "indent it under one of them",
        ),
    ]


def test_one_line_per_mistake(tmp_path: Path) -> None:
    """A typo of a required key is one problem, not "unknown key" plus "missing key"; a string too
    long for a pattern that caps its length is one problem; a wrong type is said even when a check
    reports something else at the same key."""
    text = (
        "namePrefix: Team-\n"
        "presets:\n"
        "  allowDNS:\n"
        "    enabled: 'true'\n"
        "calicoNetworkPolicies:\n"
        "  web:\n"
        "    ingress:\n"
        "      - actoin: Deny\n"
        "hostEndpoints:\n"
        "  n1: {node: n1, interfaceName: eth0-very-long-interface-name}\n"
    )
    found = chart_problems(tmp_path, text)
    assert ("NPK101", "8:9", 'unknown key "actoin"', 'did you mean "action"?') in found
    assert not [f for f in found if f[0] == "NPK105"]
    assert ("NPK102", "4:15", 'enabled must be true or false, got the string "true"', "write true without quotes") in (
        found
    )
    assert [f for f in found if f[1] == "10:33"] == [
        ("NPK106", "10:33", 'interfaceName must be at most 15 characters, got 29: "eth0-very-long-interface-name"', "")
    ]


def test_missing_keys_say_what_to_add(tmp_path: Path) -> None:
    text = "scope: cluster\ncalicoGlobalNetworkPolicies:\n  edge:\n    ingress:\n      - protocol: TCP\n"
    text += "hostEndpoints:\n  n1: {interfaceName: eth0}\n"
    assert [f for f in chart_problems(tmp_path, text) if f[0] == "NPK105"] == [
        ("NPK105", "5:9", 'missing required key "action"', "add action: one of Allow, Deny, Log, Pass"),
        (
            "NPK105",
            "7:3",
            'missing required key "node"',
            "add node (the name of the node this endpoint is on), e.g. node: worker-1",
        ),
    ]


def test_alternatives_report_the_form_that_was_meant(tmp_path: Path) -> None:
    document = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
            "peer": {
                "type": "object",
                "properties": {"cidr": {"type": "string"}, "selector": {"type": "string"}},
                "anyOf": [{"required": ["cidr"]}, {"required": ["selector"]}],
            },
            "port": {
                "oneOf": [
                    {"type": "integer", "minimum": 1, "maximum": 65535},
                    {"type": "object", "properties": {"name": {"type": "string", "pattern": "^[a-z]+$"}}},
                ]
            },
        },
    }
    schema = ChartSchema(tmp_path / "values.schema.json", document)

    def found(values: dict[str, Any]) -> list[tuple[str, str, str]]:
        return [(p.code, p.message, p.hint) for p in schema.check(values)]

    assert found({"peer": {}}) == [("NPK105", "peer needs cidr or selector", "add one of them")]
    assert found({"port": "http"}) == [
        ("NPK102", 'port must be an integer 1-65535 or a map, got the string "http"', ""),
    ]
    assert found({"port": 0}) == [("NPK106", "port must be an integer 1-65535, got 0", "")]
    assert found({"port": {"name": "HTTP"}}) == [
        ("NPK104", 'name must be lowercase letters only, got "HTTP"', 'did you mean "http"?'),
    ]
