"""The shared walks of `checks.model.Context` list the same rules as looking at every rule."""

from __future__ import annotations

import random
from typing import Any

import pytest

from netpolkit.checks.model import Context

_RULE_KEYS = ["action", "protocol", "icmp", "notICMP", "ipVersion", "http", "metadata", "source", "destination"]
_ENTITY_KEYS = ["selector", "namespaceSelector", "nets", "ports", "notPorts", "services", "domains", "serviceAccounts"]
_QUERIES = [
    ("icmp", "notICMP"),
    ("ipVersion",),
    ("http",),
    ("source.services", "destination.services"),
    ("destination.domains",),
    ("source.domains", "destination.domains", "http"),
    ("source.nets", "action"),
    ("destination.ports",),
    ("destination.notPorts", "destination.ports"),
]


def _rule(rng: random.Random) -> dict[str, Any]:
    rule: dict[str, Any] = {key: rng.choice([None, 1, "x"]) for key in rng.sample(_RULE_KEYS, rng.randint(0, 4))}
    for side in ("source", "destination"):
        if side in rule and rng.random() < 0.8:
            rule[side] = {key: rng.choice([None, [], "x"]) for key in rng.sample(_ENTITY_KEYS, rng.randint(0, 3))}
    return rule


@pytest.mark.parametrize("seed", range(10))
def test_calico_rules_with_lists_every_rule_that_has_a_key(seed: int) -> None:
    rng = random.Random(seed)
    policies = {f"p{i}": {"ingress": [_rule(rng) for _ in range(rng.randint(0, 12))]} for i in range(20)}
    ctx = Context({"calicoNetworkPolicies": policies})
    rules = list(ctx.all_calico_rules())
    for keys in _QUERIES:

        def has(rule: Any, keys: tuple[str, ...] = keys) -> bool:
            return any(
                key in rule.rule or ("." in key and key.split(".")[1] in rule.side(key.split(".")[0])) for key in keys
            )

        assert [r.path for r in ctx.calico_rules_with(*keys)] == [r.path for r in rules if has(r)], keys
