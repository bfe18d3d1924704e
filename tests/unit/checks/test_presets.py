"""NPK270-NPK276: preset settings that cannot render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from netpolkit.checks.model import PRESET_KEYS
from netpolkit.problems import Problem

Problems = Callable[..., list[Problem]]


@pytest.mark.parametrize("preset", [k for k in PRESET_KEYS if k != "allowSameNamespace"])
def test_native_presets_need_a_namespace_install(problems: Problems, preset: str) -> None:
    values = {"scope": "cluster", "presets": {preset: {"enabled": True, "api": "native", "cidrs": ["10.0.0.1/32"]}}}
    assert [p.path for p in problems(values, "NPK270")] == [("presets", preset, "enabled")]
    values["scope"] = "namespace"
    assert problems(values, "NPK270") == []


def test_disabled_presets_are_not_checked(problems: Problems) -> None:
    assert problems({"scope": "cluster"}, "NPK270") == []


@pytest.mark.parametrize("api", ["native", "calico"])
def test_allow_same_namespace_in_cluster(problems: Problems, api: str) -> None:
    values = {"scope": "cluster", "presets": {"allowSameNamespace": {"enabled": True, "api": api}}}
    found = problems(values)
    assert [(p.code, p.path) for p in found if p.code.startswith("NPK27")] == [
        ("NPK271", ("presets", "allowSameNamespace", "enabled"))
    ]


@pytest.mark.parametrize(
    ("preset", "bad"),
    [
        ({"enabled": True}, True),  # chart default: api native, cidrs []
        ({"enabled": True, "cidrs": ["10.0.0.1/32"]}, False),
        ({"enabled": True, "api": "calico"}, False),
    ],
)
def test_kube_apiserver_native_needs_cidrs(problems: Problems, preset: dict[str, Any], bad: bool) -> None:
    found = problems({"presets": {"allowKubeAPIServer": preset}}, "NPK272")
    assert [p.path for p in found] == ([("presets", "allowKubeAPIServer", "enabled")] if bad else [])


@pytest.mark.parametrize(("tier", "bad"), [("default", True), ("", True), ("guardrails", False), (None, False)])
def test_cloud_metadata_tier(problems: Problems, tier: str | None, bad: bool) -> None:
    preset: dict[str, Any] = {"enabled": True, "api": "calico"}
    if tier is not None:
        preset["tier"] = tier
    found = problems({"presets": {"denyCloudMetadata": preset}}, "NPK273")
    assert [p.path for p in found] == ([("presets", "denyCloudMetadata", "tier")] if bad else [])


def test_cloud_metadata_native_needs_no_tier(problems: Problems) -> None:
    assert problems({"presets": {"denyCloudMetadata": {"enabled": True, "tier": "default"}}}, "NPK273") == []


@pytest.mark.parametrize(
    ("ingress", "egress", "bad"), [(False, False, True), (True, False, False), (False, True, False)]
)
def test_default_deny_needs_a_direction(problems: Problems, ingress: bool, egress: bool, bad: bool) -> None:
    values = {"presets": {"defaultDeny": {"enabled": True, "ingress": ingress, "egress": egress}}}
    assert len(problems(values, "NPK274")) == int(bad)


def test_native_preset_with_selector_string(problems: Problems) -> None:
    values = {
        "presets": {
            "allowDNS": {"enabled": True, "podSelector": "app == 'web'"},
            "allowFromMonitoring": {"enabled": True, "api": "calico", "podSelector": "app == 'web'"},
        }
    }
    assert [p.path for p in problems(values, "NPK275")] == [("presets", "allowDNS", "podSelector")]


def test_a_preset_setting_removed_with_null_is_reported_at_the_null(problems: Problems) -> None:
    values = {"presets": {"allowDNS": {"enabled": True, "ports": None}, "defaultDeny": {"enabled": False}}}
    assert [p.path for p in problems(values, "NPK276")] == [("presets", "allowDNS", "ports")]
    assert problems({"presets": {"allowDNS": {"enabled": True, "ports": [53]}}}, "NPK276") == []


def test_required_settings_are_the_charts() -> None:
    """The Python table and the chart's `network-policies.presets.required` say the same."""
    import json
    import re
    from pathlib import Path

    from netpolkit.checks.presets import REQUIRED_SETTINGS

    tpl = Path(__file__).resolve().parents[3] / "charts/network-policies/templates/lib/_presets.tpl"
    body = re.search(r'define "network-policies.presets.required" -}}\n(.*?)\n', tpl.read_text()).group(1)
    assert {k: tuple(v) for k, v in json.loads(body).items()} == REQUIRED_SETTINGS
    assert set(REQUIRED_SETTINGS) == set(PRESET_KEYS)
