"""Calico NetworkPolicy, GlobalNetworkPolicy and the Staged kinds: the one Calico policy spec helper."""

from __future__ import annotations

import pytest
from chart_helpers import CALICO, find, ids

LONG_NS = (
    "kubernetes.io/metadata.name not in {'kube-system', 'calico-system', 'calico-apiserver', "
    "'tigera-operator', 'monitoring', 'ingress-nginx'}"
)


def test_calico_network_policy_full(render_chart, helm_major):
    values = {
        "calicoNetworkPolicies": {
            "api": {
                "tier": "default",
                "order": 100.5,
                "selector": {"matchLabels": {"app": "api"}},
                "serviceAccountSelector": "role == 'api'",
                "performanceHints": ["AssumeNeededOnEveryNode"],
                "ingress": [
                    {
                        "action": "Allow",
                        "protocol": "TCP",
                        "source": {
                            "selector": {"matchLabels": {"app": "web"}},
                            "namespaceSelector": {"matchLabels": {"team": "a"}},
                            "serviceAccounts": {"names": ["web"], "selector": {"matchLabels": {"tier": "fe"}}},
                        },
                        "destination": {"ports": [8080, "9000:9100", "metrics"]},
                        "http": {"methods": ["GET"], "paths": [{"prefix": "/api"}, {"exact": "/healthz"}]},
                        "metadata": {"annotations": {"why": "frontend traffic"}},
                    },
                    {"action": "Allow", "protocol": "ICMP", "icmp": {"type": 8, "code": 0}, "ipVersion": 4},
                    {"action": "Log", "notProtocol": "UDP", "source": {"notNets": ["10.0.0.0/8"]}},
                    {"action": "Deny"},
                ],
                "egress": [
                    {
                        "action": "Allow",
                        "protocol": "UDP",
                        "destination": {"notSelector": {}, "nets": ["10.0.0.0/8"], "notPorts": [53]},
                    },
                    {"action": "Allow", "protocol": "ICMPv6", "notICMP": {"type": 128}},
                ],
            }
        }
    }
    objs = render_chart(values, helm_major=helm_major)
    assert ids(objs) == [(CALICO, "NetworkPolicy", "api")]
    assert objs[0]["metadata"]["namespace"] == "team-a"
    assert objs[0]["spec"] == {
        "tier": "default",
        "order": 100.5,
        "selector": "app == 'api'",
        "serviceAccountSelector": "role == 'api'",
        "performanceHints": ["AssumeNeededOnEveryNode"],
        "types": ["Ingress", "Egress"],
        "ingress": [
            {
                "action": "Allow",
                "protocol": "TCP",
                "source": {
                    "selector": "app == 'web'",
                    "namespaceSelector": "team == 'a'",
                    "serviceAccounts": {"names": ["web"], "selector": "tier == 'fe'"},
                },
                "destination": {"ports": [8080, "9000:9100", "metrics"]},
                "http": {"methods": ["GET"], "paths": [{"prefix": "/api"}, {"exact": "/healthz"}]},
                "metadata": {"annotations": {"why": "frontend traffic"}},
            },
            {"action": "Allow", "protocol": "ICMP", "icmp": {"type": 8, "code": 0}, "ipVersion": 4},
            {"action": "Log", "notProtocol": "UDP", "source": {"notNets": ["10.0.0.0/8"]}},
            {"action": "Deny"},
        ],
        "egress": [
            {
                "action": "Allow",
                "protocol": "UDP",
                "destination": {"notSelector": "all()", "nets": ["10.0.0.0/8"], "notPorts": [53]},
            },
            {"action": "Allow", "protocol": "ICMPv6", "notICMP": {"type": 128}},
        ],
    }


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ({}, "all()"),
        ({"matchLabels": {}, "matchExpressions": []}, "all()"),
        ({"matchLabels": {"b": "2", "a": "1"}}, "a == '1' && b == '2'"),
        (
            {
                "matchLabels": {"app": "web"},
                "matchExpressions": [
                    {"key": "env", "operator": "In", "values": ["prod", "staging"]},
                    {"key": "zone", "operator": "NotIn", "values": ["z1"]},
                    {"key": "canary", "operator": "Exists"},
                    {"key": "legacy", "operator": "DoesNotExist"},
                ],
            },
            "app == 'web' && env in {'prod', 'staging'} && zone not in {'z1'} && has(canary) && !has(legacy)",
        ),
        ("app == 'web' || has(debug)", "app == 'web' || has(debug)"),
        ("", ""),
    ],
    ids=["empty", "empty-parts", "sorted-labels", "all-operators", "string", "empty-string"],
)
def test_selector_conversion(render_chart, selector, expected):
    objs = render_chart({"calicoNetworkPolicies": {"p": {"selector": selector}}})
    assert objs[0]["spec"]["selector"] == expected


def test_long_selectors_stay_on_one_line(render_text, helm_major):
    text = render_text(
        {
            "scope": "cluster",
            "calicoGlobalNetworkPolicies": {
                "p": {
                    "namespaceSelector": LONG_NS,
                    "selector": {
                        "matchExpressions": [{"key": "app", "operator": "In", "values": ["a" * 40, "b" * 40]}]
                    },
                    "ingress": [{"action": "Allow", "source": {"selector": LONG_NS + " && " + LONG_NS}}],
                }
            },
        },
        helm_major=helm_major,
    )
    assert f'  namespaceSelector: "{LONG_NS}"\n' in text
    assert f"  selector: \"app in {{'{'a' * 40}', '{'b' * 40}'}}\"\n" in text
    assert f'        selector: "{LONG_NS} && {LONG_NS}"\n' in text
    assert "|" not in text and ">-" not in text


def test_types_defaults(render_chart, helm_major):
    objs = render_chart(
        {
            "calicoNetworkPolicies": {
                "none": {},
                "ingress-only": {"ingress": [{"action": "Allow"}]},
                "egress-only": {"egress": [{"action": "Allow"}]},
                "both": {"ingress": [{"action": "Allow"}], "egress": [{"action": "Deny"}]},
                "empty-egress": {"egress": []},
                "explicit": {"types": ["Egress"], "ingress": [{"action": "Allow"}]},
            }
        },
        helm_major=helm_major,
    )
    types = {o["metadata"]["name"]: o["spec"]["types"] for o in objs}
    assert types == {
        "none": ["Ingress"],
        "ingress-only": ["Ingress"],
        "egress-only": ["Egress"],
        "both": ["Ingress", "Egress"],
        "empty-egress": ["Ingress"],
        "explicit": ["Egress"],
    }


def test_global_network_policy_fields(render_chart, render_text, helm_major):
    values = {
        "scope": "cluster",
        "calicoGlobalNetworkPolicies": {
            "edge": {
                "order": 10,
                "selector": "has(node-role.kubernetes.io/edge)",
                "namespaceSelector": "global()",
                "doNotTrack": True,
                "applyOnForward": True,
                "ingress": [{"action": "Allow", "protocol": "TCP", "destination": {"ports": [22]}}],
            },
            "prednat": {
                "order": 20.25,
                "selector": "all()",
                "preDNAT": True,
                "applyOnForward": True,
                "ingress": [{"action": "Deny", "source": {"nets": ["192.0.2.0/24"]}}],
            },
        },
    }
    objs = render_chart(values, helm_major=helm_major)
    edge = find(objs, "GlobalNetworkPolicy", "edge", CALICO)
    assert "namespace" not in edge["metadata"]
    assert edge["spec"] == {
        "order": 10,
        "selector": "has(node-role.kubernetes.io/edge)",
        "namespaceSelector": "global()",
        "doNotTrack": True,
        "applyOnForward": True,
        "types": ["Ingress"],
        "ingress": [{"action": "Allow", "protocol": "TCP", "destination": {"ports": [22]}}],
    }
    assert find(objs, "GlobalNetworkPolicy", "prednat")["spec"]["order"] == 20.25
    # helm loads numbers as float64: integral ones still print as integers, fractions as given.
    text = render_text(values, helm_major=helm_major)
    assert "  order: 10\n" in text and "  order: 20.25\n" in text and "- 22\n" in text


def test_staged_policies(render_chart, helm_major):
    ns_objs = render_chart(
        {
            "stagedNetworkPolicies": {
                "try": {"stagedAction": "Set", "tier": "security", "selector": {}, "egress": [{"action": "Deny"}]},
                "drop": {"stagedAction": "Delete", "tier": "security"},
            }
        },
        helm_major=helm_major,
    )
    assert find(ns_objs, "StagedNetworkPolicy", "try", CALICO)["spec"] == {
        "stagedAction": "Set",
        "tier": "security",
        "selector": "all()",
        "egress": [{"action": "Deny"}],
        "types": ["Egress"],
    }
    drop = find(ns_objs, "StagedNetworkPolicy", "drop")
    assert drop["metadata"]["namespace"] == "team-a"
    assert drop["spec"] == {"stagedAction": "Delete", "tier": "security"}

    cluster_objs = render_chart(
        {
            "scope": "cluster",
            "stagedGlobalNetworkPolicies": {
                "g": {"stagedAction": "Learn", "namespaceSelector": {"matchLabels": {"env": "dev"}}},
                "gone": {"stagedAction": "Delete"},
            },
        },
        helm_major=helm_major,
    )
    assert find(cluster_objs, "StagedGlobalNetworkPolicy", "g")["spec"] == {
        "stagedAction": "Learn",
        "namespaceSelector": "env == 'dev'",
        "types": ["Ingress"],
    }
    assert find(cluster_objs, "StagedGlobalNetworkPolicy", "gone")["spec"] == {"stagedAction": "Delete"}


def test_enterprise_fields_render_with_enterprise_edition(render_chart):
    objs = render_chart(
        {
            "calico": {"edition": "enterprise"},
            "calicoNetworkPolicies": {
                "dns": {
                    "egress": [{"action": "Allow", "destination": {"domains": ["*.example.com"]}}],
                    "ingress": [
                        {
                            "action": "Allow",
                            "http": {"headers": [{"header": "x-team", "operator": "In", "values": ["a"]}]},
                        }
                    ],
                }
            },
        }
    )
    spec = objs[0]["spec"]
    assert spec["egress"] == [{"action": "Allow", "destination": {"domains": ["*.example.com"]}}]
    assert spec["ingress"][0]["http"] == {"headers": [{"header": "x-team", "operator": "In", "values": ["a"]}]}
