"""Schema constraints in words: every pattern of the chart's schema has words, and the words read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netpolkit.hints import yaml_hint
from netpolkit.wording import (
    PATTERN_WORDS,
    alternatives,
    constraint_words,
    describe,
    expected,
    first_sentence,
    flow,
    pattern_fix,
    pattern_words,
    subject,
)

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "charts" / "network-policies" / "values.schema.json").read_text(encoding="utf-8"))


def patterns(node: Any, where: str = "#") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield where, node["pattern"]
        for key, value in node.items():
            yield from patterns(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from patterns(value, f"{where}/{index}")


def test_every_pattern_of_the_chart_schema_has_words() -> None:
    """A new pattern in values.schema.json needs a line in `netpolkit.wording.PATTERN_WORDS` (a list
    of literal choices like `^(TCP|UDP)$` describes itself), or users would read a regular
    expression in `validate`'s messages."""
    missing = sorted(
        {
            f"{where}: {pattern}"
            for where, pattern in patterns(SCHEMA)
            if pattern not in PATTERN_WORDS and alternatives(pattern) is None
        }
    )
    assert missing == [], "add words for these patterns to netpolkit.wording.PATTERN_WORDS:\n" + "\n".join(missing)


def test_no_words_show_a_regular_expression() -> None:
    for pattern in {p for _, p in patterns(SCHEMA)}:
        words = pattern_words(pattern, {"maxLength": 63})
        assert "^" not in words and "[" not in words and "$" not in words, words


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        ({"type": "integer", "minimum": 0, "maximum": 254}, "an integer 0-254"),
        ({"type": "number", "minimum": 1}, "a number of at least 1"),
        ({"type": ["number", "null"]}, "a number or null"),
        ({"type": "boolean"}, "true or false"),
        ({"type": "string", "enum": ["Allow", "Deny", "Log", "Pass"]}, "one of Allow, Deny, Log, Pass"),
        ({"type": "integer", "enum": [4, 6]}, "4 or 6"),
        ({"type": "string", "pattern": "^(TCP|UDP|SCTP)$"}, "one of TCP, UDP, SCTP"),
        ({"type": "string", "pattern": "^[a-z0-9-]+$"}, "lowercase letters, digits and '-' only"),
        ({"type": "string", "format": "ipv4"}, "an IPv4 address such as 10.0.0.5"),
        (
            {"type": "string", "pattern": r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "maxLength": 63},
            "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, "
            "no '.'; at most 63 characters)",
        ),
        ({"type": ["string", "object"], "pattern": "^[^\\n\\r]*$"}, "a single-line string or a map"),
        ({"type": "string", "pattern": "^x+y$", "description": "A thing. More."}, "as described: a thing"),
        ({"type": "string", "pattern": "^x+y$"}, "a string matching the pattern ^x+y$"),
    ],
)
def test_expected(schema: dict[str, Any], words: str) -> None:
    assert expected(schema) == words


def test_expected_lists_the_failing_type_first() -> None:
    protocol = SCHEMA["definitions"]["calicoProtocol"]
    assert expected(protocol) == "an integer 1-255 or one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite"
    assert expected(protocol, first="string") == "one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or an integer 1-255"


@pytest.mark.parametrize(
    ("value", "schema", "hint"),
    [
        ("tcp", {"pattern": "^(TCP|UDP)$"}, 'did you mean "TCP"? (the case matters)'),
        ("HTTP", {"pattern": "^(TCP|UDP)$"}, ""),
        ("Security", {"pattern": r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"}, 'did you mean "security"?'),
        ("Team_A-", {"pattern": "^([a-z0-9][-a-z0-9]*)?$"}, 'did you mean "team-a-"?'),
        ("10.0.0.0/33", SCHEMA["definitions"]["cidr"], "the prefix length of an IPv4 CIDR is 0-32"),
        ("10.0.0.1", SCHEMA["definitions"]["cidr"], "add a prefix length: 10.0.0.1/32 for this one address"),
        ("fd00::/200", SCHEMA["definitions"]["cidr"], "the prefix length of an IPv6 CIDR is 0-128"),
        ("10.0.0.5/32", SCHEMA["definitions"]["ipAddress"], "drop the prefix length: 10.0.0.5"),
        (
            "10.0.0",
            SCHEMA["definitions"]["ipAddress"],
            "write the address as four numbers 0-255 separated by dots, or as IPv6 with ':'",
        ),
        ("$$", {"pattern": "^[a-z]+$", "examples": ["web"]}, "for example web"),
    ],
)
def test_pattern_fix(value: str, schema: dict[str, Any], hint: str) -> None:
    assert pattern_fix(value, schema) == hint


def test_small_helpers() -> None:
    assert alternatives("^(TCP|UDP|ICMPv6)$") == ["TCP", "UDP", "ICMPv6"]
    assert alternatives(r"^(\*|[a-z]{1,15})$") is None
    assert alternatives("^[a-z]+$") is None
    assert subject(("calicoNetworkPolicies", "web", "ingress", 0, "icmp", "type")) == "type"
    assert subject(("networkPolicies", "web", "policyTypes", 0)) == "policyTypes[0]"
    assert subject(()) == "the values"
    assert describe("10") == 'the string "10"' and describe([]) == "an empty list" and describe(None) == "null"
    assert describe(True) == "the boolean true" and describe({"a": 1}) == "a map"
    assert flow({"matchLabels": {"app": "web"}}) == "{matchLabels: {app: web}}"
    assert flow(["10.0.0.0/8", "true", "a: b"]) == "[10.0.0.0/8, 'true', 'a: b']"
    assert first_sentence("Extra networks, e.g. `169.254.20.10/32`. More text.") == (
        "Extra networks, e.g. `169.254.20.10/32`."
    )
    assert constraint_words([{"type": "integer", "minimum": 0, "maximum": 254}]) == "an integer 0-254"
    assert constraint_words([{"type": "string", "enum": ["a", "b"]}]) == ""
    assert constraint_words([{"type": "string", "maxLength": 15}]) == "a string of at most 15 characters"
    assert constraint_words([{"type": "boolean"}]) == ""


@pytest.mark.parametrize(
    ("message", "hint"),
    [
        ("invalid YAML: mapping values are not allowed in this context", "a value contains ': '"),
        ("invalid YAML: found a tab character that violates indentation", "indent with spaces"),
        ("invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping)", "a '{' above"),
        ("invalid YAML: found unexpected end of stream (while scanning a quoted scalar)", "a quoted value"),
        ("invalid YAML: did not find expected alphabetic or numeric character (while scanning an alias)", "quote it"),
        ("invalid YAML: something new", ""),
    ],
)
def test_yaml_hints(message: str, hint: str) -> None:
    assert hint in yaml_hint(message) and bool(hint) == bool(yaml_hint(message))
