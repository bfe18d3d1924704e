"""The typed kinds: which top-level values map renders which object kind, in which scope.

The one table for Python (the semantic checks and the importer read it; adding a kind is one row).
The chart keeps the same table as a JSON literal (`network-policies.kinds` in templates/_helpers.tpl,
as helm cannot import Python); tests/unit/test_kinds.py keeps the two equal, row by row and in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

Scope = Literal["namespace", "cluster"]
#: How an entry is built and checked (the chart spells `native` as `k8s` and `netset` as `set`).
Family = Literal["native", "calico", "netset", "hostendpoint", "tier"]
FAMILIES: tuple[Family, ...] = get_args(Family)

CALICO_V3 = "projectcalico.org/v3"
NETWORKING_V1 = "networking.k8s.io/v1"


@dataclass(frozen=True)
class Kind:
    """One typed top-level map of the values and the object kind it renders."""

    values_key: str
    api_version: str
    kind: str
    scope: Scope
    family: Family
    #: Cluster-wide (the chart's `global`); for a policy, its selectors and rules span all namespaces.
    is_global: bool = False
    #: Calico's staged form of a policy: rendered, previewed, never enforced.
    staged: bool = False

    @property
    def group(self) -> str:
        """The API group (`projectcalico.org`): with `kind`, what names an object's type."""
        return self.api_version.rpartition("/")[0]

    @property
    def is_calico_policy(self) -> bool:
        """Calico policies have a tier (and so the `<tier>.` name prefix), an order and `types`."""
        return self.family == "calico"


#: In the chart's order: the order of the typed maps in a values file the importer writes.
KINDS: tuple[Kind, ...] = (
    Kind("networkPolicies", NETWORKING_V1, "NetworkPolicy", "namespace", "native"),
    Kind("calicoNetworkPolicies", CALICO_V3, "NetworkPolicy", "namespace", "calico"),
    Kind("calicoGlobalNetworkPolicies", CALICO_V3, "GlobalNetworkPolicy", "cluster", "calico", is_global=True),
    Kind("stagedNetworkPolicies", CALICO_V3, "StagedNetworkPolicy", "namespace", "calico", staged=True),
    Kind(
        "stagedGlobalNetworkPolicies", CALICO_V3, "StagedGlobalNetworkPolicy", "cluster", "calico",
        is_global=True, staged=True,
    ),
    Kind(
        "stagedKubernetesNetworkPolicies", CALICO_V3, "StagedKubernetesNetworkPolicy", "namespace", "native",
        staged=True,
    ),
    Kind("networkSets", CALICO_V3, "NetworkSet", "namespace", "netset"),
    Kind("globalNetworkSets", CALICO_V3, "GlobalNetworkSet", "cluster", "netset", is_global=True),
    Kind("hostEndpoints", CALICO_V3, "HostEndpoint", "cluster", "hostendpoint", is_global=True),
    Kind("tiers", CALICO_V3, "Tier", "cluster", "tier", is_global=True),
)
BY_VALUES_KEY: Mapping[str, Kind] = {k.values_key: k for k in KINDS}
#: (apiVersion, kind) -> Kind: what an object read from a cluster or a file is.
BY_API_KIND: Mapping[tuple[str, str], Kind] = {(k.api_version, k.kind): k for k in KINDS}
