"""Names (namePrefix, `name`, tier prefix), labels and annotations, and helm 3 / helm 4 parity."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from chart_helpers import CALICO, CHART, find, ids, standard_labels

from netpolkit.helm import pinned_helm


def test_name_prefix_and_name_override(render_chart, helm_major):
    objs = render_chart(
        {
            "namePrefix": "shop-",
            "networkPolicies": {"web": {}, "key-ignored": {"name": "api"}},
            "networkSets": {"partners": {"nets": []}},
            "presets": {"defaultDeny": {"enabled": True, "name": "deny-all"}},
        },
        helm_major=helm_major,
    )
    assert ids(objs) == [
        ("networking.k8s.io/v1", "NetworkPolicy", "shop-api"),
        ("networking.k8s.io/v1", "NetworkPolicy", "shop-deny-all"),
        ("networking.k8s.io/v1", "NetworkPolicy", "shop-web"),
        (CALICO, "NetworkSet", "shop-partners"),
    ]


def test_name_prefix_skips_tiers_so_policies_still_reference_them(render_chart, helm_major):
    objs = render_chart(
        {
            "scope": "cluster",
            "namePrefix": "p-",
            "tiers": {"security": {"order": 100}},
            "calicoGlobalNetworkPolicies": {"lockdown": {"tier": "security", "selector": "all()"}},
        },
        helm_major=helm_major,
    )
    assert ids(objs) == [(CALICO, "GlobalNetworkPolicy", "p-lockdown"), (CALICO, "Tier", "security")]
    assert find(objs, "GlobalNetworkPolicy", "p-lockdown")["spec"]["tier"] == "security"


def test_tier_prefixed_names(render_chart, helm_major):
    entries = {
        "in-tier": {"tier": "security"},
        "already": {"tier": "security", "name": "security.already"},
        "default-tier": {"tier": "default"},
        "no-tier": {},
    }
    on = render_chart(
        {
            "calico": {"tierPrefixedNames": True},
            "calicoNetworkPolicies": entries,
            "stagedNetworkPolicies": {"staged": {"tier": "security"}},
            "stagedKubernetesNetworkPolicies": {"sknp": {"stagedAction": "Set"}},
        },
        helm_major=helm_major,
    )
    assert ids(on) == [
        (CALICO, "NetworkPolicy", "default-tier"),
        (CALICO, "NetworkPolicy", "no-tier"),
        (CALICO, "NetworkPolicy", "security.already"),
        (CALICO, "NetworkPolicy", "security.in-tier"),
        (CALICO, "StagedKubernetesNetworkPolicy", "sknp"),
        (CALICO, "StagedNetworkPolicy", "security.staged"),
    ]
    # The tier prefix goes before namePrefix.
    prefixed = render_chart(
        {
            "namePrefix": "a-",
            "calico": {"tierPrefixedNames": True},
            "calicoNetworkPolicies": {"x": {"tier": "security"}, "y": {"tier": "default"}},
        }
    )
    assert ids(prefixed) == [(CALICO, "NetworkPolicy", "a-y"), (CALICO, "NetworkPolicy", "security.a-x")]

    cluster = render_chart(
        {
            "scope": "cluster",
            "calico": {"tierPrefixedNames": True},
            "calicoGlobalNetworkPolicies": {"g": {"tier": "platform"}},
            "stagedGlobalNetworkPolicies": {"s": {"tier": "platform"}},
            "presets": {"denyCloudMetadata": {"enabled": True, "api": "calico"}},
        },
        helm_major=helm_major,
    )
    assert ids(cluster) == [
        (CALICO, "GlobalNetworkPolicy", "netpolkit-guardrails.deny-cloud-metadata"),
        (CALICO, "GlobalNetworkPolicy", "platform.g"),
        (CALICO, "StagedGlobalNetworkPolicy", "platform.s"),
        (CALICO, "Tier", "netpolkit-guardrails"),
    ]

    off = render_chart({"calicoNetworkPolicies": entries})
    assert sorted(o["metadata"]["name"] for o in off) == ["default-tier", "in-tier", "no-tier", "security.already"]


def test_labels_and_annotations_precedence(render_chart, helm_major):
    objs = render_chart(
        {
            "commonLabels": {"team": "shop", "env": "prod", "app.kubernetes.io/name": "overridden-by-common"},
            "commonAnnotations": {"owner": "shop", "ticket": "NET-1"},
            "networkPolicies": {
                "web": {"labels": {"env": "canary", "extra": "yes"}, "annotations": {"ticket": "NET-2"}},
                "plain": {},
            },
            "presets": {"allowDNS": {"enabled": True}},
        },
        release="shop-np",
        helm_major=helm_major,
    )
    web = find(objs, "NetworkPolicy", "web")
    assert web["metadata"] == {
        "name": "web",
        "namespace": "team-a",
        "labels": {
            **standard_labels("shop-np"),
            "app.kubernetes.io/name": "overridden-by-common",
            "team": "shop",
            "env": "canary",
            "extra": "yes",
        },
        "annotations": {"owner": "shop", "ticket": "NET-2"},
    }
    assert find(objs, "NetworkPolicy", "plain")["metadata"]["annotations"] == {"owner": "shop", "ticket": "NET-1"}
    dns = find(objs, "NetworkPolicy", "allow-dns")["metadata"]["labels"]
    assert dns["netpolkit.io/preset"] == "allowDNS" and dns["team"] == "shop"


def test_no_annotations_key_without_annotations(render_chart):
    objs = render_chart({"networkPolicies": {"web": {}}})
    assert objs[0]["metadata"] == {"name": "web", "namespace": "team-a", "labels": standard_labels()}


#: One values set touching every kind, for the parity and lint checks.
NAMESPACE_ALL: dict[str, Any] = {
    "commonLabels": {"team": "a"},
    "presets": {
        "defaultDeny": {"enabled": True},
        "allowDNS": {"enabled": True, "api": "calico", "extraCIDRs": ["169.254.20.10/32"]},
        "allowFromMonitoring": {"enabled": True, "ports": [9090]},
        "denyCloudMetadata": {"enabled": True},
    },
    "networkPolicies": {"web": {"ingress": [{"from": [{"podSelector": {}}], "ports": [{"port": 80, "endPort": 90}]}]}},
    "calicoNetworkPolicies": {
        "api": {
            "order": 100.5,
            "selector": {
                "matchExpressions": [{"key": "app", "operator": "In", "values": ["api-" + "x" * 55, "b" * 60]}]
            },
            "ingress": [{"action": "Allow", "protocol": "TCP", "destination": {"ports": [8080, "9000:9100"]}}],
        }
    },
    "stagedNetworkPolicies": {"s": {"stagedAction": "Delete"}},
    "stagedKubernetesNetworkPolicies": {"k": {"egress": []}},
    "networkSets": {"n": {"nets": ["10.0.0.0/8"]}},
    "extraObjects": {"cm": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "b"}}},
}
CLUSTER_ALL: dict[str, Any] = {
    "scope": "cluster",
    "calico": {"tierPrefixedNames": True},
    "presets": {
        "defaultDeny": {"enabled": True, "api": "calico", "order": 2000},
        "denyCloudMetadata": {"enabled": True, "api": "calico"},
    },
    "calicoGlobalNetworkPolicies": {"g": {"tier": "sec", "order": 1.25, "ingress": [{"action": "Pass"}]}},
    "stagedGlobalNetworkPolicies": {"s": {"tier": "sec", "egress": [{"action": "Deny"}]}},
    "globalNetworkSets": {"n": {"nets": ["::/0"]}},
    "hostEndpoints": {"h": {"node": "n1", "interfaceName": "eth0"}},
    "tiers": {"sec": {"order": 300, "defaultAction": "Pass"}},
}


def _helm(major: int, tmp_path: Path, values: dict[str, Any], *args: str) -> str:
    path = tmp_path / f"values-{major}.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    result = pinned_helm(major).run([*args, str(CHART), "--namespace", "team-a", "--values", str(path)])
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def test_helm_majors_render_identically(tmp_path: Path):
    for values in (NAMESPACE_ALL, CLUSTER_ALL):
        h3 = _helm(3, tmp_path, values, "template", "np")
        h4 = _helm(4, tmp_path, values, "template", "np")
        # helm 4 keeps the newline that ends a document before the next `---` of the same template
        # file (helm 3 trims it); apart from that blank line the output is byte for byte the same.
        assert re.sub(r"\n\n---\n", "\n---\n", h4) == h3
        assert h3.count("\n---\n") + 1 >= 8
        # Selectors never fold or turn into block scalars.
        assert not re.search(r"^\s+[^\s#-][^:]*$", h3, re.MULTILINE), "a scalar continued on its own line"
        assert ": |" not in h3 and ": >" not in h3


def test_helm_lint_strict(tmp_path: Path, helm_major):
    for values in (NAMESPACE_ALL, CLUSTER_ALL):
        out = _helm(helm_major, tmp_path, values, "lint", "--strict")
        assert "0 chart(s) failed" in out
