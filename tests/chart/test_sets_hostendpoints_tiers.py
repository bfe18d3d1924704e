"""NetworkSet, GlobalNetworkSet, HostEndpoint, Tier and extraObjects: pass-through specs."""

from __future__ import annotations

from chart_helpers import CALICO, find, ids, standard_labels


def test_network_set_namespaced(render_chart, helm_major):
    objs = render_chart(
        {"networkSets": {"partners": {"nets": ["198.51.100.0/24", "2001:db8::/48"], "labels": {"role": "partner"}}}},
        helm_major=helm_major,
    )
    assert objs == [
        {
            "apiVersion": CALICO,
            "kind": "NetworkSet",
            "metadata": {
                "name": "partners",
                "namespace": "team-a",
                "labels": {**standard_labels(), "role": "partner"},
            },
            "spec": {"nets": ["198.51.100.0/24", "2001:db8::/48"]},
        }
    ]


def test_cluster_kinds(render_chart, render_text, helm_major):
    values = {
        "scope": "cluster",
        "globalNetworkSets": {
            "blocklist": {"nets": ["203.0.113.0/24"], "labels": {"list": "deny"}},
            "empty": {"nets": []},
        },
        "hostEndpoints": {
            "node1-eth0": {
                "node": "node1",
                "interfaceName": "eth0",
                "expectedIPs": ["192.0.2.10", "2001:db8::10"],
                "profiles": ["projectcalico-default-allow"],
                "ports": [{"name": "ssh", "port": 22, "protocol": "TCP"}],
                "labels": {"host": "edge"},
            },
            "any-if": {"node": "node2", "interfaceName": "*"},
            "by-ip": {"node": "node3", "expectedIPs": ["192.0.2.30"]},
        },
        "tiers": {
            "security": {"order": 100, "defaultAction": "Pass"},
            "platform": {"order": 150.5},
            "last": {},
        },
    }
    objs = render_chart(values, helm_major=helm_major)
    assert ids(objs) == [
        (CALICO, "GlobalNetworkSet", "blocklist"),
        (CALICO, "GlobalNetworkSet", "empty"),
        (CALICO, "HostEndpoint", "any-if"),
        (CALICO, "HostEndpoint", "by-ip"),
        (CALICO, "HostEndpoint", "node1-eth0"),
        (CALICO, "Tier", "last"),
        (CALICO, "Tier", "platform"),
        (CALICO, "Tier", "security"),
    ]
    assert all("namespace" not in o["metadata"] for o in objs)
    gns = find(objs, "GlobalNetworkSet", "blocklist")
    assert gns["metadata"]["labels"] == {**standard_labels(), "list": "deny"}
    assert gns["spec"] == {"nets": ["203.0.113.0/24"]}
    assert find(objs, "GlobalNetworkSet", "empty")["spec"] == {"nets": []}
    assert find(objs, "HostEndpoint", "node1-eth0")["spec"] == {
        "node": "node1",
        "interfaceName": "eth0",
        "expectedIPs": ["192.0.2.10", "2001:db8::10"],
        "profiles": ["projectcalico-default-allow"],
        "ports": [{"name": "ssh", "port": 22, "protocol": "TCP"}],
    }
    assert find(objs, "HostEndpoint", "any-if")["spec"] == {"node": "node2", "interfaceName": "*"}
    assert find(objs, "HostEndpoint", "by-ip")["spec"] == {"node": "node3", "expectedIPs": ["192.0.2.30"]}
    assert find(objs, "Tier", "security")["spec"] == {"order": 100, "defaultAction": "Pass"}
    assert find(objs, "Tier", "platform")["spec"] == {"order": 150.5}
    assert find(objs, "Tier", "last")["spec"] == {}
    text = render_text(values, helm_major=helm_major)
    assert "  order: 100\n" in text and "  order: 150.5\n" in text and "      port: 22\n" in text


def test_allowed_egress_domains_with_enterprise(render_chart):
    objs = render_chart(
        {"calico": {"edition": "enterprise"}, "networkSets": {"saas": {"allowedEgressDomains": ["*.example.com"]}}}
    )
    assert objs[0]["spec"] == {"allowedEgressDomains": ["*.example.com"]}


def test_extra_objects_render_as_given_plus_common_metadata(render_chart, helm_major):
    objs = render_chart(
        {
            "commonLabels": {"team": "a", "tier": "common"},
            "commonAnnotations": {"owner": "team-a"},
            "extraObjects": {
                "anp": {
                    "apiVersion": "policy.networking.k8s.io/v1alpha2",
                    "kind": "ClusterNetworkPolicy",
                    "metadata": {"name": "guard", "labels": {"tier": "own"}},
                    "spec": {"tier": "Admin", "priority": 10, "subject": {"namespaces": {}}, "ingress": []},
                },
                "cm": {
                    "apiVersion": "v1",
                    "kind": "ConfigMap",
                    "metadata": {"name": "notes", "namespace": "elsewhere", "annotations": {"owner": "me"}},
                    "data": {"text": "a long value " * 12},
                },
            },
        },
        helm_major=helm_major,
    )
    assert ids(objs) == [
        ("v1", "ConfigMap", "notes"),
        ("policy.networking.k8s.io/v1alpha2", "ClusterNetworkPolicy", "guard"),
    ]
    assert find(objs, "ClusterNetworkPolicy", "guard") == {
        "apiVersion": "policy.networking.k8s.io/v1alpha2",
        "kind": "ClusterNetworkPolicy",
        "metadata": {
            "name": "guard",
            "labels": {**standard_labels(), "team": "a", "tier": "own"},
            "annotations": {"owner": "team-a"},
        },
        "spec": {"tier": "Admin", "priority": 10, "subject": {"namespaces": {}}, "ingress": []},
    }
    cm = find(objs, "ConfigMap", "notes")
    assert cm["metadata"]["namespace"] == "elsewhere"
    assert cm["metadata"]["annotations"] == {"owner": "me"}
    assert cm["data"] == {"text": "a long value " * 12}
