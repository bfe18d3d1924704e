"""run_checks never raises and never crashes a check, whatever the types in the values."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from checkhelpers import values_from

from netpolkit.checks import REGISTRY, run_checks

RICH = """
scope: cluster
namePrefix: t-
calico: {edition: enterprise, tierPrefixedNames: true}
commonLabels: {a: b}
presets:
  defaultDeny: {enabled: true, api: calico}
  allowDNS: {enabled: true, api: calico, extraCIDRs: [169.254.20.10/32]}
  denyCloudMetadata: {enabled: true, api: calico}
networkPolicies:
  n:
    podSelector: {matchLabels: {a: b}, matchExpressions: [{key: c, operator: In, values: [d]}]}
    policyTypes: [Ingress, Egress]
    ingress:
      - from: [{podSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
        ports: [{port: 80, endPort: 90}]
    egress: [{to: [{namespaceSelector: {}}]}]
calicoGlobalNetworkPolicies:
  g:
    tier: sec
    selector: "a == 'b'"
    namespaceSelector: all()
    types: [Ingress, Egress]
    ingress:
      - action: Allow
        protocol: TCP
        source: {nets: [10.0.0.0/8], selector: "x == 'y'", serviceAccounts: {names: [a], selector: all()}}
        destination: {ports: [80, "90:100", http]}
        http: {methods: [GET], paths: [{exact: /}], headers: [{header: x, operator: Exists}]}
      - action: Allow
        protocol: ICMP
        icmp: {type: 8, code: 0}
        ipVersion: 4
    egress:
      - action: Allow
        destination: {services: {name: kubernetes, namespace: default}, domains: [a.example.com]}
tiers: {sec: {order: 10, defaultAction: Pass}}
hostEndpoints: {h: {node: n, interfaceName: eth0, expectedIPs: [10.0.0.1], ports: [{name: x, port: 1, protocol: TCP}]}}
globalNetworkSets: {s: {nets: [10.0.0.0/8], allowedEgressDomains: [a.example.com]}}
stagedGlobalNetworkPolicies: {d: {stagedAction: Delete}}
extraObjects: {x: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}}
"""

#: One of each shape a YAML scalar or collection can take where something else was expected.
ODD_VALUES: list[Any] = [None, True, -1, "", "x", [None], {"x": None}]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def test_rich_values_run_every_check() -> None:
    problems = run_checks(values_from(RICH))
    assert not [p for p in problems if "internal error" in p.message]


def test_any_value_replaced_by_any_type() -> None:
    """Every node of a rich values tree, replaced in turn by each odd value: no check crashes."""
    base = values_from(RICH)
    crashes = []
    for path in _paths(base):
        for odd in ODD_VALUES:
            values = copy.deepcopy(base)
            _set(values, path, copy.deepcopy(odd))
            crashes += [(path, odd, p.message) for p in run_checks(values) if "internal error" in p.message]
    assert not crashes


@pytest.mark.parametrize("values", [{}, {"scope": 5}, {"presets": []}, {"calicoNetworkPolicies": "x"}, []])
def test_degenerate_top_levels(values: Any) -> None:
    assert run_checks(values) == []


def test_a_crashing_check_becomes_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from netpolkit.checks.base import Check

    def boom(ctx: object) -> list[Any]:
        raise ValueError("boom")

    original = REGISTRY["NPK200"]
    monkeypatch.setitem(REGISTRY, "NPK200", Check("NPK200", original.title, original.severity, original.doc, boom))
    problems = run_checks(values_from({}))
    assert [(p.code, "internal error" in p.message) for p in problems] == [("NPK200", True)]
