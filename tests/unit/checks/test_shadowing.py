"""NPK304's index of earlier rules finds exactly what comparing every pair of rules finds."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from netpolkit.checks._shadowing import Criteria, Key, Shadows, shadows
from netpolkit.problems import Problem

Problems = Callable[..., list[Problem]]

#: Criterion values, with the awkward ones: equal values of other types (4, 4.0, True), NaN (not
#: equal to itself), empty and overlapping OR-lists, and values that cannot be hashed.
_VALUES: dict[Key, list[Any]] = {
    ("protocol",): [6, 17, "gre", None],
    ("ipVersion",): [4, 6, 4.0, True, float("nan")],
    ("destination", "nets"): [
        frozenset(),
        frozenset({"a"}),
        frozenset({"a", "b"}),
        frozenset({"b"}),
        frozenset({"a", "b", "c"}),
        "a",
        ("x",),
    ],
    ("destination", "ports"): [frozenset({1}), frozenset({1, 2}), frozenset({2}), frozenset(), 1],
    ("source", "peer"): [("selector", "a"), ("selector", "b"), (None, "x")],
    ("http", "methods"): [frozenset({"GET"}), frozenset({"GET", "PUT"}), frozenset()],
    ("source", "odd"): [{1}, [1], frozenset({1}), 1],
    ("destination", "domains"): [{"a"}, frozenset({"a"}), frozenset({"a", "b"}), [1]],
}


def _pairwise(earlier: list[tuple[int, Criteria]], criteria: Criteria) -> int | None:
    return next((rule for rule, prior in earlier if shadows(prior, criteria)), None)


@pytest.mark.parametrize("seed", range(40))
def test_the_index_agrees_with_comparing_every_pair(seed: int) -> None:
    rng = random.Random(seed)
    keys = rng.sample(sorted(_VALUES), rng.randint(1, len(_VALUES)))
    index: Shadows[int] = Shadows()
    earlier: list[tuple[int, Criteria]] = []
    for position in range(rng.randint(Shadows.LINEAR_LIMIT, 80)):
        chosen = rng.sample(keys, rng.randint(0, min(4, len(keys))))
        criteria = {key: rng.choice(_VALUES[key]) for key in chosen}
        assert index.first(criteria) == _pairwise(earlier, criteria), (seed, position, criteria)
        if rng.random() < 0.8:  # not every rule is terminal
            index.add(position, criteria)
            earlier.append((position, criteria))


def test_a_long_allow_list_reports_like_a_short_one(problems: Problems) -> None:
    """More rules than `Shadows.LINEAR_LIMIT`: the indexed path names the same earlier rules."""
    rules: list[dict[str, Any]] = [
        {"action": "Allow", "protocol": "TCP", "destination": {"nets": [f"10.{i}.0.0/16"], "ports": [443]}}
        for i in range(40)
    ]
    rules += [
        {"action": "Allow", "protocol": "TCP", "destination": {"nets": ["10.7.0.0/16"], "ports": [443]}},
        {"action": "Deny", "protocol": "TCP", "destination": {"nets": ["10.3.0.0/16", "10.99.0.0/16"], "ports": [443]}},
        {"action": "Log"},
        {"action": "Allow"},
        {"action": "Deny", "protocol": "UDP", "destination": {"ports": [53]}},
    ]
    found = problems({"calicoNetworkPolicies": {"p": {"egress": rules}}}, "NPK304")
    assert [(p.path[-1], p.message.split(":")[1].split("(")[0].strip()) for p in found] == [
        (40, "egress[7]"),
        (44, "egress[43]"),
    ]
