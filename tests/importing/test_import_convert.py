"""One object -> one entry: cleaning, legacy prefixes and apiVersions, structural checks."""

from __future__ import annotations

import json
import textwrap

import pytest

from netpolkit.importer.convert import ConvertOptions, convert
from netpolkit.importer.model import Entry, Rejection
from netpolkit.importer.reading import parse_objects


def one(text: str, namespace: str | None = None) -> Entry | list[Rejection]:
    (obj,) = parse_objects(textwrap.dedent(text), "in.yaml")
    return convert(obj, ConvertOptions(namespace=namespace))


def entry(text: str, namespace: str | None = None) -> Entry:
    result = one(text, namespace)
    assert isinstance(result, Entry), [r.one_line() for r in result]
    return result


def rejected(text: str) -> list[str]:
    result = one(text)
    assert isinstance(result, list), f"converted: {result}"
    return [r.one_line() for r in result]


def notes(e: Entry) -> list[str]:
    return [f"{n.level}: {n.message}" for n in e.notes]


LIVE_NP = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
  uid: 0b5d
  resourceVersion: "42"
  generation: 3
  creationTimestamp: "2026-01-01T00:00:00Z"
  managedFields: [{manager: kubectl}]
  labels:
    team: web
    app.kubernetes.io/managed-by: Helm
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"big": "json"}'
    owner: alice
spec:
  ingress:
  - from:
    - podSelector: {matchLabels: {app: api}}
      namespaceSelector: null
    ports:
    - port: 80
      protocol: TCP
  podSelector: {}
  policyTypes: [Ingress]
status: {}
"""


def test_server_fields_are_dropped_and_user_metadata_kept() -> None:
    e = entry(LIVE_NP)
    assert (e.values_key, e.key, e.scope, e.namespace) == ("networkPolicies", "web", "namespace", "shop")
    # Labels of another chart stay: only this chart's own labels are dropped.
    assert e.entry == {
        "labels": {"team": "web", "app.kubernetes.io/managed-by": "Helm"},
        "annotations": {"owner": "alice"},
        "podSelector": {},
        "policyTypes": ["Ingress"],
        "ingress": [
            {"from": [{"podSelector": {"matchLabels": {"app": "api"}}}], "ports": [{"protocol": "TCP", "port": 80}]}
        ],
    }
    assert list(e.entry) == ["labels", "annotations", "podSelector", "policyTypes", "ingress"]
    assert notes(e) == []


def test_objects_rendered_by_this_chart_lose_the_chart_labels_only() -> None:
    e = entry("""\
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata:
          name: allow-dns
          namespace: shop
          labels:
            app.kubernetes.io/name: network-policies
            app.kubernetes.io/instance: np
            app.kubernetes.io/managed-by: Helm
            app.kubernetes.io/version: "0.1.0"
            helm.sh/chart: network-policies-0.1.0
            netpolkit.io/preset: allowDNS
            team: core
          annotations:
            meta.helm.sh/release-name: np
            meta.helm.sh/release-namespace: shop
        spec: {selector: all()}
    """)
    assert e.entry == {"labels": {"team": "core"}, "selector": "all()"}
    assert any("preset 'allowDNS'" in n for n in notes(e))
    assert any("meta.helm.sh/release-name dropped" in n for n in notes(e))


@pytest.mark.parametrize(
    ("kind", "name", "tier", "key", "message"),
    [
        ("GlobalNetworkPolicy", "default.deny", None, "deny", "legacy tier prefix 'default.'"),
        ("StagedNetworkPolicy", "default.deny", "default", "deny", "legacy tier prefix 'default.'"),
        ("NetworkPolicy", "security.deny", "security", "deny", "calico.tierPrefixedNames"),
        ("NetworkPolicy", "knp.default.web", None, "web", "warning: name 'knp.default.web'"),
        ("GlobalNetworkPolicy", "other.deny", "security", "other.deny", None),
        ("GlobalNetworkPolicy", "default.", None, "default.", None),
    ],
)
def test_legacy_name_prefixes_are_undone_with_a_note(
    kind: str, name: str, tier: str | None, key: str, message: str | None
) -> None:
    spec = {"selector": "all()", **({"tier": tier} if tier else {})}
    e = entry(json.dumps({"apiVersion": "projectcalico.org/v3", "kind": kind,
                          "metadata": {"name": name, "namespace": "ns"}, "spec": spec}))
    assert e.key == key
    if message:
        assert any(message in n for n in notes(e)), notes(e)
    else:
        assert not any("prefix" in n for n in notes(e))


def test_dotted_names_of_other_kinds_are_kept() -> None:
    e = entry("""\
        apiVersion: projectcalico.org/v3
        kind: HostEndpoint
        metadata: {name: default.eth0}
        spec: {node: default, interfaceName: eth0}
    """)
    assert (e.key, e.values_key, e.scope, e.namespace) == ("default.eth0", "hostEndpoints", "cluster", None)


def test_calico_v1_storage_objects_are_converted_with_a_warning() -> None:
    e = entry("""\
        apiVersion: crd.projectcalico.org/v1
        kind: GlobalNetworkPolicy
        metadata:
          name: default.allow-ssh
          annotations:
            projectcalico.org/metadata: '{"uid":"1","labels":{"team":"ops"},"annotations":{"ticket":"OPS-1"}}'
          labels:
            projectcalico.org/tier: default
        spec:
          tier: default
          selector: has(host)
          ingress: [{action: Allow, protocol: TCP, destination: {ports: [22]}}]
    """)
    assert e.key == "allow-ssh"
    assert e.entry["labels"] == {"team": "ops"} and e.entry["annotations"] == {"ticket": "OPS-1"}
    assert e.entry["types"] == ["Ingress", "Egress"]
    text = "\n".join(notes(e))
    assert "warning: converted from crd.projectcalico.org/v1" in text
    assert "Felix enforces a v1 policy without types in both directions" in text


def test_extensions_v1beta1_network_policy_becomes_networking_v1() -> None:
    e = entry("""\
        apiVersion: extensions/v1beta1
        kind: NetworkPolicy
        metadata: {name: old, namespace: a}
        spec: {podSelector: {}}
    """)
    assert e.values_key == "networkPolicies"
    assert "warning: converted from the removed extensions/v1beta1" in notes(e)[0]


def test_namespaces_default_override_and_cluster_scope() -> None:
    no_ns = entry("apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata: {name: s}\nspec: {nets: []}\n")
    assert no_ns.namespace == "default"
    assert "no metadata.namespace: imported into namespace 'default'" in notes(no_ns)[0]
    moved = entry(LIVE_NP, namespace="prod")
    assert moved.namespace == "prod" and "namespace 'shop' replaced by --namespace 'prod'" in notes(moved)[0]
    tier = entry("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: t, namespace: x}\nspec: {}\n")
    assert tier.namespace is None and "ignored: Tier is cluster-scoped" in notes(tier)[0]


def test_kinds_the_chart_does_not_type_go_to_extra_objects() -> None:
    e = entry("""\
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: ClusterNetworkPolicy
        metadata: {name: admin, ownerReferences: [{name: x}], clusterName: c}
        spec: {tier: Admin, priority: 10}
    """)
    assert (e.values_key, e.key, e.scope) == ("extraObjects", "clusternetworkpolicy-admin", "cluster")
    assert e.entry == {"apiVersion": "policy.networking.k8s.io/v1alpha2", "kind": "ClusterNetworkPolicy",
                       "metadata": {"name": "admin"}, "spec": {"tier": "Admin", "priority": 10}}
    text = "\n".join(notes(e))
    assert "not a kind the chart types: imported under extraObjects" in text
    assert "metadata.ownerReferences dropped" in text and "metadata.clusterName dropped" in text
    cm = entry("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\ndata: {k: v}\n", namespace="b")
    assert (cm.scope, cm.namespace, cm.entry["metadata"]["namespace"]) == ("namespace", "b", "b")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: a}\n",
         "in.yaml:1: GlobalNetworkPolicy a: spec: required: a GlobalNetworkPolicy needs a spec"),
        ("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a}\nspec: []\n",
         "NetworkPolicy a: spec: must be a mapping"),
        ("apiVersion: projectcalico.org/v2\nkind: NetworkPolicy\nmetadata: {name: a}\nspec: {}\n",
         "apiVersion: unknown apiVersion 'projectcalico.org/v2' (hint: projectcalico.org serves v3)"),
        ("apiVersion: networking.k8s.io/v1beta1\nkind: NetworkPolicy\nmetadata: {name: a}\nspec: {}\n",
         "unknown apiVersion 'networking.k8s.io/v1beta1'"),
        ("apiVersion: projectcalico.org/v3 extra\nkind: Tier\nmetadata: {name: a}\nspec: {}\n",
         "not a Kubernetes apiVersion"),
        ("apiVersion: v1\nkind: NetworkPolicy\nmetadata: {name: a}\nspec: {}\n",
         "unknown apiVersion 'v1' for kind NetworkPolicy "
         "(hint: expected networking.k8s.io/v1 or projectcalico.org/v3)"),
        ("apiVersion: crd.projectcalico.org/v1\nkind: IPAMBlock\nmetadata: {name: a}\nspec: {}\n",
         "kind: IPAMBlock is Calico's internal IPAM state"),
        ("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {generateName: t-}\nspec: {}\n",
         "metadata.name: required: a non-empty string (hint: generateName cannot be imported"),
        ("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: t}\nspec: {}\ndata: {}\n",
         "Tier t: data: not a field of Tier"),
        ("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: t}\nspec: {name: x}\n",
         "spec.name: not a field of Tier"),
        ("apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata: {name: t, namespace: Prod}\nspec: {}\n",
         "metadata.namespace: must be a DNS-1123 label"),
        ("apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata: {name: t, labels: [a]}\nspec: {}\n",
         "metadata.labels: must be a mapping of strings"),
        ("apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata: {name: t}\nspec: {nets: []}\n"
         "metadata: {name: u}\n", "metadata: key 'metadata' appears twice"),
    ],
)
def test_structural_problems_reject_the_object_naming_the_field(text: str, message: str) -> None:
    lines = rejected(text)
    assert any(message in line for line in lines), lines


def test_spec_fields_are_written_in_api_order_and_rules_keep_their_order() -> None:
    e = entry("""\
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: p, labels: {a: b}}
        spec:
          egress:
          - destination: {ports: [53], selector: "k8s-app == 'dns'"}
            protocol: UDP
            action: Allow
          - action: Deny
          types: [Egress]
          selector: all()
          order: 10
          applyOnForward: false
          tier: security
    """)
    assert list(e.entry) == ["labels", "tier", "order", "selector", "types", "applyOnForward", "egress"]
    assert list(e.entry["egress"][0]) == ["action", "protocol", "destination"]
    assert list(e.entry["egress"][0]["destination"]) == ["selector", "ports"]
    assert [r["action"] for r in e.entry["egress"]] == ["Allow", "Deny"]
