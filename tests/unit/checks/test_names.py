"""NPK260-NPK262: rendered object names, label/annotation keys and values, name clashes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from netpolkit.checks.names import label_key_problem, label_value_problem, name_problem
from netpolkit.problems import Problem

Problems = Callable[..., list[Problem]]


@pytest.mark.parametrize(
    ("name", "rule", "ok"),
    [
        ("web", "subdomain", True),
        ("web.v2.example", "subdomain", True),
        ("Web", "subdomain", False),
        ("a" * 253, "subdomain", True),
        ("a" * 254, "subdomain", False),
        ("sec.web", "calico-policy", True),
        ("sec.web.v2", "calico-policy", False),
        ("knp.default.web", "calico-policy", False),
        ("tier-1", "label", True),
        ("tier.1", "label", False),
        ("a" * 64, "label", False),
    ],
)
def test_name_rules(name: str, rule: str, ok: bool) -> None:
    assert (name_problem(name, rule) is None) is ok


def test_prefix_makes_a_name_too_long(problems: Problems) -> None:
    values = {"namePrefix": "team-a-", "networkPolicies": {"a" * 250: {}}}
    found = problems(values, "NPK260")
    assert [p.path for p in found] == [("networkPolicies", "a" * 250)]
    assert "257 characters" in found[0].message


def test_name_override_is_reported_at_name(problems: Problems) -> None:
    values = {"scope": "cluster", "tiers": {"t": {"name": "a" * 60, "order": 1}}, "namePrefix": "team-a-"}
    assert [p.path for p in problems(values, "NPK260")] == [("tiers", "t", "name")]


def test_tier_prefix_adds_a_dot(problems: Problems) -> None:
    values = {
        "calico": {"tierPrefixedNames": True},
        "calicoNetworkPolicies": {"web.v2": {"tier": "sec"}, "ok": {"tier": "sec"}},
    }
    found = problems(values, "NPK260")
    assert [p.path for p in found] == [("calicoNetworkPolicies", "web.v2")]
    assert "'sec.web.v2'" in found[0].message


def test_tier_prefix_not_added_twice_or_for_default(problems: Problems) -> None:
    values = {
        "calico": {"tierPrefixedNames": True},
        "calicoNetworkPolicies": {"sec.web": {"tier": "sec"}, "a.b": {"tier": "default"}},
    }
    assert problems(values, "NPK260") == []


def test_preset_names(problems: Problems) -> None:
    values = {"namePrefix": "x" * 60, "presets": {"allowDNS": {"enabled": True, "name": "y" * 200}}}
    assert [p.path for p in problems(values, "NPK260")] == [("presets", "allowDNS", "enabled")]


@pytest.mark.parametrize(
    ("key", "ok"),
    [
        ("app", True),
        ("app.kubernetes.io/name", True),
        ("a/b/c", False),
        ("/name", False),
        ("example.com/", False),
        ("Example.com/name", False),
        ("a" * 253 + "/name", True),
        ("a" * 254 + "/name", False),
        ("n" * 63, True),
        ("n" * 64, False),
        ("-app", False),
        ("app name", False),
    ],
)
def test_label_keys(key: str, ok: bool) -> None:
    assert (label_key_problem(key) is None) is ok


@pytest.mark.parametrize(
    ("value", "ok"), [("", True), ("v1.2_3-x", True), ("v" * 64, False), ("a b", False), ("-a", False)]
)
def test_label_values(value: str, ok: bool) -> None:
    assert (label_value_problem(value) is None) is ok


def test_labels_everywhere(problems: Problems) -> None:
    long_prefix = "a" * 254
    values: dict[str, Any] = {
        "commonLabels": {f"{long_prefix}/x": "v"},
        "commonAnnotations": {"Example.COM/Note": "anything at all", "bad key": "x"},
        "networkPolicies": {
            "n": {
                "labels": {"team": "platform team"},
                "podSelector": {
                    "matchLabels": {"app": "-web"},
                    "matchExpressions": [{"key": "a b", "operator": "Exists"}],
                },
                "ingress": [
                    {
                        "from": [
                            {
                                "namespaceSelector": {
                                    "matchExpressions": [{"key": "x", "operator": "In", "values": ["ok", "no way"]}]
                                }
                            }
                        ]
                    }
                ],
            }
        },
    }
    found = sorted(p.path for p in problems(values, "NPK261"))
    assert found == [
        ("commonAnnotations", "bad key"),
        ("commonLabels", f"{long_prefix}/x"),
        ("networkPolicies", "n", "ingress", 0, "from", 0, "namespaceSelector", "matchExpressions", 0, "values", 1),
        ("networkPolicies", "n", "labels", "team"),
        ("networkPolicies", "n", "podSelector", "matchExpressions", 0, "key"),
        ("networkPolicies", "n", "podSelector", "matchLabels", "app"),
    ]


def test_two_entries_one_name(problems: Problems) -> None:
    values = {"networkPolicies": {"web": {}, "api": {"name": "web"}}}
    found = problems(values, "NPK262")
    assert [p.path for p in found] == [("networkPolicies", "api", "name")]
    assert found[0].message == "networkPolicies.api renders NetworkPolicy 'web', the same name as networkPolicies.web"


def test_same_name_in_different_kinds_is_fine(problems: Problems) -> None:
    values = {"networkPolicies": {"web": {}}, "calicoNetworkPolicies": {"web": {}}, "networkSets": {"web": {}}}
    assert problems(values, "NPK262") == []


def test_preset_clashes_with_an_entry(problems: Problems) -> None:
    values = {"presets": {"allowDNS": {"enabled": True}}, "networkPolicies": {"allow-dns": {}}}
    found = problems(values, "NPK262")
    assert [p.path for p in found] == [("networkPolicies", "allow-dns")]  # presets come first, as in the chart
    assert "the same name as presets.allowDNS" in found[0].message


def test_calico_preset_does_not_clash_with_a_native_entry(problems: Problems) -> None:
    values = {"presets": {"allowDNS": {"enabled": True, "api": "calico"}}, "networkPolicies": {"allow-dns": {}}}
    assert problems(values, "NPK262") == []


def test_tier_prefix_can_create_a_clash(problems: Problems) -> None:
    values = {
        "calico": {"tierPrefixedNames": True},
        "calicoNetworkPolicies": {"web": {"tier": "sec"}, "sec.web": {"tier": "sec"}},
    }
    assert len(problems(values, "NPK262")) == 1


def test_extra_object_clash(problems: Problems) -> None:
    extra = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web"}}
    values = {"networkPolicies": {"web": {}}, "extraObjects": {"legacy": extra}}
    assert [p.path for p in problems(values, "NPK262")] == [("extraObjects", "legacy", "metadata", "name")]


def test_preset_tier_declared_in_tiers_is_not_a_clash(problems: Problems) -> None:
    # The chart renders the denyCloudMetadata Tier only when `tiers` does not declare it.
    values = {
        "scope": "cluster",
        "presets": {"denyCloudMetadata": {"enabled": True, "api": "calico", "tier": "guard"}},
        "tiers": {"guard": {"order": 100, "defaultAction": "Pass"}},
    }
    assert problems(values, "NPK262") == []


def test_staged_kubernetes_policy_names_allow_one_dot(problems: Problems) -> None:
    values = {"stagedKubernetesNetworkPolicies": {"a.b": {}, "a.b.c": {}}}
    assert [p.path for p in problems(values, "NPK260")] == [("stagedKubernetesNetworkPolicies", "a.b.c")]


def test_empty_preset_name_falls_back_to_the_key(problems: Problems) -> None:
    found = problems({"presets": {"defaultDeny": {"enabled": True, "name": ""}}}, "NPK260")
    assert [p.path for p in found] == [("presets", "defaultDeny", "enabled")]
    assert "'defaultDeny'" in found[0].message


def test_label_key_problems_point_at_the_key(problems: Problems) -> None:
    found = problems({"commonLabels": {"bad key": "ok", "good": "bad value"}}, "NPK261")
    assert sorted((p.path[-1], p.on_key) for p in found) == [("bad key", True), ("good", False)]
