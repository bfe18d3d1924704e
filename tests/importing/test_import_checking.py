"""Validator problems on the produced values map back to the input object, field and line."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from netpolkit.importer import ImportOptions, import_objects
from netpolkit.importer.checking import Finding
from netpolkit.importer.reading import parse_objects

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"

INPUT = textwrap.dedent("""\
    apiVersion: projectcalico.org/v3
    kind: GlobalNetworkPolicy
    metadata:
      name: allow-ping
      labels: {team: net}
    spec:
      selector: all()
      ingress:
        - action: Allow
          protocol: ICMP
          icmp:
            type: 8  Ping request
    ---
    apiVersion: projectcalico.org/v3
    kind: Tier
    metadata: {name: ok}
    spec: {order: 1}
""")


def run(validator: Any, text: str = INPUT) -> Any:
    options = ImportOptions(chart=CHART, validator=validator)
    return import_objects(parse_objects(text, "p.yaml"), options)


def test_problem_paths_become_input_paths_with_lines() -> None:
    def fake(values: dict[str, Any], chart: Path) -> list[Finding]:
        assert values["calicoGlobalNetworkPolicies"]["allow-ping"]["ingress"][0]["icmp"]["type"] == "8  Ping request"
        return [
            Finding(("calicoGlobalNetworkPolicies", "allow-ping", "ingress", 0, "icmp", "type"), "must be an integer"),
            Finding(("calicoGlobalNetworkPolicies", "allow-ping", "labels", "team"), "bad label", hint="fix it"),
            Finding(("tiers", "ok", "order"), "order is odd", warning=True),
        ]

    result = run(fake)
    assert [r.one_line() for r in result.rejections] == [
        "p.yaml:12: GlobalNetworkPolicy allow-ping: spec.ingress[0].icmp.type: must be an integer",
        "p.yaml:5: GlobalNetworkPolicy allow-ping: metadata.labels.team: bad label (hint: fix it)",
    ]
    # The rejected object is left out; the other one is kept, with the warning as a note.
    (cluster,) = result.files
    assert [e.key for e in cluster.entries] == ["ok"]
    assert [n.one_line() for n in result.notes] == ["p.yaml:17: Tier ok: warning: spec.order: order is odd"]


def test_one_problem_per_field_and_the_most_specific_field_wins() -> None:
    def fake(values: dict[str, Any], chart: Path) -> list[Finding]:
        return [
            Finding(("calicoGlobalNetworkPolicies", "allow-ping"), "the object is wrong somewhere"),
            Finding(("calicoGlobalNetworkPolicies", "allow-ping", "ingress", 0), "rule wrong"),
            Finding(("calicoGlobalNetworkPolicies", "allow-ping", "ingress", 0, "icmp", "type"), "schema", "h1"),
            Finding(("calicoGlobalNetworkPolicies", "allow-ping", "ingress", 0, "icmp", "type"), "check says", "hint",
                    semantic=True),
            Finding(("calicoGlobalNetworkPolicies", "allow-ping", "ingress", 0, "icmp", "type"), "later", "h2"),
        ]

    lines = [r.one_line() for r in run(fake).rejections]
    assert lines == ["p.yaml:12: GlobalNetworkPolicy allow-ping: spec.ingress[0].icmp.type: check says (hint: hint)"]


def test_a_problem_outside_any_entry_rejects_the_whole_file() -> None:
    def fake(values: dict[str, Any], chart: Path) -> list[Finding]:
        return [Finding(("scope",), "importer bug")]

    result = run(fake)
    assert not result.files
    assert result.rejections[0].one_line() == "p.yaml:1: cluster scope: scope: importer bug"


def test_the_validators_messages_name_the_input_field() -> None:
    """No fake: `netpolkit.validate` on the produced values, its problems at input fields and lines."""
    lines = [r.one_line() for r in run(None).rejections]
    assert lines == ['p.yaml:12: GlobalNetworkPolicy allow-ping: spec.ingress[0].icmp.type: type must be an integer '
                     '0-254, got the string "8  Ping request" (hint: for example 8)']
    bad_name = INPUT.replace("name: ok", "name: Not_OK").replace("type: 8  Ping request", "type: 8")
    lines = [r.one_line() for r in run(None, bad_name).rejections]
    assert len(lines) == 1 and lines[0].startswith("p.yaml:16: Tier Not_OK: metadata.name: "), lines
    unknown = INPUT.replace("order: 1", "order: 1, colour: red").replace("type: 8  Ping request", "type: 8")
    lines = [r.one_line() for r in run(None, unknown).rejections]
    assert len(lines) == 1 and lines[0].startswith("p.yaml:17: Tier ok: spec.colour: "), lines


def test_the_default_validator_applies_the_chart_rules() -> None:
    """No fake: whatever validator is installed must reject what the chart's templates reject."""
    text = INPUT.replace("      protocol: ICMP\n      icmp:\n        type: 8  Ping request\n",
                         "      destination: {ports: [80]}\n")
    assert "ports: [80]" in text
    result = run(None, text)
    assert any("spec.ingress[0].destination.ports[0]" in r.one_line() for r in result.rejections), [
        r.one_line() for r in result.rejections
    ]
