"""NPK280-NPK282: HostEndpoint identity, Kubernetes peer shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from netpolkit.problems import Problem

Problems = Callable[..., list[Problem]]


@pytest.mark.parametrize(
    ("spec", "bad"),
    [
        ({"interfaceName": "eth0"}, False),
        ({"interfaceName": "*"}, False),
        ({"expectedIPs": ["10.0.0.1"]}, False),
        ({}, True),
        ({"interfaceName": "", "expectedIPs": []}, True),
    ],
)
def test_host_endpoint_identity(problems: Problems, spec: dict[str, Any], bad: bool) -> None:
    values = {"scope": "cluster", "hostEndpoints": {"h": {"node": "n1", **spec}}}
    assert [p.path for p in problems(values, "NPK280")] == ([("hostEndpoints", "h")] if bad else [])


def native(peers: list[Any], direction: str = "ingress") -> dict[str, Any]:
    key = "from" if direction == "ingress" else "to"
    return {"networkPolicies": {"n": {direction: [{key: peers}]}}}


def test_ip_block_with_selectors(problems: Problems) -> None:
    peers = [{"ipBlock": {"cidr": "10.0.0.0/8"}, "podSelector": {}, "namespaceSelector": {}}, {"podSelector": {}}]
    found = problems(native(peers, "egress"), "NPK281")
    assert [p.path[-2:] for p in found] == [(0, "podSelector"), (0, "namespaceSelector")]


def test_selectors_together_are_fine(problems: Problems) -> None:
    assert problems(native([{"podSelector": {}, "namespaceSelector": {}}]), "NPK281") == []


def test_empty_peer(problems: Problems) -> None:
    found = problems(native([{"podSelector": {}}, {}]), "NPK282")
    assert [p.path for p in found] == [("networkPolicies", "n", "ingress", 0, "from", 1)]


def test_empty_selector_is_not_an_empty_peer(problems: Problems) -> None:
    assert problems(native([{"namespaceSelector": {}}]), "NPK282") == []
