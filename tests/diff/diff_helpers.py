"""Throwaway charts for the diff tests: a v1 chart and a v2 with known template and values changes.

Imported by name (conftest.py puts this folder on sys.path), like tests/lint/lint_helpers.py.

The chart is deliberately tiny (native NetworkPolicies and Calico NetworkPolicies from maps in
values.yaml) so each test can state exactly which objects and fields must be reported.
"""

from __future__ import annotations

import copy
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HELPERS = """\
{{- define "demo.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}
"""

NATIVE = """\
{{- range $name, $p := .Values.networkPolicies }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ $name }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "demo.labels" $ | nindent 4 }}
spec:
  {{- toYaml $p | nindent 2 }}
{{- end }}
"""

CALICO_V1 = """\
{{- range $name, $p := .Values.calicoNetworkPolicies }}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: {{ $name }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "demo.labels" $ | nindent 4 }}
spec:
  {{- toYaml $p | nindent 2 }}
{{- end }}
"""

#: The known template change of v2: every Calico policy now states its tier.
CALICO_V2 = CALICO_V1.replace("spec:\n", 'spec:\n  tier: {{ $p.tier | default "default" }}\n')

RULE_A = {"action": "Allow", "protocol": "TCP", "destination": {"ports": [5432]}}
RULE_B = {"action": "Allow", "protocol": "UDP", "destination": {"ports": [53]}}
RULE_C = {"action": "Deny", "destination": {"nets": ["169.254.169.254/32"]}}
PEER_FE = {"podSelector": {"matchLabels": {"role": "frontend"}}}
PEER_MON = {"namespaceSelector": {"matchLabels": {"team": "monitoring"}}}
DNS = {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"ports": [{"protocol": "UDP", "port": 53}]}]}

VALUES_V1: dict[str, Any] = {
    "networkPolicies": {
        "web": {
            "podSelector": {"matchLabels": {"app": "web"}},
            "ingress": [{"from": [PEER_FE], "ports": [{"protocol": "TCP", "port": 8080}]}],
        },
        "dns": DNS,
        "legacy": {"podSelector": {"matchLabels": {"app": "old"}}, "ingress": []},
    },
    "calicoNetworkPolicies": {
        "db": {"order": 100, "selector": "app == 'db'", "types": ["Egress"], "egress": [RULE_A, RULE_B, RULE_C]},
    },
}


def values_v2() -> dict[str, Any]:
    """v1 with: web gains a peer, dns renamed allow-dns, legacy removed, metrics added, db reordered."""
    values = copy.deepcopy(VALUES_V1)
    native = values["networkPolicies"]
    native["web"]["ingress"][0]["from"].append(copy.deepcopy(PEER_MON))
    native["allow-dns"] = native.pop("dns")
    del native["legacy"]
    metrics_ingress = [{"from": [copy.deepcopy(PEER_MON)]}]
    native["metrics"] = {"podSelector": {"matchLabels": {"app": "metrics"}}, "ingress": metrics_ingress}
    db = values["calicoNetworkPolicies"]["db"]
    db["order"] = 50
    db["egress"] = [RULE_C, RULE_A, RULE_B]
    return values


def write_chart(
    root: Path, *, version: str = "0.1.0", values: dict[str, Any] | None = None, calico: str = CALICO_V1
) -> Path:
    """Write the demo chart (named network-policies, so the default masks apply) under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    chart = {"apiVersion": "v2", "name": "network-policies", "version": version, "appVersion": version}
    (root / "Chart.yaml").write_text(yaml.safe_dump(chart), encoding="utf-8")
    (root / "values.yaml").write_text(yaml.safe_dump(values if values is not None else VALUES_V1), encoding="utf-8")
    templates = root / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "_helpers.tpl").write_text(HELPERS, encoding="utf-8")
    (templates / "networkpolicy.yaml").write_text(NATIVE, encoding="utf-8")
    (templates / "calico-networkpolicy.yaml").write_text(calico, encoding="utf-8")
    return root


def write_v2(root: Path) -> Path:
    return write_chart(root, version="0.2.0", values=values_v2(), calico=CALICO_V2)


Run = Callable[..., Any]


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
    }  # fmt: skip
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


_HEAD = """\
---
# Source: network-policies/templates/{template}.yaml
apiVersion: {api}
kind: {kind}
metadata:
  name: {name}{namespace}
  labels: {{helm.sh/chart: network-policies-{version}, app.kubernetes.io/version: {version}}}
spec:
"""


def _doc(kind: str, name: str, spec: str, *, version: str, namespace: str = "orders") -> str:
    native = kind == "NetworkPolicy" and "action:" not in spec
    template = "networkpolicy" if native else "calico-" + kind.lower()
    api = "networking.k8s.io/v1" if native else "projectcalico.org/v3"
    ns = f"\n  namespace: {namespace}" if namespace else ""
    head = _HEAD.format(template=template, api=api, kind=kind, name=name, namespace=ns, version=version)
    return head + "".join(f"  {line}\n" for line in spec.strip("\n").splitlines())


_DNS = """\
podSelector: {}
policyTypes: [Egress]
egress:
  - ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
"""
_FRONTEND = """\
podSelector: {matchLabels: {tier: frontend}}
policyTypes: [Ingress]
ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
    ports: [{protocol: TCP, port: 8080}%s]
"""
_LEGACY = """\
podSelector: {matchLabels: {app: batch}}
policyTypes: [Ingress]
ingress: []
"""
_DATABASE = """\
tier: default
order: %s
selector: tier == 'database'
types: [Ingress, Egress]
ingress:
  - action: Allow
    protocol: TCP
    source:
      selector: %s
    destination: {ports: [5432]}
egress:
%s"""
_RULE_HTTPS = "  - action: Allow\n    protocol: TCP\n    destination: {nets: [10.0.0.0/8], ports: [443]}\n"
_RULE_METADATA = "  - action: Deny\n    destination: {nets: [169.254.169.254/32]}\n"
_GUARDRAIL = """\
order: 10
selector: all()
types: [Egress]
egress:
  - action: Deny
    destination: {nets: [169.254.169.254/32]}
  - action: Pass
"""

#: The pull-request example of docs/diff.md: two renders of a small "orders" app (chart 0.3.0 -> 0.4.0).
EXAMPLE_OLD = "".join(
    [
        _doc("NetworkPolicy", "dns", _DNS, version="0.3.0"),
        _doc("NetworkPolicy", "frontend", _FRONTEND % "", version="0.3.0"),
        _doc("NetworkPolicy", "legacy-batch", _LEGACY, version="0.3.0"),
        _doc("NetworkPolicy", "database", _DATABASE % (100, "tier == 'backend'", _RULE_HTTPS + _RULE_METADATA),
             version="0.3.0"),
    ]
)  # fmt: skip
EXAMPLE_NEW = "".join(
    [
        _doc("NetworkPolicy", "allow-dns", _DNS, version="0.4.0"),
        _doc("NetworkPolicy", "frontend", _FRONTEND % ", {protocol: TCP, port: 8443}", version="0.4.0"),
        _doc("NetworkPolicy", "database",
             _DATABASE % (50, "tier in {'backend', 'batch'}", _RULE_METADATA + _RULE_HTTPS), version="0.4.0"),
        _doc("GlobalNetworkPolicy", "deny-cloud-metadata", _GUARDRAIL, version="0.4.0", namespace=""),
    ]
)  # fmt: skip


def example_result() -> Any:
    """The docs/diff.md example: `netpolkit diff git:main -f values/orders.yaml` as a PR would run it."""
    from dataclasses import replace

    from netpolkit.diff import Change, ValueChange, diff_manifests
    from netpolkit.manifests import DEFAULT_MASKS
    from netpolkit.problems import Location

    labels = ("git:main", "charts/network-policies")
    result = diff_manifests(EXAMPLE_OLD, EXAMPLE_NEW, masks=DEFAULT_MASKS, labels=labels)
    values = (
        ValueChange(("calicoNetworkPolicies", "database", "order"), Change.CHANGED, 100, 50,
                    Location("values/orders.yaml", 31, 12), Location("values/orders.yaml", 31, 12)),
        ValueChange(("networkPolicies", "legacy-batch", "enabled"), Change.CHANGED, True, False,
                    Location("values/orders.yaml", 19, 14), Location("values/orders.yaml", 19, 14)),
    )  # fmt: skip
    return replace(result, values=values)


def wide_policy(name: str, *, port: int = 80, extra_peer: bool = False) -> dict[str, Any]:
    """A policy with enough fields that one changed port leaves it mostly the same."""
    body: dict[str, Any] = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": name, "namespace": "team-a"},
    }
    rule = {
        "from": [{"podSelector": {"matchLabels": {"app": "web", "tier": "frontend"}}}],
        "ports": [
            {"protocol": "TCP", "port": port},
            {"protocol": "TCP", "port": 8443},
            {"protocol": "UDP", "port": 53},
        ],
    }
    if extra_peer:
        rule["from"].append({"namespaceSelector": {"matchLabels": {"team": "ops"}}})
    body["spec"] = {"podSelector": {"matchLabels": {"app": "api"}}, "policyTypes": ["Ingress"], "ingress": [rule]}
    return body
