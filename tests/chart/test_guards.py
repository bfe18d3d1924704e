"""Template guards: each `fail` message, exact text, under both helm majors.

Every case here passes values.schema.json, so it is the template that rejects it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from netpolkit.helm import clean_helm_error, pinned_helm

CHART = Path(__file__).resolve().parents[2] / "charts" / "network-policies"


def fail_message(message: str) -> str:
    """The chart's `fail` line out of helm's failure text (no warnings, no `Use --debug ...` trailer)."""
    lines = message.strip().splitlines()
    for line in lines:
        if "network-policies: " in line:
            return line[line.index("network-policies: ") :]
    return lines[0]


ENTERPRISE = "is a Calico Enterprise/Cloud field; set calico.edition: enterprise"


def cnp(**spec: Any) -> dict[str, Any]:
    """values with one Calico NetworkPolicy `p` (namespace install)."""
    return {"calicoNetworkPolicies": {"p": spec}}


def gnp(**spec: Any) -> dict[str, Any]:
    """values with one GlobalNetworkPolicy `g` (cluster install)."""
    return {"scope": "cluster", "calicoGlobalNetworkPolicies": {"g": spec}}


def knp(**spec: Any) -> dict[str, Any]:
    """values with one Kubernetes NetworkPolicy `k`."""
    return {"networkPolicies": {"k": spec}}


def egress_to(*peers: dict[str, Any]) -> dict[str, Any]:
    return knp(egress=[{"to": list(peers)}])


CASES: list[tuple[str, dict[str, Any], str]] = [
    # --- scope
    (
        "namespaced-kind-in-cluster-install",
        {"scope": "cluster", "networkPolicies": {"web": {}}},
        "networkPolicies.web: NetworkPolicy is namespaced; enable it only with scope: namespace "
        "(this install has scope: cluster)",
    ),
    (
        "namespaced-networkset-in-cluster-install",
        {"scope": "cluster", "networkSets": {"s": {"nets": []}}},
        "networkSets.s: NetworkSet is namespaced; enable it only with scope: namespace "
        "(this install has scope: cluster)",
    ),
    (
        "cluster-kind-in-namespace-install",
        {"tiers": {"t": {}}},
        "tiers.t: Tier is cluster-scoped; enable it only with scope: cluster (this install has scope: namespace)",
    ),
    (
        "gnp-in-namespace-install",
        {"calicoGlobalNetworkPolicies": {"edge": {}}},
        "calicoGlobalNetworkPolicies.edge: GlobalNetworkPolicy is cluster-scoped; enable it only with "
        "scope: cluster (this install has scope: namespace)",
    ),
    (
        "preset-native-in-cluster-install",
        {"scope": "cluster", "presets": {"defaultDeny": {"enabled": True}}},
        "presets.defaultDeny.api: native renders a namespaced NetworkPolicy; with scope: cluster use api: calico",
    ),
    (
        "allow-same-namespace-in-cluster-install",
        {"scope": "cluster", "presets": {"allowSameNamespace": {"enabled": True, "api": "calico"}}},
        "presets.allowSameNamespace: has no cluster-scope form (a GlobalNetworkPolicy has no own namespace); "
        "enable it in a namespace install",
    ),
    # --- Enterprise/Cloud-only fields
    (
        "destination-domains",
        gnp(egress=[{"action": "Allow"}, {"action": "Allow", "destination": {"domains": ["example.com"]}}]),
        f"calicoGlobalNetworkPolicies.g.egress[1].destination.domains: {ENTERPRISE}",
    ),
    (
        "allowed-egress-domains",
        {"networkSets": {"s": {"allowedEgressDomains": ["example.com"]}}},
        f"networkSets.s.allowedEgressDomains: {ENTERPRISE}",
    ),
    (
        "global-allowed-egress-domains",
        {"scope": "cluster", "globalNetworkSets": {"s": {"allowedEgressDomains": ["example.com"]}}},
        f"globalNetworkSets.s.allowedEgressDomains: {ENTERPRISE}",
    ),
    (
        "http-headers",
        cnp(ingress=[{"action": "Allow", "http": {"headers": [{"header": "x", "operator": "Exists"}]}}]),
        f"calicoNetworkPolicies.p.ingress[0].http.headers: {ENTERPRISE}",
    ),
    (
        "domains-outside-egress-destination",
        {
            "calico": {"edition": "enterprise"},
            **cnp(ingress=[{"action": "Allow", "destination": {"domains": ["a.io"]}}]),
        },
        "calicoNetworkPolicies.p.ingress[0].destination.domains: only allowed in an egress destination",
    ),
    # --- Pass needs a later tier
    (
        "pass-in-kube-baseline",
        cnp(tier="kube-baseline", ingress=[{"action": "Pass"}]),
        "calicoNetworkPolicies.p.ingress[0].action: Pass needs a later tier; kube-baseline is the last tier",
    ),
    (
        "pass-in-tier-without-order",
        {**gnp(tier="t1", egress=[{"action": "Allow"}, {"action": "Pass"}]), "tiers": {"t1": {}}},
        "calicoGlobalNetworkPolicies.g.egress[1].action: Pass needs a later tier; tier t1 has no order (it comes last)",
    ),
    (
        "pass-in-tier-after-baseline",
        {**gnp(tier="t1", ingress=[{"action": "Pass"}]), "tiers": {"t1": {"order": 10000000}}},
        "calicoGlobalNetworkPolicies.g.ingress[0].action: Pass needs a later tier; tier t1 has order 10000000 "
        "(not before kube-baseline, 10000000)",
    ),
    (
        "pass-in-staged-global",
        {
            "scope": "cluster",
            "tiers": {"late": {"order": 20000000.5}},
            "stagedGlobalNetworkPolicies": {"s": {"tier": "late", "egress": [{"action": "Pass"}]}},
        },
        "stagedGlobalNetworkPolicies.s.egress[0].action: Pass needs a later tier; tier late has order 20000000.5 "
        "(not before kube-baseline, 10000000)",
    ),
    # --- doNotTrack / preDNAT / applyOnForward
    (
        "donottrack-and-prednat",
        gnp(doNotTrack=True, preDNAT=True, applyOnForward=True),
        "calicoGlobalNetworkPolicies.g: doNotTrack and preDNAT cannot both be set",
    ),
    (
        "donottrack-without-applyonforward",
        gnp(doNotTrack=True),
        "calicoGlobalNetworkPolicies.g.doNotTrack: needs applyOnForward: true",
    ),
    (
        "prednat-without-applyonforward",
        {"scope": "cluster", "stagedGlobalNetworkPolicies": {"s": {"preDNAT": True, "applyOnForward": False}}},
        "stagedGlobalNetworkPolicies.s.preDNAT: needs applyOnForward: true",
    ),
    (
        "prednat-with-egress-rules",
        gnp(preDNAT=True, applyOnForward=True, egress=[{"action": "Allow"}]),
        "calicoGlobalNetworkPolicies.g.preDNAT: cannot be combined with egress rules",
    ),
    (
        "prednat-with-egress-type",
        gnp(preDNAT=True, applyOnForward=True, types=["Ingress", "Egress"]),
        "calicoGlobalNetworkPolicies.g.preDNAT: cannot be combined with types: Egress",
    ),
    # --- services
    (
        "services-in-ingress-destination",
        cnp(ingress=[{"action": "Allow", "destination": {"services": {"name": "api"}}}]),
        "calicoNetworkPolicies.p.ingress[0].destination.services: only allowed in an egress destination "
        "or an ingress source",
    ),
    (
        "services-in-egress-source",
        cnp(egress=[{"action": "Allow", "source": {"services": {"name": "api", "namespace": "x"}}}]),
        "calicoNetworkPolicies.p.egress[0].source.services: only allowed in an egress destination or an ingress source",
    ),
    (
        "services-with-selector",
        gnp(egress=[{"action": "Allow", "destination": {"services": {"name": "api"}, "selector": "a == 'b'"}}]),
        "calicoGlobalNetworkPolicies.g.egress[0].destination.services: cannot be combined with selector",
    ),
    (
        "services-with-nets",
        cnp(ingress=[{"action": "Allow", "source": {"services": {"name": "api"}, "nets": ["10.0.0.0/8"]}}]),
        "calicoNetworkPolicies.p.ingress[0].source.services: cannot be combined with nets",
    ),
    (
        "services-with-service-accounts",
        cnp(
            egress=[
                {"action": "Allow", "destination": {"services": {"name": "a"}, "serviceAccounts": {"names": ["x"]}}}
            ]
        ),
        "calicoNetworkPolicies.p.egress[0].destination.services: cannot be combined with serviceAccounts",
    ),
    (
        "services-with-destination-ports",
        cnp(
            egress=[{"action": "Allow", "protocol": "TCP", "destination": {"services": {"name": "a"}, "ports": [443]}}]
        ),
        "calicoNetworkPolicies.p.egress[0].destination.ports: not allowed with destination.services",
    ),
    # --- ICMP
    (
        "icmp-without-protocol",
        cnp(ingress=[{"action": "Allow", "icmp": {"type": 8}}]),
        "calicoNetworkPolicies.p.ingress[0].icmp: needs protocol ICMP or ICMPv6 (or 1, 58)",
    ),
    (
        "noticmp-with-tcp",
        cnp(egress=[{"action": "Deny", "protocol": "TCP", "notICMP": {"type": 8}}]),
        "calicoNetworkPolicies.p.egress[0].notICMP: needs protocol ICMP or ICMPv6 (or 1, 58)",
    ),
    (
        "icmp-with-ipversion-6",
        cnp(ingress=[{"action": "Allow", "protocol": "ICMP", "ipVersion": 6}]),
        "calicoNetworkPolicies.p.ingress[0].ipVersion: protocol ICMP needs ipVersion 4 (use ICMPv6 for IPv6)",
    ),
    (
        "icmpv6-with-ipversion-4",
        cnp(egress=[{"action": "Allow", "protocol": 58, "ipVersion": 4}]),
        "calicoNetworkPolicies.p.egress[0].ipVersion: protocol ICMPv6 needs ipVersion 6 (use ICMP for IPv4)",
    ),
    # --- numeric ports need TCP/UDP/SCTP
    (
        "numeric-port-without-protocol",
        cnp(ingress=[{"action": "Allow", "destination": {"ports": ["http", 8080]}}]),
        "calicoNetworkPolicies.p.ingress[0].destination.ports[1]: numeric port 8080 needs protocol TCP, UDP or SCTP "
        "(or 6, 17, 132)",
    ),
    (
        "port-range-with-icmp",
        cnp(ingress=[{"action": "Allow", "protocol": "ICMP", "source": {"notPorts": ["1000:2000"]}}]),
        "calicoNetworkPolicies.p.ingress[0].source.notPorts[0]: numeric port 1000:2000 needs protocol TCP, UDP or SCTP "
        "(or 6, 17, 132)",
    ),
    # --- http
    (
        "http-on-egress",
        cnp(egress=[{"action": "Allow", "http": {"methods": ["GET"]}}]),
        "calicoNetworkPolicies.p.egress[0].http: only allowed on ingress Allow rules",
    ),
    (
        "http-on-deny",
        cnp(ingress=[{"action": "Deny", "http": {"paths": [{"prefix": "/"}]}}]),
        "calicoNetworkPolicies.p.ingress[0].http: only allowed on ingress Allow rules",
    ),
    (
        "http-with-udp",
        cnp(ingress=[{"action": "Allow", "protocol": "UDP", "http": {"methods": ["GET"]}}]),
        "calicoNetworkPolicies.p.ingress[0].http: needs protocol TCP (or no protocol)",
    ),
    # --- IP families in one rule
    (
        "mixed-ip-families",
        cnp(egress=[{"action": "Allow", "source": {"nets": ["10.0.0.0/8"]}, "destination": {"notNets": ["fd00::/8"]}}]),
        "calicoNetworkPolicies.p.egress[0]: mixes IPv4 (source.nets[0]) and IPv6 (destination.notNets[0]) CIDRs; "
        "use one rule per IP family",
    ),
    (
        "cidr-family-vs-ipversion",
        cnp(egress=[{"action": "Allow", "ipVersion": 4, "destination": {"nets": ["fd00::/8"]}}]),
        "calicoNetworkPolicies.p.egress[0].destination.nets[0]: fd00::/8 is an IPv6 CIDR but the rule has ipVersion 4",
    ),
    # --- Kubernetes peers and ports
    (
        "ipblock-with-podselector",
        knp(ingress=[{"from": [{"podSelector": {}}, {"ipBlock": {"cidr": "10.0.0.0/8"}, "namespaceSelector": {}}]}]),
        "networkPolicies.k.ingress[0].from[1]: ipBlock cannot be combined with podSelector or namespaceSelector",
    ),
    (
        "empty-peer",
        knp(ingress=[{"from": [{}]}]),
        "networkPolicies.k.ingress[0].from[0]: a peer must set at least one of podSelector, namespaceSelector, ipBlock",
    ),
    (
        "except-equal-to-cidr",
        egress_to({"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.0.0.0/8"]}}),
        "networkPolicies.k.egress[0].to[0].ipBlock.except[0]: 10.0.0.0/8 is not strictly inside cidr 10.0.0.0/8",
    ),
    (
        "except-outside-cidr-v4",
        egress_to({"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.255.0.0/16", "11.0.0.0/16"]}}),
        "networkPolicies.k.egress[0].to[0].ipBlock.except[1]: 11.0.0.0/16 is not strictly inside cidr 10.0.0.0/8",
    ),
    (
        "except-outside-cidr-partial-octet",
        egress_to({"ipBlock": {"cidr": "192.168.4.0/22", "except": ["192.168.7.0/24", "192.168.8.0/24"]}}),
        "networkPolicies.k.egress[0].to[0].ipBlock.except[1]: 192.168.8.0/24 is not strictly inside "
        "cidr 192.168.4.0/22",
    ),
    (
        "except-outside-cidr-v6",
        egress_to({"ipBlock": {"cidr": "2001:db8::/32", "except": ["2001:db8:ffff::/48", "2001:db9::/48"]}}),
        "networkPolicies.k.egress[0].to[0].ipBlock.except[1]: 2001:db9::/48 is not strictly inside cidr 2001:db8::/32",
    ),
    (
        "except-outside-cidr-v6-partial-group",
        egress_to({"ipBlock": {"cidr": "fd00:0:0:ff00::/56", "except": ["fd00:0:0:ff80::/57", "fd00:0:0:1::/64"]}}),
        "networkPolicies.k.egress[0].to[0].ipBlock.except[1]: fd00:0:0:1::/64 is not strictly inside cidr "
        "fd00:0:0:ff00::/56",
    ),
    (
        "except-other-family",
        egress_to({"ipBlock": {"cidr": "::/0", "except": ["10.0.0.0/8"]}}),
        "networkPolicies.k.egress[0].to[0].ipBlock.except[0]: 10.0.0.0/8 is not strictly inside cidr ::/0",
    ),
    (
        "except-in-peer-of-stagedk8s",
        {
            "stagedKubernetesNetworkPolicies": {
                "s": {"ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0/16", "except": ["10.1.0.0/24"]}}]}]}
            }
        },
        "stagedKubernetesNetworkPolicies.s.ingress[0].from[0].ipBlock.except[0]: 10.1.0.0/24 is not strictly inside "
        "cidr 10.0.0.0/16",
    ),
    (
        "endport-with-named-port",
        knp(egress=[{"ports": [{"port": 53}, {"protocol": "TCP", "port": "dns", "endPort": 60}]}]),
        "networkPolicies.k.egress[0].ports[1].endPort: needs a numeric port",
    ),
    (
        "endport-below-port",
        knp(ingress=[{"ports": [{"port": 8080, "endPort": 8000}]}]),
        "networkPolicies.k.ingress[0].ports[0].endPort: must be >= port (8080)",
    ),
    # --- HostEndpoint, staged Delete
    (
        "staged-delete-with-fields",
        {"stagedNetworkPolicies": {"s": {"stagedAction": "Delete", "tier": "t", "selector": "all()", "order": 1}}},
        "stagedNetworkPolicies.s: stagedAction Delete allows no spec field other than tier (found order, selector)",
    ),
    (
        "staged-k8s-delete-with-fields",
        {"stagedKubernetesNetworkPolicies": {"s": {"stagedAction": "Delete", "podSelector": {}}}},
        "stagedKubernetesNetworkPolicies.s: stagedAction Delete allows no spec field other than tier "
        "(found podSelector)",
    ),
    (
        "staged-global-delete-with-fields",
        {"scope": "cluster", "stagedGlobalNetworkPolicies": {"s": {"stagedAction": "Delete", "egress": []}}},
        "stagedGlobalNetworkPolicies.s: stagedAction Delete allows no spec field other than tier (found egress)",
    ),
    # --- names
    (
        "preset-vs-entry-name",
        {"presets": {"allowDNS": {"enabled": True}}, "networkPolicies": {"allow-dns": {}}},
        "networkPolicies.allow-dns: metadata.name allow-dns is already used by presets.allowDNS (same kind)",
    ),
    (
        "name-override-collision",
        {"networkPolicies": {"a": {"name": "shared"}, "b": {"name": "shared"}}},
        "networkPolicies.b: metadata.name shared is already used by networkPolicies.a (same kind)",
    ),
    (
        "tier-prefix-collision",
        {
            "calico": {"tierPrefixedNames": True},
            "calicoNetworkPolicies": {"a": {"tier": "sec", "name": "x"}, "sec.x": {"tier": "sec"}},
        },
        "calicoNetworkPolicies.sec.x: metadata.name sec.x is already used by calicoNetworkPolicies.a (same kind)",
    ),
    (
        "preset-vs-preset-name",
        {"presets": {"defaultDeny": {"enabled": True, "name": "p"}, "allowDNS": {"enabled": True, "name": "p"}}},
        "presets.allowDNS: metadata.name p is already used by presets.defaultDeny (same kind)",
    ),
    (
        "calico-name-with-two-dots",
        {"calico": {"tierPrefixedNames": True}, "calicoNetworkPolicies": {"a.b": {"tier": "sec"}}},
        "calicoNetworkPolicies.a.b: metadata.name sec.a.b is not a valid NetworkPolicy name (lower-case "
        "alphanumerics and '-', at most one '.', at most 253 characters)",
    ),
    # --- presets
    (
        "default-deny-nothing",
        {"presets": {"defaultDeny": {"enabled": True, "ingress": False, "egress": False}}},
        "presets.defaultDeny: ingress and egress are both false; enable one of them or disable the preset",
    ),
    (
        "kube-apiserver-native-without-cidrs",
        {"presets": {"allowKubeAPIServer": {"enabled": True}}},
        "presets.allowKubeAPIServer.cidrs: is required with api: native (the API server endpoint IPs; "
        "api: calico uses the default/kubernetes Service)",
    ),
    (
        "native-preset-with-string-selector",
        {"presets": {"allowSameNamespace": {"enabled": True, "podSelector": "app == 'x'"}}},
        "presets.allowSameNamespace.podSelector: must be a label selector map with api: native",
    ),
    # --- extraObjects
    (
        "extra-object-crd-v1",
        {
            "extraObjects": {
                "x": {"apiVersion": "crd.projectcalico.org/v1", "kind": "NetworkPolicy", "metadata": {"name": "a"}}
            }
        },
        "extraObjects.x.apiVersion: crd.projectcalico.org/v1 is Calico's internal storage API (writing it bypasses "
        "validation and defaulting); use projectcalico.org/v3",
    ),
]


@pytest.mark.parametrize(("values", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_guard_message(render_error, helm_major, values, expected):
    assert fail_message(render_error(values, helm_major=helm_major)) == f"network-policies: {expected}"


#: Guards the schema also enforces: the template must still refuse when the schema is skipped
#: (`helm template --skip-schema-validation`, or a schema-less renderer).
BEHIND_SCHEMA: list[tuple[str, dict[str, Any], str]] = [
    (
        "icmp-code-without-type",
        cnp(ingress=[{"action": "Allow", "protocol": 1, "icmp": {"code": 0}}]),
        "calicoNetworkPolicies.p.ingress[0].icmp.code: needs icmp.type",
    ),
    (
        "deny-cloud-metadata-default-tier",
        {"presets": {"denyCloudMetadata": {"enabled": True, "api": "calico", "tier": "default"}}},
        "presets.denyCloudMetadata.tier: must name a tier other than default (its Deny rules go in a tier with "
        "defaultAction: Pass)",
    ),
    (
        "hostendpoint-without-interface",
        {"scope": "cluster", "hostEndpoints": {"h": {"node": "n1", "interfaceName": "", "expectedIPs": []}}},
        "hostEndpoints.h: needs interfaceName or expectedIPs",
    ),
    (
        "invalid-name-after-prefix",
        {"namePrefix": "Team-", "networkPolicies": {"web": {}}},
        "networkPolicies.web: metadata.name Team-web is not a valid NetworkPolicy name (a DNS-1123 subdomain: "
        "lower-case alphanumerics, '-' and '.', at most 253 characters)",
    ),
    (
        "deny-cloud-metadata-empty-tier",
        {"scope": "cluster", "presets": {"denyCloudMetadata": {"enabled": True, "api": "calico", "tier": ""}}},
        "presets.denyCloudMetadata.tier: must name a tier other than default (its Deny rules go in a tier with "
        "defaultAction: Pass)",
    ),
    (
        "hostendpoint-without-interface-keys",
        {"scope": "cluster", "hostEndpoints": {"h": {"node": "n1"}}},
        "hostEndpoints.h: needs interfaceName or expectedIPs",
    ),
    (
        "native-preset-unknown-api",
        {"presets": {"allowDNS": {"enabled": True, "api": "cilium"}}},
        "presets.allowDNS.api: must be native or calico",
    ),
    (
        "bad-scope",
        {"scope": "global"},
        "scope: must be namespace or cluster",
    ),
    (
        "invalid-cidr",
        {"networkPolicies": {"k": {"egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/33"}}]}]}}},
        'networkPolicies.k.egress[0].to[0].ipBlock.cidr: "10.0.0.0/33" is not a valid CIDR',
    ),
    (
        "invalid-v6-cidr",
        {"networkPolicies": {"k": {"egress": [{"to": [{"ipBlock": {"cidr": "1:2:3:4:5:6:7:8::/64"}}]}]}}},
        'networkPolicies.k.egress[0].to[0].ipBlock.cidr: "1:2:3:4:5:6:7:8::/64" is not a valid CIDR',
    ),
    (
        "unknown-selector-operator",
        cnp(selector={"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}),
        "calicoNetworkPolicies.p.selector.matchExpressions[0].operator: must be In, NotIn, Exists or DoesNotExist",
    ),
    (
        "selector-with-newline",
        cnp(selector="a == 'b' &&\nc == 'd'"),
        "calicoNetworkPolicies.p.selector: a Calico selector must be on one line "
        "(the Calico tokenizer rejects newlines)",
    ),
]


@pytest.mark.parametrize(("values", "expected"), [c[1:] for c in BEHIND_SCHEMA], ids=[c[0] for c in BEHIND_SCHEMA])
def test_guard_behind_schema(tmp_path: Path, helm_major, values, expected):
    values_file = tmp_path / "values.json"
    values_file.write_text(json.dumps(values), encoding="utf-8")
    helm = pinned_helm(helm_major)
    result = helm.run(
        [
            "template",
            "np",
            str(CHART),
            "--namespace",
            "team-a",
            "--skip-schema-validation",
            "--values",
            str(values_file),
        ]
    )
    assert result.returncode != 0, result.stdout
    assert fail_message(clean_helm_error(result.stderr)) == f"network-policies: {expected}"


@pytest.mark.parametrize(
    "values",
    [
        # The same shapes, made valid: each guard lets the correct form through.
        {
            "calico": {"edition": "enterprise"},
            **gnp(egress=[{"action": "Allow", "destination": {"domains": ["a.io"]}}]),
        },
        {**gnp(tier="t1", ingress=[{"action": "Pass"}]), "tiers": {"t1": {"order": 9999999.5}}},
        cnp(tier="kube-admin", ingress=[{"action": "Pass"}]),
        gnp(preDNAT=True, applyOnForward=True, ingress=[{"action": "Deny"}]),
        cnp(egress=[{"action": "Allow", "destination": {"services": {"name": "kubernetes", "namespace": "default"}}}]),
        cnp(ingress=[{"action": "Allow", "protocol": "ICMPv6", "ipVersion": 6, "icmp": {"type": 128, "code": 0}}]),
        cnp(ingress=[{"action": "Allow", "destination": {"ports": ["http", "metrics"]}}]),
        cnp(ingress=[{"action": "Allow", "protocol": 6, "http": {"methods": ["GET"]}}]),
        egress_to({"ipBlock": {"cidr": "fd00:0:0:ff00::/56", "except": ["fd00:0:0:ff80::/57", "fd00:0:0:ffff::/64"]}}),
        egress_to({"ipBlock": {"cidr": "0.0.0.0/0", "except": ["0.0.0.0/1", "255.255.255.255/32"]}}),
        knp(ingress=[{"ports": [{"port": 8080, "endPort": 8080}]}]),
    ],
)
def test_valid_neighbours_render(render_chart, values):
    assert render_chart(values)


def test_a_preset_setting_removed_with_null_fails_the_render(render_error, helm_major):
    # helm deletes a key whose user value is null before the schema check: the template must guard.
    values = {"presets": {"allowDNS": {"enabled": True, "dnsNamespace": None}}}
    message = render_error(values, helm_major=helm_major)
    assert fail_message(message) == (
        "network-policies: presets.allowDNS.dnsNamespace: "
        "is required (a null in the values removed the chart's default)"
    )
