"""What the importer knows about kinds beyond the typed-kind table (`netpolkit.kinds`).

Legacy and known apiVersions, the kinds it leaves to `extraObjects` or refuses, and the field order
of each structure: the inverse of the chart's templates (docs/values-model.md), kept as data so a
new kind is a row, not code. Field orders put the fields a reader looks for first; fields not listed
keep their input order after the listed ones.
"""

from __future__ import annotations

from collections.abc import Mapping

from netpolkit.kinds import CALICO_V3, KINDS, NETWORKING_V1

CALICO_V1 = "crd.projectcalico.org/v1"
#: Group/versions that held a kind before it moved (converted with a warning).
LEGACY_API_VERSIONS: Mapping[str, str] = {
    CALICO_V1: CALICO_V3,
    "extensions/v1beta1": NETWORKING_V1,
}
#: Groups whose versions we know; any other version of them is an unknown apiVersion.
KNOWN_GROUP_VERSIONS: Mapping[str, tuple[str, ...]] = {
    "projectcalico.org": ("v3",),
    "crd.projectcalico.org": ("v1",),
    "networking.k8s.io": ("v1",),
}

#: Entry keys that are not spec fields; they come first in every entry.
ENTRY_META = ("enabled", "name", "labels", "annotations")

#: The kind names the chart types, whatever their apiVersion (another apiVersion of one is an error).
TYPED_KINDS = frozenset(k.kind for k in KINDS)

#: Kinds known to be cluster-scoped among those the chart does not type (for `extraObjects`
#: placement); any other kind without a namespace goes to the namespace file.
CLUSTER_SCOPED_EXTRA = frozenset({
    "Namespace", "Node", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
    "StorageClass", "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding", "ClusterNetworkPolicy", "AdminNetworkPolicy",
    "BaselineAdminNetworkPolicy", "GlobalThreatFeed", "GlobalAlert", "GlobalReport", "LicenseKey",
    "ManagedCluster", "RemoteClusterConfiguration", "UISettings", "UISettingsGroup", "DeepPacketInspection",
    "IPPool", "IPReservation", "BGPConfiguration", "BGPPeer", "BGPFilter", "FelixConfiguration",
    "KubeControllersConfiguration", "ClusterInformation", "Profile", "CalicoNodeStatus",
})
#: Calico's IPAM bookkeeping: cluster state, never configuration to carry into values.
CALICO_INTERNAL_KINDS = frozenset({"IPAMBlock", "IPAMHandle", "IPAMConfig", "BlockAffinity"})

# --- field order ----------------------------------------------------------------------------------

_CALICO_RULES = {"ingress": "calicoRule", "egress": "calicoRule"}
_NATIVE_RULES = {"podSelector": "labelSelector", "ingress": "k8sIngress", "egress": "k8sEgress"}

#: Each structure: its field order and the structure of the fields that nest (lists: per item).
STRUCTURES: Mapping[str, tuple[tuple[str, ...], Mapping[str, str]]] = {
    "native": (("stagedAction", "podSelector", "policyTypes", "ingress", "egress"), _NATIVE_RULES),
    "calico": (
        (
            "stagedAction", "tier", "order", "selector", "namespaceSelector", "serviceAccountSelector", "types",
            "doNotTrack", "preDNAT", "applyOnForward", "performanceHints", "ingress", "egress",
        ),
        _CALICO_RULES,
    ),
    "netset": (("nets", "allowedEgressDomains"), {}),
    "hostendpoint": (("node", "interfaceName", "expectedIPs", "profiles", "ports"), {"ports": "endpointPort"}),
    "tier": (("order", "defaultAction"), {}),
    "calicoRule": (
        (
            "action", "protocol", "notProtocol", "icmp", "notICMP", "ipVersion", "source", "destination", "http",
            "metadata",
        ),
        {"icmp": "icmp", "notICMP": "icmp", "source": "entityRule", "destination": "entityRule", "http": "http"},
    ),
    "entityRule": (
        (
            "nets", "notNets", "selector", "notSelector", "namespaceSelector", "ports", "notPorts",
            "serviceAccounts", "services", "domains",
        ),
        {"serviceAccounts": "serviceAccounts", "services": "services"},
    ),
    "icmp": (("type", "code"), {}),
    "http": (("methods", "paths", "headers"), {"headers": "httpHeader"}),
    "httpHeader": (("header", "operator", "values"), {}),
    "serviceAccounts": (("names", "selector"), {}),
    "services": (("name", "namespace"), {}),
    "endpointPort": (("name", "port", "protocol"), {}),
    "k8sIngress": (("from", "ports"), {"from": "peer", "ports": "k8sPort"}),
    "k8sEgress": (("to", "ports"), {"to": "peer", "ports": "k8sPort"}),
    "peer": (
        ("podSelector", "namespaceSelector", "ipBlock"),
        {"podSelector": "labelSelector", "namespaceSelector": "labelSelector", "ipBlock": "ipBlock"},
    ),
    "ipBlock": (("cidr", "except"), {}),
    "k8sPort": (("protocol", "port", "endPort"), {}),
    "labelSelector": (("matchLabels", "matchExpressions"), {"matchExpressions": "labelRequirement"}),
    "labelRequirement": (("key", "operator", "values"), {}),
}
