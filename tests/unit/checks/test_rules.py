"""NPK230-NPK235: ICMP, protocol/ipVersion, services, http and domains in Calico rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from netpolkit.problems import Problem

Problems = Callable[..., list[Problem]]


def policy(direction: str, rule: dict[str, Any], *, kind: str = "calicoNetworkPolicies") -> dict[str, Any]:
    values: dict[str, Any] = {kind: {"p": {direction: [{"action": "Allow"} | rule]}}}
    if "Global" in kind:
        values["scope"] = "cluster"
    return values


@pytest.mark.parametrize(
    ("rule", "bad"),
    [
        ({"protocol": "ICMP", "icmp": {"type": 8}}, []),
        ({"protocol": "icmpv6", "notICMP": {"type": 128}}, []),
        ({"protocol": 1, "icmp": {"type": 8}}, []),
        ({"protocol": 58, "icmp": {"type": 8}}, []),
        ({"icmp": {"type": 8}}, ["icmp"]),
        ({"protocol": "TCP", "icmp": {"type": 8}, "notICMP": {"type": 0}}, ["icmp", "notICMP"]),
    ],
)
def test_icmp_needs_icmp_protocol(problems: Problems, rule: dict[str, Any], bad: list[str]) -> None:
    assert [p.path[-1] for p in problems(policy("ingress", rule), "NPK230")] == bad


def test_icmp_code_needs_type(problems: Problems) -> None:
    rule = {"protocol": "ICMP", "icmp": {"code": 1}, "notICMP": {"type": 3, "code": 1}}
    assert [p.path[-1] for p in problems(policy("ingress", rule), "NPK231")] == ["icmp"]


@pytest.mark.parametrize(
    ("rule", "bad"),
    [
        ({"protocol": "ICMP", "ipVersion": 4}, False),
        ({"protocol": "ICMP", "ipVersion": 6}, True),
        ({"protocol": "ICMPv6", "ipVersion": 4}, True),
        ({"notProtocol": "ICMPv6", "ipVersion": 4}, True),
        ({"protocol": "TCP", "ipVersion": 6}, False),
        ({"protocol": "ICMP"}, False),
    ],
)
def test_protocol_ip_version(problems: Problems, rule: dict[str, Any], bad: bool) -> None:
    found = problems(policy("ingress", rule), "NPK232")
    assert [p.path[-1] for p in found] == (["ipVersion"] if bad else [])


def test_services_on_the_wrong_side(problems: Problems) -> None:
    ingress = policy("ingress", {"destination": {"services": {"name": "kubernetes"}}})
    egress = policy("egress", {"source": {"services": {"name": "kubernetes"}}})
    assert [p.path[-2:] for p in problems(ingress, "NPK233")] == [("destination", "services")]
    assert [p.path[-2:] for p in problems(egress, "NPK233")] == [("source", "services")]


def test_services_exclusive_fields(problems: Problems) -> None:
    destination = {
        "services": {"name": "kubernetes", "namespace": "default"},
        "selector": "a == 'b'",
        "nets": ["10.0.0.0/8"],
        "ports": [443],
        "notPorts": [80],
    }
    found = problems(policy("egress", {"protocol": "TCP", "destination": destination}), "NPK233")
    assert sorted(p.path[-1] for p in found) == ["nets", "notPorts", "ports", "selector"]


def test_source_services_may_have_destination_ports(problems: Problems) -> None:
    rule = {"protocol": "TCP", "source": {"services": {"name": "web"}}, "destination": {"ports": [80]}}
    assert problems(policy("ingress", rule), "NPK233") == []


def test_services_in_a_global_policy_need_a_namespace(problems: Problems) -> None:
    rule = {"destination": {"services": {"name": "kubernetes"}}}
    found = problems(policy("egress", rule, kind="calicoGlobalNetworkPolicies"), "NPK233")
    assert [(p.path[-1], "namespace" in p.message) for p in found] == [("services", True)]


@pytest.mark.parametrize(
    ("direction", "rule", "bad"),
    [
        ("ingress", {"http": {"methods": ["GET"]}}, None),
        ("ingress", {"protocol": "TCP", "http": {"methods": ["GET"]}}, None),
        ("egress", {"http": {"methods": ["GET"]}}, "http"),
        ("ingress", {"action": "Deny", "http": {"methods": ["GET"]}}, "http"),
        ("ingress", {"protocol": "UDP", "http": {"methods": ["GET"]}}, "protocol"),
    ],
)
def test_http_placement(problems: Problems, direction: str, rule: dict[str, Any], bad: str | None) -> None:
    found = problems(policy(direction, rule), "NPK234")
    assert [p.path[-1] for p in found] == ([bad] if bad else [])


@pytest.mark.parametrize(
    ("direction", "rule", "bad"),
    [
        ("egress", {"destination": {"domains": ["a.example.com"]}}, []),
        ("ingress", {"destination": {"domains": ["a.example.com"]}}, ["domains"]),
        ("egress", {"action": "Deny", "destination": {"domains": ["a.example.com"]}}, ["domains"]),
        ("egress", {"destination": {"domains": ["a.example.com"], "selector": "all()"}}, ["selector"]),
    ],
)
def test_domains_placement(problems: Problems, direction: str, rule: dict[str, Any], bad: list[str]) -> None:
    values = policy(direction, rule) | {"calico": {"edition": "enterprise"}}
    assert [p.path[-1] for p in problems(values, "NPK235")] == bad
