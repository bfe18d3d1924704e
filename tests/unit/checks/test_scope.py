"""NPK250-NPK251: kinds of the other install scope, Enterprise-only fields under oss."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from netpolkit.kinds import KINDS, Kind
from netpolkit.problems import Problem

Problems = Callable[..., list[Problem]]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.values_key)
@pytest.mark.parametrize("scope", ["namespace", "cluster"])
def test_each_kind_renders_in_one_scope(problems: Problems, kind: Kind, scope: str) -> None:
    values_key = kind.values_key
    found = problems({"scope": scope, values_key: {"x": {"enabled": True}}}, "NPK250")
    wrong = kind.scope != scope
    assert [p.path for p in found] == ([(values_key, "x")] if wrong else [])


def test_disabled_entry_of_the_other_scope_is_fine(problems: Problems) -> None:
    assert problems({"scope": "namespace", "tiers": {"t": {"enabled": False}}}, "NPK250") == []


def test_enterprise_fields_under_oss(problems: Problems) -> None:
    values = """
    calico: {edition: EDITION}
    calicoNetworkPolicies:
      p:
        egress:
          - action: Allow
            destination: {domains: [a.example.com]}
        ingress:
          - action: Allow
            http: {headers: [{header: x, operator: Exists}]}
    networkSets:
      s: {allowedEgressDomains: [b.example.com]}
    """
    found = sorted(p.path for p in problems(values.replace("EDITION", "oss"), "NPK251"))
    assert found == [
        ("calicoNetworkPolicies", "p", "egress", 0, "destination", "domains"),
        ("calicoNetworkPolicies", "p", "ingress", 0, "http", "headers"),
        ("networkSets", "s", "allowedEgressDomains"),
    ]
    assert problems(values.replace("EDITION", "enterprise"), "NPK251") == []
