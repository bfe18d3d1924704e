"""run_checks' Problems (code, severity, offset stamped by the engine) and merge_with_schema."""

from __future__ import annotations

from netpolkit.checks import merge_with_schema, run_checks
from netpolkit.problems import Problem, Severity

from checkhelpers import values_from  # isort: skip


def test_engine_stamps_code_severity_and_offset() -> None:
    values = values_from("calicoNetworkPolicies: {p: {selector: \"a == 'x' b\", ingress: [{action: Allow}]}}")
    found = {p.code: p for p in run_checks(values)}
    assert set(found) == {"NPK200", "NPK300"}
    assert (found["NPK200"].severity, found["NPK200"].offset) == (Severity.ERROR, 9)
    assert found["NPK300"].severity is Severity.WARNING
    assert found["NPK200"].path == ("calicoNetworkPolicies", "p", "selector")
    assert found["NPK200"].hint


def test_merge_prefers_the_check_at_the_same_path() -> None:
    cidr = ("networkSets", "s", "nets", 0)
    schema = [Problem("NPK104", "does not match ^...$", cidr), Problem("NPK101", "unknown key", ("x",))]
    semantic = [Problem("NPK210", "'10.0.0.0/33' is not a valid CIDR", cidr)]
    assert [p.code for p in merge_with_schema(schema, semantic)] == ["NPK101", "NPK210"]


def test_merge_drops_checks_inside_a_part_the_schema_rejects() -> None:
    icmp = ("calicoNetworkPolicies", "p", "ingress", 0, "icmp")
    schema = [Problem("NPK105", 'missing required key "type"', icmp)]
    semantic = [
        Problem("NPK231", "icmp.code needs icmp.type", (*icmp, "code")),
        Problem("NPK300", "allows everything", icmp[:-1]),  # an ancestor: kept
    ]
    assert [p.code for p in merge_with_schema(schema, semantic)] == ["NPK105", "NPK300"]
