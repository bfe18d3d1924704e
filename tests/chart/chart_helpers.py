"""Helpers shared by the chart test modules (importable by name: see conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CHART = Path(__file__).resolve().parents[2] / "charts" / "network-policies"
CALICO = "projectcalico.org/v3"
NATIVE = "networking.k8s.io/v1"

_CHART_META: dict[str, Any] = yaml.safe_load((CHART / "Chart.yaml").read_text(encoding="utf-8"))


def standard_labels(release: str = "np") -> dict[str, str]:
    """The labels every rendered object carries before commonLabels and the entry's labels."""
    return {
        "app.kubernetes.io/name": "network-policies",
        "app.kubernetes.io/instance": release,
        "app.kubernetes.io/managed-by": "Helm",
        "app.kubernetes.io/version": str(_CHART_META["appVersion"]),
        "helm.sh/chart": f"network-policies-{_CHART_META['version']}",
    }


def find(objs: list[dict[str, Any]], kind: str, name: str, api_version: str | None = None) -> dict[str, Any]:
    """The one rendered object of this kind (and apiVersion) and name; fails loudly otherwise."""
    hits = [
        o
        for o in objs
        if o["kind"] == kind
        and o["metadata"]["name"] == name
        and (api_version is None or o["apiVersion"] == api_version)
    ]
    assert len(hits) == 1, f"expected one {kind}/{name}, got {[(o['kind'], o['metadata']['name']) for o in objs]}"
    return hits[0]


def ids(objs: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(apiVersion, kind, name) of every rendered object, in render_chart's (sorted) order."""
    return [(o["apiVersion"], o["kind"], o["metadata"]["name"]) for o in objs]
