"""Presets: each expands into an ordinary typed object, labelled netpolkit.io/preset: <presetKey>."""

from __future__ import annotations

from typing import Any

import pytest
from chart_helpers import CALICO, NATIVE, find, ids, standard_labels

DEFAULT_NS_SELECTOR = (
    "kubernetes.io/metadata.name not in {'kube-system', 'calico-system', 'calico-apiserver', 'tigera-operator'}"
)
DNS_POD_SELECTOR = "k8s-app in {'kube-dns', 'coredns', 'node-local-dns'}"
DNS_NS = "projectcalico.org/name == 'kube-system'"


def _dns_rules(dest: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"action": "Allow", "protocol": p, "destination": dest} for p in ("UDP", "TCP")]


#: preset key -> (extra preset values, native spec, Calico spec without selector/namespaceSelector)
PRESETS: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "defaultDeny": (
        {},
        {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
        {"types": ["Ingress", "Egress"]},
    ),
    "allowDNS": (
        {"extraCIDRs": ["169.254.20.10/32", "fd00::a/128"]},
        {
            "podSelector": {},
            "policyTypes": ["Egress"],
            "egress": [
                {
                    "to": [
                        {
                            "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                            "podSelector": {
                                "matchExpressions": [
                                    {
                                        "key": "k8s-app",
                                        "operator": "In",
                                        "values": ["kube-dns", "coredns", "node-local-dns"],
                                    }
                                ]
                            },
                        },
                        {"ipBlock": {"cidr": "169.254.20.10/32"}},
                        {"ipBlock": {"cidr": "fd00::a/128"}},
                    ],
                    "ports": [
                        {"protocol": "UDP", "port": 53},
                        {"protocol": "UDP", "port": 1053},
                        {"protocol": "TCP", "port": 53},
                        {"protocol": "TCP", "port": 1053},
                    ],
                }
            ],
        },
        {
            "types": ["Egress"],
            "egress": [
                *_dns_rules({"selector": DNS_POD_SELECTOR, "namespaceSelector": DNS_NS, "ports": [53, 1053]}),
                *_dns_rules({"nets": ["169.254.20.10/32"], "ports": [53, 1053]}),
                *_dns_rules({"nets": ["fd00::a/128"], "ports": [53, 1053]}),
            ],
        },
    ),
    "allowSameNamespace": (
        {},
        {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{"from": [{"podSelector": {}}]}]},
        {"types": ["Ingress"], "ingress": [{"action": "Allow", "source": {"selector": "all()"}}]},
    ),
    "allowFromIngressController": (
        {"ports": [8080, "http"]},
        {
            "podSelector": {},
            "policyTypes": ["Ingress"],
            "ingress": [
                {
                    "from": [
                        {
                            "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}},
                            "podSelector": {"matchLabels": {"app.kubernetes.io/name": "ingress-nginx"}},
                        }
                    ],
                    "ports": [{"protocol": "TCP", "port": 8080}, {"protocol": "TCP", "port": "http"}],
                }
            ],
        },
        {
            "types": ["Ingress"],
            "ingress": [
                {
                    "action": "Allow",
                    "protocol": "TCP",
                    "source": {
                        "namespaceSelector": "projectcalico.org/name == 'ingress-nginx'",
                        "selector": "app.kubernetes.io/name == 'ingress-nginx'",
                    },
                    "destination": {"ports": [8080, "http"]},
                }
            ],
        },
    ),
    "allowFromMonitoring": (
        {},
        {
            "podSelector": {},
            "policyTypes": ["Ingress"],
            "ingress": [
                {
                    "from": [
                        {
                            "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}},
                            "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}},
                        }
                    ]
                }
            ],
        },
        {
            "types": ["Ingress"],
            "ingress": [
                {
                    "action": "Allow",
                    "source": {
                        "namespaceSelector": "projectcalico.org/name == 'monitoring'",
                        "selector": "app.kubernetes.io/name == 'prometheus'",
                    },
                }
            ],
        },
    ),
    "allowKubeAPIServer": (
        {"cidrs": ["192.0.2.1/32", "192.0.2.2/32"]},
        {
            "podSelector": {},
            "policyTypes": ["Egress"],
            "egress": [
                {
                    "to": [{"ipBlock": {"cidr": "192.0.2.1/32"}}, {"ipBlock": {"cidr": "192.0.2.2/32"}}],
                    "ports": [{"protocol": "TCP", "port": 443}, {"protocol": "TCP", "port": 6443}],
                }
            ],
        },
        {
            "types": ["Egress"],
            "egress": [
                {
                    "action": "Allow",
                    "protocol": "TCP",
                    "destination": {"services": {"name": "kubernetes", "namespace": "default"}},
                }
            ],
        },
    ),
    "denyCloudMetadata": (
        {},
        {
            "podSelector": {},
            "policyTypes": ["Egress"],
            "egress": [
                {
                    "to": [
                        {"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}},
                        {"ipBlock": {"cidr": "::/0", "except": ["fd00:ec2::254/128", "fe80::a9fe:a9fe/128"]}},
                    ]
                }
            ],
        },
        {
            "order": 100,
            "tier": "netpolkit-guardrails",
            "types": ["Egress"],
            "egress": [
                {"action": "Deny", "destination": {"nets": ["169.254.169.254/32"]}},
                {"action": "Deny", "destination": {"nets": ["fd00:ec2::254/128", "fe80::a9fe:a9fe/128"]}},
            ],
        },
    ),
}
NAMES = {
    "defaultDeny": "default-deny",
    "allowDNS": "allow-dns",
    "allowSameNamespace": "allow-same-namespace",
    "allowFromIngressController": "allow-from-ingress-controller",
    "allowFromMonitoring": "allow-from-monitoring",
    "allowKubeAPIServer": "allow-kube-apiserver",
    "denyCloudMetadata": "deny-cloud-metadata",
}


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_native_preset(render_chart, helm_major, preset):
    extra, native, _ = PRESETS[preset]
    objs = render_chart({"presets": {preset: {"enabled": True, **extra}}}, helm_major=helm_major)
    assert ids(objs) == [(NATIVE, "NetworkPolicy", NAMES[preset])]
    assert objs[0]["metadata"] == {
        "name": NAMES[preset],
        "namespace": "team-a",
        "labels": {**standard_labels(), "netpolkit.io/preset": preset},
    }
    assert objs[0]["spec"] == native


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_calico_preset_namespace_install(render_chart, preset):
    extra, _, calico = PRESETS[preset]
    objs = render_chart({"presets": {preset: {"enabled": True, "api": "calico", **extra}}})
    assert ids(objs) == [(CALICO, "NetworkPolicy", NAMES[preset])]
    assert objs[0]["metadata"]["labels"]["netpolkit.io/preset"] == preset
    assert objs[0]["spec"] == {"selector": "all()", **calico}


@pytest.mark.parametrize("preset", sorted(set(PRESETS) - {"allowSameNamespace"}))
def test_calico_preset_cluster_install(render_chart, preset):
    extra, _, calico = PRESETS[preset]
    objs = render_chart({"scope": "cluster", "presets": {preset: {"enabled": True, "api": "calico", **extra}}})
    gnp = find(objs, "GlobalNetworkPolicy", NAMES[preset], CALICO)
    assert "namespace" not in gnp["metadata"]
    assert gnp["metadata"]["labels"]["netpolkit.io/preset"] == preset
    assert gnp["spec"] == {"selector": "all()", "namespaceSelector": DEFAULT_NS_SELECTOR, **calico}
    expected = [(CALICO, "GlobalNetworkPolicy", NAMES[preset])]
    if preset == "denyCloudMetadata":
        expected.append((CALICO, "Tier", "netpolkit-guardrails"))
    assert ids(objs) == expected


def test_all_presets_together_with_settings(render_chart, helm_major):
    objs = render_chart(
        {
            "namePrefix": "t-",
            "presets": {
                "defaultDeny": {"enabled": True, "egress": False, "podSelector": {"matchLabels": {"app": "web"}}},
                "allowDNS": {"enabled": True, "dnsNamespace": "dns", "dnsPodLabelValues": ["coredns"], "ports": [53]},
                "allowSameNamespace": {"enabled": True, "name": "same-ns"},
                # The label maps have no values.yaml default: a map given replaces the built-in one,
                # and {} means every pod of the namespace.
                "allowFromIngressController": {
                    "enabled": True,
                    "namespace": "traefik",
                    "controllerPodLabels": {},
                },
                "allowFromMonitoring": {
                    "enabled": True,
                    "api": "calico",
                    "order": 500.5,
                    "tier": "platform",
                    "podSelector": "has(metrics)",
                    "scraperPodLabels": {"app": "vm", "role": "agent"},
                    "ports": [9090],
                },
                "allowKubeAPIServer": {"enabled": True, "api": "calico", "podSelector": {"matchLabels": {"k": "v"}}},
                "denyCloudMetadata": {"enabled": True, "cidrs": ["169.254.169.254/32"]},
            },
        },
        helm_major=helm_major,
    )
    assert ids(objs) == [
        (NATIVE, "NetworkPolicy", "t-allow-dns"),
        (NATIVE, "NetworkPolicy", "t-allow-from-ingress-controller"),
        (NATIVE, "NetworkPolicy", "t-default-deny"),
        (NATIVE, "NetworkPolicy", "t-deny-cloud-metadata"),
        (NATIVE, "NetworkPolicy", "t-same-ns"),
        (CALICO, "NetworkPolicy", "t-allow-from-monitoring"),
        (CALICO, "NetworkPolicy", "t-allow-kube-apiserver"),
    ]
    assert find(objs, "NetworkPolicy", "t-default-deny")["spec"] == {
        "podSelector": {"matchLabels": {"app": "web"}},
        "policyTypes": ["Ingress"],
    }
    assert find(objs, "NetworkPolicy", "t-allow-dns")["spec"]["egress"] == [
        {
            "to": [
                {
                    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "dns"}},
                    "podSelector": {"matchExpressions": [{"key": "k8s-app", "operator": "In", "values": ["coredns"]}]},
                }
            ],
            "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
        }
    ]
    assert find(objs, "NetworkPolicy", "t-allow-from-ingress-controller")["spec"]["ingress"] == [
        {
            "from": [
                {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "traefik"}}, "podSelector": {}}
            ]
        }
    ]
    assert find(objs, "NetworkPolicy", "t-deny-cloud-metadata")["spec"]["egress"] == [
        {"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}, {"ipBlock": {"cidr": "::/0"}}]}
    ]
    assert find(objs, "NetworkPolicy", "t-allow-from-monitoring", CALICO)["spec"] == {
        "order": 500.5,
        "tier": "platform",
        "selector": "has(metrics)",
        "types": ["Ingress"],
        "ingress": [
            {
                "action": "Allow",
                "protocol": "TCP",
                "source": {
                    "namespaceSelector": "projectcalico.org/name == 'monitoring'",
                    "selector": "app == 'vm' && role == 'agent'",
                },
                "destination": {"ports": [9090]},
            }
        ],
    }
    assert find(objs, "NetworkPolicy", "t-allow-kube-apiserver", CALICO)["spec"]["selector"] == "k == 'v'"


def test_deny_cloud_metadata_tier(render_chart, helm_major):
    base = {"scope": "cluster", "presets": {"denyCloudMetadata": {"enabled": True, "api": "calico"}}}
    objs = render_chart({**base, "namePrefix": "x-"}, helm_major=helm_major)
    tier = find(objs, "Tier", "netpolkit-guardrails", CALICO)
    # Named exactly as the policies' `tier` refers to it (no namePrefix), labelled as preset output.
    assert tier["metadata"] == {
        "name": "netpolkit-guardrails",
        "labels": {**standard_labels(), "netpolkit.io/preset": "denyCloudMetadata"},
    }
    assert tier["spec"] == {"defaultAction": "Pass", "order": 100}
    assert find(objs, "GlobalNetworkPolicy", "x-deny-cloud-metadata")["spec"]["tier"] == "netpolkit-guardrails"

    # `tiers` already has it (by key): the user's Tier wins; disabled: nothing is rendered.
    mine = render_chart({**base, "tiers": {"netpolkit-guardrails": {"order": 5, "defaultAction": "Pass"}}})
    assert [o["spec"] for o in mine if o["kind"] == "Tier"] == [{"order": 5, "defaultAction": "Pass"}]
    assert "netpolkit.io/preset" not in find(mine, "Tier", "netpolkit-guardrails")["metadata"]["labels"]
    off = render_chart({**base, "tiers": {"netpolkit-guardrails": {"enabled": False}}})
    assert [o for o in off if o["kind"] == "Tier"] == []

    # Another tier and order.
    other = render_chart(
        {
            "scope": "cluster",
            "presets": {"denyCloudMetadata": {"enabled": True, "api": "calico", "tier": "guard", "tierOrder": 50.5}},
        }
    )
    assert find(other, "Tier", "guard")["spec"] == {"defaultAction": "Pass", "order": 50.5}

    # Namespace install: the tier must already exist, so it is not rendered.
    ns = render_chart({"presets": {"denyCloudMetadata": {"enabled": True, "api": "calico"}}})
    assert [o["kind"] for o in ns] == ["NetworkPolicy"]


def test_presets_and_entries_render_side_by_side(render_chart):
    objs = render_chart(
        {
            "presets": {"defaultDeny": {"enabled": True}},
            "networkPolicies": {"allow-web": {"ingress": [{}]}, "default-deny-extra": {}},
        }
    )
    assert ids(objs) == [
        (NATIVE, "NetworkPolicy", "allow-web"),
        (NATIVE, "NetworkPolicy", "default-deny"),
        (NATIVE, "NetworkPolicy", "default-deny-extra"),
    ]
    assert "netpolkit.io/preset" not in find(objs, "NetworkPolicy", "allow-web")["metadata"]["labels"]
