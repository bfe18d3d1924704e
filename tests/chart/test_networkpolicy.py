"""networking.k8s.io/v1 NetworkPolicy and Calico StagedKubernetesNetworkPolicy: the Kubernetes spec helper."""

from __future__ import annotations

from chart_helpers import CALICO, find, ids, standard_labels

WEB = {
    "podSelector": {"matchLabels": {"app": "web"}},
    "ingress": [
        {
            "from": [
                {
                    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "edge"}},
                    "podSelector": {"matchExpressions": [{"key": "role", "operator": "In", "values": ["lb"]}]},
                },
                {"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16", "10.2.3.4/32"]}},
            ],
            "ports": [
                {"protocol": "TCP", "port": 8080, "endPort": 8090},
                {"port": "metrics"},
                {"protocol": "SCTP", "port": 9000},
            ],
        }
    ],
    "egress": [{"to": [{"ipBlock": {"cidr": "2001:db8::/32", "except": ["2001:db8:ffff::/48"]}}]}],
    "policyTypes": ["Ingress", "Egress"],
}


def test_full_entry_renders_every_field_as_given(render_chart, helm_major):
    objs = render_chart({"networkPolicies": {"web": WEB}}, helm_major=helm_major, namespace="shop")
    assert ids(objs) == [("networking.k8s.io/v1", "NetworkPolicy", "web")]
    np = objs[0]
    assert np["metadata"] == {"name": "web", "namespace": "shop", "labels": standard_labels()}
    assert np["spec"] == WEB


def test_defaults_for_podselector_and_policytypes(render_chart, helm_major):
    objs = render_chart(
        {
            "networkPolicies": {
                "bare": {},
                "egress-rules": {"egress": [{}]},
                "egress-empty": {"egress": []},
                "egress-only": {"policyTypes": ["Egress"], "egress": [{"to": [{"podSelector": {}}]}]},
                "ingress-rules": {"ingress": [{}]},
            }
        },
        helm_major=helm_major,
    )
    specs = {o["metadata"]["name"]: o["spec"] for o in objs}
    assert specs == {
        "bare": {"podSelector": {}, "policyTypes": ["Ingress"]},
        "egress-rules": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "egress": [{}]},
        "egress-empty": {"podSelector": {}, "policyTypes": ["Ingress"], "egress": []},
        "egress-only": {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"podSelector": {}}]}]},
        "ingress-rules": {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{}]},
    }


def test_disabled_and_null_entries_render_nothing(render_chart):
    objs = render_chart(
        {
            "networkPolicies": {"off": {"enabled": False}, "on": {"enabled": True}},
            "stagedKubernetesNetworkPolicies": {"off": {"enabled": False, "stagedAction": "Set"}},
        }
    )
    assert ids(objs) == [("networking.k8s.io/v1", "NetworkPolicy", "on")]


def test_staged_kubernetes_network_policy(render_chart, helm_major):
    objs = render_chart(
        {
            "stagedKubernetesNetworkPolicies": {
                "learn": {"stagedAction": "Learn", "podSelector": {"matchLabels": {"app": "api"}}, "egress": [{}]},
                "drop": {"stagedAction": "Delete"},
                "plain": {"ingress": []},
            }
        },
        helm_major=helm_major,
    )
    learn = find(objs, "StagedKubernetesNetworkPolicy", "learn", CALICO)
    assert learn["metadata"]["namespace"] == "team-a"
    assert learn["spec"] == {
        "stagedAction": "Learn",
        "podSelector": {"matchLabels": {"app": "api"}},
        "egress": [{}],
        "policyTypes": ["Ingress", "Egress"],
    }
    # Delete: every field but stagedAction must be empty, so no defaults are added either.
    assert find(objs, "StagedKubernetesNetworkPolicy", "drop")["spec"] == {"stagedAction": "Delete"}
    assert find(objs, "StagedKubernetesNetworkPolicy", "plain")["spec"] == {
        "ingress": [],
        "podSelector": {},
        "policyTypes": ["Ingress"],
    }


def test_ports_keep_their_types(render_text):
    text = render_text(
        {"networkPolicies": {"p": {"ingress": [{"ports": [{"port": 80}, {"port": "80x"}, {"port": "http"}]}]}}}
    )
    assert "- port: 80\n" in text
    assert '- port: "80x"\n' in text
    assert "- port: http\n" in text
