"""Field-level matching: native lists as sets, Calico rules ordered with moves, plain maps like deepdiff."""

from __future__ import annotations

import random
from typing import Any

import pytest
from deepdiff import DeepDiff

from netpolkit.diff.compare import field_changes
from netpolkit.diff.fields import diff_fields, longest_in_order, strict_equal
from netpolkit.diff.model import Change
from netpolkit.manifests import Identity

CALICO = Identity("projectcalico.org", "NetworkPolicy", "team-a", "db")
GLOBAL = Identity("projectcalico.org", "GlobalNetworkPolicy", "", "deny-metadata")
NATIVE = Identity("networking.k8s.io", "NetworkPolicy", "team-a", "web")

A = {"action": "Allow", "protocol": "TCP", "destination": {"ports": [5432]}}
B = {"action": "Allow", "protocol": "UDP", "destination": {"ports": [53]}}
C = {"action": "Deny", "destination": {"nets": ["169.254.169.254/32"]}}
FE = {"podSelector": {"matchLabels": {"role": "frontend"}}}
MON = {"namespaceSelector": {"matchLabels": {"team": "monitoring"}}}


def lines(identity: Identity, old: Any, new: Any) -> list[tuple[str, str, str]]:
    """(change, path, one-liner) per reported field."""
    return [(fc.change.value, fc.path_text, fc.summary) for fc in field_changes(identity, old, new)]


def calico(*rules: dict[str, Any], order: int = 100) -> dict[str, Any]:
    return {"spec": {"order": order, "egress": list(rules)}}


def test_calico_rule_move_is_reported_as_a_move() -> None:
    assert lines(CALICO, calico(A, B, C), calico(C, A, B)) == [
        ("moved", "spec.egress[0]", "egress rule 2 moved to 0"),
    ]


def test_calico_swap_reports_the_rule_that_moved_up() -> None:
    assert lines(CALICO, calico(A, B), calico(B, A)) == [("moved", "spec.egress[0]", "egress rule 1 moved to 0")]


def test_calico_insert_at_top_shifts_without_moves() -> None:
    log = {"action": "Log"}
    assert lines(CALICO, calico(A, B, C), calico(log, A, B, C)) == [
        ("added", "spec.egress[0]", "egress rule 0 added: {action: Log}"),
    ]


def test_calico_action_change_and_order() -> None:
    new = calico(A, {**B, "action": "Deny"}, C, order=50)
    assert lines(CALICO, calico(A, B, C), new) == [
        ("changed", "spec.egress[1].action", "egress rule 1 action Allow -> Deny"),
        ("changed", "spec.order", "order 100 -> 50"),
    ]


def test_calico_single_key_rules_pair_in_place() -> None:
    old, new = calico(A, {"action": "Allow"}), calico(A, {"action": "Deny"})
    assert lines(CALICO, old, new) == [("changed", "spec.egress[1].action", "egress rule 1 action Allow -> Deny")]


def test_calico_moved_and_changed_rule() -> None:
    assert lines(GLOBAL, calico(A, B, C), calico({**C, "action": "Allow"}, A, B)) == [
        ("moved", "spec.egress[0]", "egress rule 2 moved to 0"),
        ("changed", "spec.egress[0].action", "egress rule 0 action Deny -> Allow"),
    ]


def test_lists_inside_calico_rules_are_sets() -> None:
    old = calico({"action": "Allow", "destination": {"nets": ["10.0.0.0/8", "192.168.0.0/16"], "ports": [80, 443]}})
    reordered = calico(
        {"action": "Allow", "destination": {"nets": ["192.168.0.0/16", "10.0.0.0/8"], "ports": [443, 80]}}
    )
    assert lines(CALICO, old, reordered) == []
    changed = calico(
        {"action": "Allow", "destination": {"nets": ["10.0.0.0/8", "192.168.0.0/16"], "ports": [443, 8443]}}
    )
    assert lines(CALICO, old, changed) == [
        ("changed", "spec.egress[0].destination.ports[1]", "egress rule 0 destination.ports 80 -> 8443"),
    ]


def test_native_rules_peers_and_ports_are_sets() -> None:
    old = {"spec": {"ingress": [{"from": [FE, MON], "ports": [{"protocol": "TCP", "port": 80}]}, {"from": [MON]}]}}
    new = {"spec": {"ingress": [{"from": [MON]}, {"ports": [{"protocol": "TCP", "port": 80}], "from": [MON, FE]}]}}
    assert lines(NATIVE, old, new) == []


def test_native_peer_and_port_added_and_removed() -> None:
    old: dict[str, Any] = {
        "spec": {
            "ingress": [{"from": [FE, MON], "ports": [{"protocol": "TCP", "port": 80}]}],
            "policyTypes": ["Ingress"],
        }
    }
    new = {
        "spec": {
            "ingress": [{"from": [MON], "ports": [{"protocol": "TCP", "port": 80}, {"protocol": "TCP", "port": 443}]}],
            "policyTypes": ["Ingress", "Egress"],
        }
    }
    assert lines(NATIVE, old, new) == [
        (
            "removed",
            "spec.ingress[0].from[0]",
            "ingress rule 0 peer removed: {podSelector: {matchLabels: {role: frontend}}}",
        ),
        ("added", "spec.ingress[0].ports[1]", "ingress rule 0 port added: TCP/443"),
        ("added", "spec.policyTypes[1]", "policyTypes: Egress added"),
    ]


def test_native_selector_change_inside_a_peer() -> None:
    backend = {"podSelector": {"matchLabels": {"role": "backend"}}}
    old = {"spec": {"ingress": [{"from": [FE, MON]}]}}
    new = {"spec": {"ingress": [{"from": [MON, backend]}]}}
    assert lines(NATIVE, old, new) == [
        (
            "changed",
            "spec.ingress[0].from[1].podSelector.matchLabels.role",
            "ingress rule 0 from[1].podSelector.matchLabels.role frontend -> backend",
        ),
    ]


def test_unrelated_peers_are_removed_and_added_not_paired() -> None:
    old = {"spec": {"ingress": [{"from": [MON]}]}}
    new = {"spec": {"ingress": [{"from": [FE]}]}}
    assert [c for c, _, _ in lines(NATIVE, old, new)] == ["removed", "added"]


def test_empty_and_absent_stay_distinct() -> None:
    assert lines(NATIVE, {"spec": {"ingress": []}}, {"spec": {}}) == [
        ("removed", "spec.ingress", "ingress removed: []")
    ]
    assert lines(NATIVE, {"spec": {"ingress": []}}, {"spec": {"ingress": [{}]}}) == [
        ("added", "spec.ingress[0]", "ingress rule 0 added: {}")
    ]


def test_types_are_compared_strictly() -> None:
    assert strict_equal({"port": 1}, {"port": 1})
    assert not strict_equal({"port": 1}, {"port": True})
    assert not strict_equal([1], [1.0])
    assert [fc.change for fc in diff_fields({"port": 80}, {"port": "80"})] == [Change.CHANGED]


def test_moves_are_off_the_longest_in_order_chain() -> None:
    assert longest_in_order([(0, 1), (1, 2), (2, 0)]) == [(0, 1), (1, 2)]
    assert longest_in_order([]) == []


def test_other_kinds_compare_lists_in_order_without_phrases() -> None:
    other = Identity("", "ConfigMap", "a", "b")
    old = {"data": {"k": "v"}, "list": [1, 2, 3]}
    new = {"data": {"k": "w"}, "list": [3, 1, 2]}
    assert lines(other, old, new) == [("changed", "data.k", ""), ("moved", "list[0]", "")]


def _mutate(value: Any, rng: random.Random) -> Any:
    """A random edit of a nested map of scalars (no lists: that is where our semantics differ)."""
    if not isinstance(value, dict) or not value:
        return rng.choice([0, 1, "x", "y", True, None, {"n": 1}])
    out = dict(value)
    key = rng.choice(sorted(out))
    roll = rng.random()
    if roll < 0.2:
        del out[key]
    elif roll < 0.4:
        out[f"new{rng.randint(0, 9)}"] = rng.randint(0, 3)
    else:
        out[key] = _mutate(out[key], rng)
    return out


def _tree(rng: random.Random, depth: int = 0) -> Any:
    if depth > 2 or rng.random() < 0.3:
        return rng.choice([0, 1, "a", "b", False, None])
    return {f"k{i}": _tree(rng, depth + 1) for i in range(rng.randint(1, 4))}


@pytest.mark.parametrize("seed", range(40))
def test_maps_agree_with_deepdiff(seed: int) -> None:
    """On maps of scalars the walker reports exactly the paths deepdiff reports."""
    rng = random.Random(seed)
    old = {"root": _tree(rng)}
    new = _mutate(_mutate(old, rng), rng)
    ours = {"root" + "".join(f"[{k!r}]" for k in fc.path) for fc in diff_fields(old, new)}
    theirs = DeepDiff(old, new, threshold_to_diff_deeper=0, view="tree")
    expected = {level.path() for levels in theirs.values() for level in levels}
    assert ours == expected
