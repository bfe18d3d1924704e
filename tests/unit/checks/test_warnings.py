"""NPK300-NPK306: warnings (allow-all, unsatisfiable selectors, deny-only, DNS, unreachable, ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from netpolkit.problems import Problem, Severity

Problems = Callable[..., list[Problem]]


def calico(direction: str, *rules: dict[str, Any], **spec: Any) -> dict[str, Any]:
    return {"calicoNetworkPolicies": {"p": {direction: list(rules), **spec}}}


@pytest.mark.parametrize(
    ("direction", "rule", "bad"),
    [
        ("ingress", {"action": "Allow"}, True),
        ("egress", {"action": "Allow", "destination": {"nets": ["0.0.0.0/0"]}}, True),
        ("egress", {"action": "Allow", "destination": {"nets": ["10.0.0.0/8"]}}, False),
        ("ingress", {"action": "Allow", "protocol": "TCP"}, False),
        ("ingress", {"action": "Allow", "destination": {"ports": [80]}, "protocol": "TCP"}, False),
        ("ingress", {"action": "Allow", "source": {"selector": "all()"}}, False),
        ("ingress", {"action": "Deny"}, False),
        ("ingress", {"action": "Allow", "metadata": {"annotations": {"why": "x"}}}, True),
    ],
)
def test_calico_allow_all(problems: Problems, direction: str, rule: dict[str, Any], bad: bool) -> None:
    found = problems(calico(direction, rule), "NPK300")
    assert [p.path for p in found] == ([("calicoNetworkPolicies", "p", direction, 0)] if bad else [])
    assert all(p.severity is Severity.WARNING for p in found)


@pytest.mark.parametrize(
    ("rule", "bad"),
    [
        ({}, True),
        ({"from": []}, True),
        ({"from": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}, True),
        ({"from": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8"]}}]}, False),
        ({"from": [{"podSelector": {}}]}, False),
        ({"ports": [{"port": 80}]}, False),
    ],
)
def test_native_allow_all(problems: Problems, rule: dict[str, Any], bad: bool) -> None:
    found = problems({"networkPolicies": {"n": {"ingress": [rule]}}}, "NPK300")
    assert [p.path for p in found] == ([("networkPolicies", "n", "ingress", 0)] if bad else [])


def test_selector_matches_nothing(problems: Problems) -> None:
    values = {
        "calicoNetworkPolicies": {
            "p": {
                "selector": "app == 'a' && app == 'b'",
                "ingress": [{"action": "Allow", "source": {"selector": "has(x) && !has(x)", "notSelector": "a in {}"}}],
            }
        },
        "networkPolicies": {
            "n": {
                "podSelector": {
                    "matchLabels": {"app": "web"},
                    "matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}],
                }
            }
        },
    }
    found = sorted(p.path for p in problems(values, "NPK301"))
    assert found == [
        ("calicoNetworkPolicies", "p", "ingress", 0, "source", "selector"),
        ("calicoNetworkPolicies", "p", "selector"),
        ("networkPolicies", "n", "podSelector"),
    ]


def test_satisfiable_selectors_are_not_reported(problems: Problems) -> None:
    values = calico("ingress", {"action": "Allow", "source": {"selector": "a != 'x' && a != 'y'"}}, selector="!has(a)")
    assert problems(values, "NPK301") == []


@pytest.mark.parametrize(
    ("rules", "spec", "bad"),
    [
        ([{"action": "Deny"}], {}, True),
        ([{"action": "Deny"}, {"action": "Log"}], {}, True),
        ([{"action": "Deny"}, {"action": "Pass"}], {}, False),
        ([{"action": "Deny"}, {"action": "Allow", "protocol": "TCP"}], {}, False),
        ([{"action": "Deny"}], {"tier": "kube-admin"}, False),
        ([{"action": "Deny"}], {"tier": "unknown-external"}, False),
    ],
)
def test_deny_only(problems: Problems, rules: list[dict[str, Any]], spec: dict[str, Any], bad: bool) -> None:
    found = problems(calico("egress", *rules, **spec), "NPK302")
    assert [p.path for p in found] == ([("calicoNetworkPolicies", "p", "egress")] if bad else [])


def test_deny_only_in_a_pass_tier_of_these_values(problems: Problems) -> None:
    values = {
        "scope": "cluster",
        "tiers": {"guard": {"order": 10, "defaultAction": "Pass"}, "strict": {"order": 20}},
        "calicoGlobalNetworkPolicies": {
            "a": {"tier": "guard", "ingress": [{"action": "Deny"}]},
            "b": {"tier": "strict", "ingress": [{"action": "Deny"}]},
        },
    }
    assert [p.path[1] for p in problems(values, "NPK302")] == ["b"]


def test_deny_only_skips_staged_and_raw_table_policies(problems: Problems) -> None:
    values = {
        "stagedNetworkPolicies": {"s": {"ingress": [{"action": "Deny"}]}},
        "scope": "namespace",
    }
    assert problems(values, "NPK302") == []


@pytest.mark.parametrize(
    ("values", "bad_path"),
    [
        ({"presets": {"defaultDeny": {"enabled": True}}}, ("presets", "defaultDeny", "enabled")),
        ({"presets": {"defaultDeny": {"enabled": True, "egress": False}}}, None),
        ({"presets": {"defaultDeny": {"enabled": True}, "allowDNS": {"enabled": True}}}, None),
        (
            {"networkPolicies": {"d": {"policyTypes": ["Ingress", "Egress"]}}},
            ("networkPolicies", "d", "policyTypes", 1),
        ),
        ({"calicoNetworkPolicies": {"d": {"types": ["Egress"]}}}, ("calicoNetworkPolicies", "d", "types", 0)),
        (
            {
                "networkPolicies": {
                    "d": {"policyTypes": ["Egress"]},
                    "dns": {"policyTypes": ["Egress"], "egress": [{"ports": [{"port": 53, "protocol": "UDP"}]}]},
                }
            },
            None,
        ),
        (
            {
                "networkPolicies": {"d": {"policyTypes": ["Egress"]}},
                "calicoNetworkPolicies": {
                    "dns": {"egress": [{"action": "Allow", "protocol": "UDP", "destination": {"ports": ["50:60"]}}]}
                },
            },
            None,
        ),
        (
            {
                "networkPolicies": {
                    "d": {"policyTypes": ["Egress"]},
                    "web": {"policyTypes": ["Egress"], "egress": [{"ports": [{"port": 443}]}]},
                }
            },
            ("networkPolicies", "d", "policyTypes", 0),
        ),
    ],
)
def test_egress_default_deny_without_dns(
    problems: Problems, values: dict[str, Any], bad_path: tuple[Any, ...] | None
) -> None:
    assert [p.path for p in problems(values, "NPK303")] == ([bad_path] if bad_path else [])


UNREACHABLE = [
    ([{"action": "Allow"}, {"action": "Deny", "protocol": "TCP"}], [1]),
    ([{"action": "Log"}, {"action": "Deny", "protocol": "TCP"}], []),
    ([{"action": "Allow", "protocol": "TCP"}, {"action": "Deny", "protocol": "tcp"}], [1]),
    ([{"action": "Allow", "protocol": "TCP"}, {"action": "Deny", "protocol": "UDP"}], []),
    (
        [
            {"action": "Deny", "protocol": "TCP", "source": {"selector": "a == 'x'"}},
            {"action": "Allow", "protocol": "TCP", "source": {"selector": 'a == "x"'}, "destination": {"ports": [80]}},
        ],
        [1],
    ),
    (
        [
            {"action": "Deny", "source": {"selector": "a == 'x'"}},
            {"action": "Allow", "source": {"selector": "a == 'x'", "namespaceSelector": "all()"}},
        ],
        [],
    ),
    (
        [
            {"action": "Allow", "source": {"nets": ["10.0.0.0/8", "10.1.0.0/16"]}},
            {"action": "Deny", "source": {"nets": ["10.1.0.0/16"]}},
        ],
        [1],
    ),
    (
        [
            {"action": "Allow", "source": {"notNets": ["10.0.0.0/8", "10.1.0.0/16"]}},
            {"action": "Deny", "source": {"notNets": ["10.1.0.0/16"]}},
        ],
        [],
    ),
    ([{"action": "Pass"}, {"action": "Allow"}, {"action": "Allow"}], [1, 2]),
]


@pytest.mark.parametrize(("rules", "bad"), UNREACHABLE)
def test_unreachable_rules(problems: Problems, rules: list[dict[str, Any]], bad: list[int]) -> None:
    found = problems(calico("ingress", *rules), "NPK304")
    assert [p.path[-1] for p in found] == bad


def test_native_rule_order_does_not_matter(problems: Problems) -> None:
    assert problems({"networkPolicies": {"n": {"ingress": [{}, {"from": [{"podSelector": {}}]}]}}}, "NPK304") == []


def test_native_cloud_metadata_with_default_deny(problems: Problems) -> None:
    base = {"allowDNS": {"enabled": True}, "denyCloudMetadata": {"enabled": True}}
    found = problems({"presets": {**base, "defaultDeny": {"enabled": True}}}, "NPK305")
    assert [p.path for p in found] == [("presets", "denyCloudMetadata", "enabled")]
    assert problems({"presets": {**base, "defaultDeny": {"enabled": True, "egress": False}}}, "NPK305") == []


def test_ignored_direction(problems: Problems) -> None:
    values = {
        "networkPolicies": {"n": {"policyTypes": ["Ingress"], "egress": [{}], "ingress": [{}]}},
        "calicoNetworkPolicies": {"c": {"types": ["Egress"], "ingress": [{"action": "Allow"}]}},
        "stagedKubernetesNetworkPolicies": {"s": {"egress": [{}]}},  # no policyTypes: defaulted
    }
    found = sorted(p.path for p in problems(values, "NPK306"))
    assert found == [("calicoNetworkPolicies", "c", "ingress"), ("networkPolicies", "n", "egress")]


def test_deny_only_next_to_an_allow_policy_in_the_same_tier(problems: Problems) -> None:
    values = {
        "calicoNetworkPolicies": {
            "deny-ssh": {"ingress": [{"action": "Deny", "protocol": "TCP", "destination": {"ports": [22]}}]},
            "allow-web": {"ingress": [{"action": "Allow", "protocol": "TCP", "destination": {"ports": [80]}}]},
        }
    }
    assert problems(values, "NPK302") == []
    values["calicoNetworkPolicies"]["allow-web"]["tier"] = "other"
    assert [p.path for p in problems(values, "NPK302")] == [("calicoNetworkPolicies", "deny-ssh", "ingress")]


def test_deny_only_next_to_a_kubernetes_policy(problems: Problems) -> None:
    values = {
        "calicoNetworkPolicies": {"deny-ssh": {"ingress": [{"action": "Deny"}]}},
        "networkPolicies": {"web": {"ingress": [{"ports": [{"port": 80}]}]}},
    }
    assert problems(values, "NPK302") == []
