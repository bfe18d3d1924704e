"""Policy-level rules: doNotTrack/preDNAT/applyOnForward, tiers and Pass, staged Delete.

Cross-field rules of a whole GlobalNetworkPolicy, Tier or Staged policy that the Calico API server
(or its CEL rules) enforces.
"""

from __future__ import annotations

from collections.abc import Iterator

from netpolkit.checks.base import Finding, check
from netpolkit.checks.model import BUILTIN_TIERS, TIER, Context, as_list

#: Entry keys that are metadata, not spec: they may accompany `stagedAction: Delete`.
_META_KEYS = frozenset({"enabled", "name", "labels", "annotations", "tier", "stagedAction"})


@check("NPK240", "Invalid doNotTrack / preDNAT / applyOnForward")
def raw_table_flags(ctx: Context) -> Iterator[Finding]:
    """`doNotTrack` and `preDNAT` need `applyOnForward: true`, cannot both be set, and `preDNAT`
    policies cannot have egress rules or the `Egress` type.

    PASS:

        scope: cluster
        calicoGlobalNetworkPolicies:
          nodeports:
            preDNAT: true
            applyOnForward: true
            selector: has(kubernetes-host)
            ingress:
              - action: Deny
                protocol: TCP
                destination:
                  ports: ["30000:32767"]

    FAIL:

        scope: cluster
        calicoGlobalNetworkPolicies:
          nodeports:
            preDNAT: true
            selector: has(kubernetes-host)
            ingress:
              - action: Deny
    """
    for entry in ctx.family("calico"):
        body = entry.body
        do_not_track = body.get("doNotTrack") is True
        pre_dnat = body.get("preDNAT") is True
        if do_not_track and pre_dnat:
            yield Finding(entry.at("preDNAT"), "preDNAT and doNotTrack cannot both be true", hint="pick one")
        if (do_not_track or pre_dnat) and body.get("applyOnForward") is not True:
            flag = "doNotTrack" if do_not_track else "preDNAT"
            yield Finding(
                entry.at(flag),
                f"{flag} needs applyOnForward: true",
                hint="add `applyOnForward: true` to the policy",
            )
        if pre_dnat:
            if as_list(body.get("egress")):
                yield Finding(entry.at("egress"), "a preDNAT policy cannot have egress rules")
            types = as_list(body.get("types")) or []
            if "Egress" in types:
                yield Finding(entry.at("types", types.index("Egress")), "a preDNAT policy cannot have the Egress type")


@check("NPK241", "Built-in tier redefined")
def builtin_tiers(ctx: Context) -> Iterator[Finding]:
    """The built-in tiers keep their order and default action.

    `kube-admin` (order 1000, Pass), `default` (order 1,000,000, Deny) and `kube-baseline`
    (order 10,000,000, Pass) are created by Calico; a Tier of the same name with another order or
    default action is rejected, and it would move every policy of that tier relative to the others.

    PASS:

        scope: cluster
        tiers:
          security:
            order: 100
            defaultAction: Pass

    FAIL:

        scope: cluster
        tiers:
          default:
            order: 10
    """
    for entry in ctx.entries(TIER):
        builtin = BUILTIN_TIERS.get(ctx.name_prefix + entry.name)
        if builtin is None:
            continue
        order, action = builtin
        given_order = entry.body.get("order")
        if isinstance(given_order, (int, float)) and not isinstance(given_order, bool) and given_order != order:
            yield Finding(
                entry.at("order"),
                f"built-in tier {entry.name!r} has order {order:.0f}; it cannot be changed",
                hint="remove the entry, or give your tier another name",
            )
        given_action = entry.body.get("defaultAction")
        if isinstance(given_action, str) and given_action != action:
            yield Finding(
                entry.at("defaultAction"),
                f"built-in tier {entry.name!r} must have defaultAction {action}",
                hint="remove the entry, or give your tier another name",
            )


@check("NPK242", "stagedAction Delete with other fields")
def staged_delete(ctx: Context) -> Iterator[Finding]:
    """A Staged policy with `stagedAction: Delete` stages the deletion of a policy: every spec field
    except `tier` must be empty.

    PASS:

        stagedNetworkPolicies:
          old-web:
            stagedAction: Delete
            tier: security

    FAIL:

        stagedNetworkPolicies:
          old-web:
            stagedAction: Delete
            selector: app == 'web'
    """
    for entry in ctx.entries():
        if not entry.kind.staged or entry.body.get("stagedAction") != "Delete":
            continue
        for key, value in entry.body.items():
            if key in _META_KEYS or value in (None, False, "", [], {}):
                continue  # zero values render nothing
            yield Finding(
                entry.at(key),
                f"{key} must be empty with stagedAction: Delete",
                hint="a staged Delete names the policy to delete; remove the spec fields",
            )


#: Pass from a tier at or after this order has no later tier (kube-baseline's order).
LAST_TIER_ORDER = BUILTIN_TIERS["kube-baseline"][0]


@check("NPK243", "Pass with no later tier")
def pass_needs_a_later_tier(ctx: Context) -> Iterator[Finding]:
    """A `Pass` rule needs a tier after its policy's tier.

    Pass skips the rest of the tier and goes on to the next one. `kube-baseline` (order
    10,000,000) is the last tier; so is a tier rendered by these values whose `order` is unset
    (nil sorts last) or at least 10,000,000. Pass from the last tier falls to the endpoint's
    profile, which for a pod allows everything: write Allow or Deny instead, or give the tier an
    order.

    PASS:

        scope: cluster
        tiers:
          security: {order: 100, defaultAction: Pass}
        calicoGlobalNetworkPolicies:
          quarantine:
            tier: security
            ingress:
              - action: Pass

    FAIL:

        scope: cluster
        tiers:
          security: {defaultAction: Pass}
        calicoGlobalNetworkPolicies:
          quarantine:
            tier: security
            ingress:
              - action: Pass
    """
    tiers = ctx.rendered_tiers()
    for rule in ctx.all_calico_rules():
        if rule.action != "Pass":
            continue
        tier = rule.entry.tier
        if tier == "kube-baseline":
            why = "kube-baseline is the last tier"
        elif tier in tiers and tiers[tier] is None:
            why = f"tier {tier!r} has no order, so it comes last"
        elif tier in tiers and isinstance(tiers[tier], (int, float)) and tiers[tier] >= LAST_TIER_ORDER:
            why = f"tier {tier!r} has order {tiers[tier]:g}, not before kube-baseline (10000000)"
        else:
            continue
        yield Finding(
            rule.at("action"),
            f"Pass needs a later tier; {why}",
            hint="use Allow or Deny, or give the tier an order below 10000000",
        )
