"""Endpoints and peers: HostEndpoint identity, Kubernetes NetworkPolicy peer shape.

A HostEndpoint must say which interface or addresses it stands for; a Kubernetes peer is either an
`ipBlock` or selectors, never both, and never empty.
"""

from __future__ import annotations

from collections.abc import Iterator

from netpolkit.checks.base import Finding, check
from netpolkit.checks.model import Context, as_list, as_map


@check("NPK280", "HostEndpoint without interfaceName or expectedIPs")
def host_endpoint_identity(ctx: Context) -> Iterator[Finding]:
    """A HostEndpoint needs a non-empty `interfaceName` (or `*`) or at least one `expectedIPs` entry.

    PASS:

        scope: cluster
        hostEndpoints:
          node1-eth0:
            node: node1
            interfaceName: eth0

    FAIL:

        scope: cluster
        hostEndpoints:
          node1-eth0:
            node: node1
            interfaceName: ""
            expectedIPs: []
    """
    for entry in ctx.family("hostendpoint"):
        if not entry.body.get("interfaceName") and not as_list(entry.body.get("expectedIPs")):
            yield Finding(
                entry.path,
                "a HostEndpoint needs interfaceName or expectedIPs",
                hint="set interfaceName (e.g. eth0, or * for all interfaces) or expectedIPs",
            )


@check("NPK281", "ipBlock combined with selectors in one peer")
def peer_exclusive(ctx: Context) -> Iterator[Finding]:
    """A Kubernetes NetworkPolicy peer is either `ipBlock`, or `podSelector`/`namespaceSelector`.

    To allow both, write two peers in the list (peers are ORed).

    PASS:

        networkPolicies:
          web:
            ingress:
              - from:
                  - ipBlock: {cidr: 10.0.0.0/8}
                  - podSelector: {matchLabels: {app: api}}

    FAIL:

        networkPolicies:
          web:
            ingress:
              - from:
                  - ipBlock: {cidr: 10.0.0.0/8}
                    podSelector: {matchLabels: {app: api}}
    """
    for rule in ctx.all_native_rules():
        for i, peer in enumerate(as_list(rule.rule.get(rule.peers_key)) or []):
            peer_map = as_map(peer) or {}
            if "ipBlock" not in peer_map:
                continue
            for key in ("podSelector", "namespaceSelector"):
                if key in peer_map:
                    yield Finding(
                        rule.at(rule.peers_key, i, key),
                        f"a peer with ipBlock cannot also have {key}",
                        hint="split it into two peers in the list",
                    )


@check("NPK282", "Empty NetworkPolicy peer")
def empty_peer(ctx: Context) -> Iterator[Finding]:
    """A Kubernetes NetworkPolicy peer must set at least one of `podSelector`, `namespaceSelector`
    or `ipBlock`; the API server rejects `{}`.

    To match every pod in the namespace write `podSelector: {}`; to match everything, leave out
    `from`/`to`.

    PASS:

        networkPolicies:
          web:
            ingress:
              - from:
                  - podSelector: {}

    FAIL:

        networkPolicies:
          web:
            ingress:
              - from:
                  - {}
    """
    for rule in ctx.all_native_rules():
        for i, peer in enumerate(as_list(rule.rule.get(rule.peers_key)) or []):
            peer_map = as_map(peer)
            if peer_map is not None and not any(
                peer_map.get(k) is not None for k in ("podSelector", "namespaceSelector", "ipBlock")
            ):
                yield Finding(
                    rule.at(rule.peers_key, i),
                    f"empty {rule.peers_key} peer",
                    hint="use podSelector: {} for every pod in the namespace, or drop the peer list to match all",
                )
