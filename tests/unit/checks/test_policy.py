"""NPK240-NPK243: doNotTrack/preDNAT/applyOnForward, built-in tiers, staged Delete, Pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from netpolkit.problems import Problem

Problems = Callable[..., list[Problem]]


def gnp(**spec: Any) -> dict[str, Any]:
    return {"scope": "cluster", "calicoGlobalNetworkPolicies": {"g": {"selector": "all()", **spec}}}


@pytest.mark.parametrize(
    ("spec", "bad"),
    [
        ({"doNotTrack": True, "applyOnForward": True}, []),
        ({"preDNAT": True, "applyOnForward": True}, []),
        ({"doNotTrack": True}, ["doNotTrack"]),
        ({"preDNAT": True, "applyOnForward": False}, ["preDNAT"]),
        ({"doNotTrack": True, "preDNAT": True, "applyOnForward": True}, ["preDNAT"]),
        ({"preDNAT": True, "applyOnForward": True, "egress": [{"action": "Deny"}]}, ["egress"]),
        ({"preDNAT": True, "applyOnForward": True, "types": ["Ingress", "Egress"]}, ["types"]),
        ({"applyOnForward": True}, []),
    ],
)
def test_raw_table_flags(problems: Problems, spec: dict[str, Any], bad: list[str]) -> None:
    assert [p.path[2] for p in problems(gnp(**spec), "NPK240")] == bad


def test_pre_dnat_egress_type_points_at_the_item(problems: Problems) -> None:
    found = problems(gnp(preDNAT=True, applyOnForward=True, types=["Ingress", "Egress"]), "NPK240")
    assert [p.path for p in found] == [("calicoGlobalNetworkPolicies", "g", "types", 1)]


@pytest.mark.parametrize(
    ("name", "spec", "bad"),
    [
        ("default", {"order": 1000000, "defaultAction": "Deny"}, []),
        ("default", {"order": 10}, ["order"]),
        ("default", {"defaultAction": "Pass"}, ["defaultAction"]),
        ("kube-admin", {"defaultAction": "Deny"}, ["defaultAction"]),
        ("kube-baseline", {"order": 10000000.0, "defaultAction": "Pass"}, []),
        ("security", {"order": 10, "defaultAction": "Deny"}, []),
    ],
)
def test_builtin_tiers(problems: Problems, name: str, spec: dict[str, Any], bad: list[str]) -> None:
    found = problems({"scope": "cluster", "tiers": {name: spec}}, "NPK241")
    assert [p.path[-1] for p in found] == bad


def test_builtin_tier_through_name_and_prefix(problems: Problems) -> None:
    assert problems({"scope": "cluster", "tiers": {"t": {"name": "default", "order": 5}}}, "NPK241")
    prefixed = {"scope": "cluster", "namePrefix": "x-", "tiers": {"default": {"order": 5}}}
    assert problems(prefixed, "NPK241") == []  # renders tier x-default, not the built-in


@pytest.mark.parametrize(
    ("kind", "spec", "bad"),
    [
        ("stagedNetworkPolicies", {"stagedAction": "Delete", "tier": "security"}, []),
        ("stagedNetworkPolicies", {"stagedAction": "Delete", "order": 10, "selector": "all()"}, ["order", "selector"]),
        ("stagedNetworkPolicies", {"stagedAction": "Set", "selector": "all()"}, []),
        (
            "stagedKubernetesNetworkPolicies",
            {"stagedAction": "Delete", "podSelector": {"matchLabels": {"a": "b"}}},
            ["podSelector"],
        ),
        ("stagedKubernetesNetworkPolicies", {"stagedAction": "Delete", "ingress": [], "labels": {"a": "b"}}, []),
        ("calicoNetworkPolicies", {"selector": "all()"}, []),
    ],
)
def test_staged_delete(problems: Problems, kind: str, spec: dict[str, Any], bad: list[str]) -> None:
    found = problems({kind: {"s": spec}}, "NPK242")
    assert [p.path[-1] for p in found] == bad


@pytest.mark.parametrize(
    ("tiers", "tier", "bad"),
    [
        ({"sec": {"defaultAction": "Pass"}}, "sec", True),
        ({"sec": {"order": 20000000, "defaultAction": "Pass"}}, "sec", True),
        ({"sec": {"order": 10000000, "defaultAction": "Pass"}}, "sec", True),
        ({"sec": {"order": 9999999, "defaultAction": "Pass"}}, "sec", False),
        ({"sec": {"order": 100, "defaultAction": "Pass"}}, "sec", False),
        ({}, "kube-baseline", True),
        ({}, "default", False),
        ({}, "external", False),
    ],
)
def test_pass_to_nowhere(problems: Problems, tiers: dict[str, Any], tier: str, bad: bool) -> None:
    values = {
        "scope": "cluster",
        "tiers": tiers,
        "calicoGlobalNetworkPolicies": {"g": {"tier": tier, "ingress": [{"action": "Pass"}]}},
    }
    found = problems(values, "NPK243")
    assert [p.path for p in found] == ([("calicoGlobalNetworkPolicies", "g", "ingress", 0, "action")] if bad else [])


def test_pass_from_the_cloud_metadata_preset_tier(problems: Problems) -> None:
    values: dict[str, Any] = {
        "scope": "cluster",
        "presets": {"denyCloudMetadata": {"enabled": True, "api": "calico", "tier": "guard", "tierOrder": None}},
        "calicoGlobalNetworkPolicies": {"g": {"tier": "guard", "ingress": [{"action": "Pass"}]}},
    }
    assert len(problems(values, "NPK243")) == 1
    values["presets"]["denyCloudMetadata"]["tierOrder"] = 100
    assert problems(values, "NPK243") == []


def test_pass_tier_names_include_the_name_prefix(problems: Problems) -> None:
    values = {
        "scope": "cluster",
        "namePrefix": "x-",
        "tiers": {"sec": {"defaultAction": "Pass"}},
        "calicoGlobalNetworkPolicies": {"g": {"tier": "x-sec", "ingress": [{"action": "Pass"}]}},
    }
    assert len(problems(values, "NPK243")) == 1
