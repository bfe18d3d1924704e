"""Every preset, as each API renders it, pinned by reviewed snapshots through netpolkit's own
pytest plugin (`netpolkit_render`, `netpolkit_snapshot`; update with `--netpolkit-update`)."""

from __future__ import annotations

from typing import Any

import pytest

from netpolkit.checks.model import PRESET_KEYS as PRESETS  # a new preset gets snapshots too

EXTRA: dict[str, dict[str, Any]] = {"allowKubeAPIServer": {"cidrs": ["10.0.0.1/32"]}}


@pytest.mark.parametrize("api", ["native", "calico"])
@pytest.mark.parametrize("preset", PRESETS)
def test_namespace_preset(netpolkit_render: Any, netpolkit_snapshot: Any, preset: str, api: str) -> None:
    values = {"presets": {preset: {"enabled": True, "api": api, **EXTRA.get(preset, {})}}}
    resources = netpolkit_render(values, namespace="team-a")
    kind = "NetworkPolicy"
    assert [(r.identity.kind, r.identity.namespace) for r in resources] == [(kind, "team-a")]
    assert resources[0].body["metadata"]["labels"]["netpolkit.io/preset"] == preset
    assert netpolkit_snapshot == resources


@pytest.mark.parametrize("preset", [p for p in PRESETS if p != "allowSameNamespace"])
def test_cluster_preset(netpolkit_render: Any, netpolkit_snapshot: Any, preset: str) -> None:
    values = {"scope": "cluster", "presets": {preset: {"enabled": True, "api": "calico"}}}
    resources = netpolkit_render(values)
    kinds = sorted(r.identity.kind for r in resources)
    assert kinds == (["GlobalNetworkPolicy", "Tier"] if preset == "denyCloudMetadata" else ["GlobalNetworkPolicy"])
    assert netpolkit_snapshot == resources
