"""Install scope and Calico edition: which kinds and fields this install may render.

A namespace install renders namespaced kinds, a cluster install cluster-scoped ones (so that many
per-namespace releases never fight over one cluster object). Enterprise-only fields are rejected
under `calico.edition: oss`, where the API server would drop or refuse them.
"""

from __future__ import annotations

from collections.abc import Iterator

from netpolkit.checks.base import Finding, check
from netpolkit.checks.model import Context, as_map


@check("NPK250", "Kind of the other install scope")
def wrong_scope(ctx: Context) -> Iterator[Finding]:
    """An enabled entry must be of a kind this install's `scope` renders.

    `scope: namespace` renders NetworkPolicy, Calico NetworkPolicy, StagedNetworkPolicy,
    StagedKubernetesNetworkPolicy and NetworkSet; `scope: cluster` renders GlobalNetworkPolicy,
    StagedGlobalNetworkPolicy, GlobalNetworkSet, HostEndpoint and Tier. Use a second release with
    the other scope, or disable the entry.

    PASS:

        scope: cluster
        globalNetworkSets:
          office:
            nets: [192.0.2.0/24]

    FAIL:

        scope: namespace
        globalNetworkSets:
          office:
            nets: [192.0.2.0/24]
    """
    for entry in ctx.entries():
        if entry.kind.scope != ctx.scope:
            yield Finding(
                entry.path,
                f"{entry.kind.values_key} ({entry.kind.kind}) renders only in a {entry.kind.scope} install; "
                f"this install has scope: {ctx.scope}",
                hint=f"move it to a release with scope: {entry.kind.scope}, or set enabled: false",
            )


@check("NPK251", "Enterprise-only field under edition oss")
def enterprise_fields(ctx: Context) -> Iterator[Finding]:
    """`destination.domains`, `allowedEgressDomains` and `http.headers` exist only in Calico
    Enterprise / Calico Cloud; with `calico.edition: oss` they are rejected.

    PASS:

        calico: {edition: enterprise}
        networkSets:
          saas:
            allowedEgressDomains: [api.example.com]

    FAIL:

        networkSets:
          saas:
            allowedEgressDomains: [api.example.com]
    """
    if ctx.edition == "enterprise":
        return
    hint = "set calico.edition: enterprise if the cluster runs Calico Enterprise or Calico Cloud"
    for rule in ctx.calico_rules_with("source.domains", "destination.domains", "http"):
        for side in ("source", "destination"):
            if rule.side(side).get("domains") is not None:
                yield Finding(rule.at(side, "domains"), f"{side}.domains needs Calico Enterprise", hint=hint)
        http = as_map(rule.rule.get("http")) or {}
        if http.get("headers") is not None:
            yield Finding(rule.at("http", "headers"), "http.headers needs Calico Enterprise", hint=hint)
    for entry in ctx.family("netset"):
        if entry.body.get("allowedEgressDomains") is not None:
            yield Finding(entry.at("allowedEgressDomains"), "allowedEgressDomains needs Calico Enterprise", hint=hint)
