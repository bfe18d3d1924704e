"""Empty, absent and `{}` stay distinct: `ingress: []` denies, `[{}]` allows all, `{}` selectors select all."""

from __future__ import annotations

from chart_helpers import find


def test_kubernetes_lists_and_selectors(render_chart, render_text, helm_major):
    values = {
        "networkPolicies": {
            "deny-ingress": {"ingress": []},
            "allow-all-ingress": {"ingress": [{}]},
            "absent": {},
            "empty-parts": {
                "podSelector": {"matchLabels": {}},
                "ingress": [{"from": [], "ports": []}, {"from": [{"namespaceSelector": {}}]}],
                "egress": [{"to": [{"namespaceSelector": {}, "podSelector": {}}]}],
                "policyTypes": ["Ingress", "Egress"],
            },
        }
    }
    objs = render_chart(values, helm_major=helm_major)
    assert find(objs, "NetworkPolicy", "deny-ingress")["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress"],
        "ingress": [],
    }
    assert find(objs, "NetworkPolicy", "allow-all-ingress")["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress"],
        "ingress": [{}],
    }
    absent = find(objs, "NetworkPolicy", "absent")["spec"]
    assert absent == {"podSelector": {}, "policyTypes": ["Ingress"]}
    assert "ingress" not in absent and "egress" not in absent
    assert find(objs, "NetworkPolicy", "empty-parts")["spec"] == values["networkPolicies"]["empty-parts"]
    text = render_text(values, helm_major=helm_major)
    assert "  ingress: []\n" in text
    assert "  ingress:\n    - {}\n" in text
    assert "    - from: []\n      ports: []\n" in text
    assert "        - namespaceSelector: {}\n" in text


def test_calico_lists_entity_rules_and_selectors(render_chart, helm_major):
    objs = render_chart(
        {
            "scope": "cluster",
            "calicoGlobalNetworkPolicies": {
                "deny-all": {"selector": "", "types": ["Ingress", "Egress"], "ingress": [], "egress": []},
                "empty-rules": {
                    "namespaceSelector": {},
                    "ingress": [{"action": "Allow", "source": {}, "destination": {}}],
                    "egress": [
                        {"action": "Allow", "destination": {"namespaceSelector": {}, "selector": {}, "nets": []}}
                    ],
                },
                "absent": {},
            },
        },
        helm_major=helm_major,
    )
    assert find(objs, "GlobalNetworkPolicy", "deny-all")["spec"] == {
        "selector": "",
        "types": ["Ingress", "Egress"],
        "ingress": [],
        "egress": [],
    }
    assert find(objs, "GlobalNetworkPolicy", "empty-rules")["spec"] == {
        "namespaceSelector": "all()",
        "types": ["Ingress", "Egress"],
        "ingress": [{"action": "Allow", "source": {}, "destination": {}}],
        "egress": [{"action": "Allow", "destination": {"namespaceSelector": "all()", "selector": "all()", "nets": []}}],
    }
    assert find(objs, "GlobalNetworkPolicy", "absent")["spec"] == {"types": ["Ingress"]}


def test_nothing_enabled_renders_nothing(render_text, helm_major):
    assert render_text({}, helm_major=helm_major).strip() == ""
    assert render_text({"scope": "cluster"}, helm_major=helm_major).strip() == ""
