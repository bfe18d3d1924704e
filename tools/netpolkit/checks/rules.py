"""Calico rules: protocol, ICMP and ipVersion agreement, `services`, `http` and `domains` placement.

These are the rules the Calico API server checks across the fields of one rule (or of a rule and
its direction), which a JSON schema cannot express.
"""

from __future__ import annotations

from collections.abc import Iterator

from netpolkit.checks.base import Finding, check
from netpolkit.checks.model import Context, RuleRef, as_int, as_map
from netpolkit.checks.ports import protocol_key

ICMP, ICMPV6, TCP = 1, 58, 6


@check("NPK230", "ICMP match without an ICMP protocol")
def icmp_needs_protocol(ctx: Context) -> Iterator[Finding]:
    """`icmp` and `notICMP` need `protocol: ICMP` (IPv4) or `protocol: ICMPv6` (IPv6).

    PASS:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                protocol: ICMP
                icmp: {type: 8}

    FAIL:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                protocol: TCP
                icmp: {type: 8}
    """
    for rule in ctx.calico_rules_with("icmp", "notICMP"):
        protocol = protocol_key(rule.rule.get("protocol"))
        for key in ("icmp", "notICMP"):
            if as_map(rule.rule.get(key)) is not None and protocol not in (ICMP, ICMPV6):
                have = "no protocol" if protocol is None else f"protocol {rule.rule.get('protocol')}"
                yield Finding(
                    rule.at(key),
                    f"{key} needs protocol ICMP or ICMPv6; the rule has {have}",
                    hint="set `protocol: ICMP` (IPv4) or `protocol: ICMPv6` (IPv6)",
                )


@check("NPK231", "ICMP code without type")
def icmp_code_needs_type(ctx: Context) -> Iterator[Finding]:
    """An ICMP `code` is only meaningful with a `type` (a kernel limitation Calico enforces).

    PASS:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                protocol: ICMP
                icmp: {type: 3, code: 4}

    FAIL:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                protocol: ICMP
                icmp: {code: 4}
    """
    for rule in ctx.calico_rules_with("icmp", "notICMP"):
        for key in ("icmp", "notICMP"):
            icmp = as_map(rule.rule.get(key))
            if icmp is not None and "code" in icmp and icmp.get("type") is None:
                yield Finding(rule.at(key), f"{key}.code needs {key}.type", hint="add the ICMP type")


@check("NPK232", "Protocol disagrees with ipVersion")
def protocol_ip_version(ctx: Context) -> Iterator[Finding]:
    """ICMP is IPv4 only and ICMPv6 is IPv6 only: `ipVersion` must agree.

    PASS:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                protocol: ICMPv6
                ipVersion: 6

    FAIL:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                protocol: ICMPv6
                ipVersion: 4
    """
    for rule in ctx.calico_rules_with("ipVersion"):
        version = as_int(rule.rule.get("ipVersion"))
        if version not in (4, 6):
            continue
        for key in ("protocol", "notProtocol"):
            protocol = protocol_key(rule.rule.get(key))
            needed = {ICMP: 4, ICMPV6: 6}.get(protocol) if isinstance(protocol, int) else None
            if needed is not None and needed != version:
                yield Finding(
                    rule.at("ipVersion"),
                    f"{key} {rule.rule.get(key)} is IPv{needed} only but the rule has ipVersion: {version}",
                    hint=f"use ipVersion: {needed}, or protocol {'ICMPv6' if needed == 4 else 'ICMP'}",
                )


_SERVICE_EXCLUSIVE = ("selector", "notSelector", "namespaceSelector", "nets", "notNets", "serviceAccounts")


def _service_problems(ctx: Context, rule: RuleRef) -> Iterator[Finding]:
    for side in ("source", "destination"):
        entity = rule.side(side)
        if "services" not in entity or entity.get("services") is None:
            continue
        here = rule.at(side, "services")
        allowed_side = "destination" if rule.direction == "egress" else "source"
        if side != allowed_side:
            yield Finding(
                here,
                f"services is not allowed in an {rule.direction} rule's {side}",
                hint=f"services matches the peer: use it in {allowed_side} of an {rule.direction} rule",
            )
            continue
        for key in _SERVICE_EXCLUSIVE:
            if key in entity:
                yield Finding(
                    rule.at(side, key),
                    f"{key} cannot be combined with services in one {side}",
                    hint="services already names the endpoints; split the rule",
                )
        for key in ("ports", "notPorts"):
            if side == "destination" and key in entity:
                yield Finding(
                    rule.at(side, key),
                    f"destination.{key} cannot be combined with destination.services",
                    hint="the Service's own ports apply; remove the ports",
                )
        service = as_map(entity.get("services")) or {}
        if rule.entry.kind.is_global and not service.get("namespace"):
            yield Finding(
                here,
                "services in a global policy needs a namespace",
                hint="add `namespace:` (e.g. default for the kubernetes Service)",
            )


@check("NPK233", "Misused services match")
def services_exclusive(ctx: Context) -> Iterator[Finding]:
    """`services` stands alone: it names the peer endpoints, so it excludes other peer matches.

    It is allowed only in an egress rule's `destination` or an ingress rule's `source`; it cannot be
    combined with `selector`, `notSelector`, `namespaceSelector`, `nets`, `notNets` or
    `serviceAccounts`; `destination.ports` cannot be used with `destination.services`; and in a
    global policy it needs a `namespace`.

    PASS:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                protocol: TCP
                destination:
                  services: {name: kubernetes, namespace: default}

    FAIL:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                protocol: TCP
                destination:
                  services: {name: kubernetes, namespace: default}
                  ports: [443]
    """
    for rule in ctx.calico_rules_with("source.services", "destination.services"):
        yield from _service_problems(ctx, rule)


@check("NPK234", "HTTP match outside an ingress Allow rule")
def http_placement(ctx: Context) -> Iterator[Finding]:
    """`http` matches only on ingress `Allow` rules whose protocol is TCP or unset.

    PASS:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                http:
                  methods: [GET]

    FAIL:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                http:
                  methods: [GET]
    """
    for rule in ctx.calico_rules_with("http"):
        if rule.rule.get("http") is None:
            continue
        here = rule.at("http")
        if rule.direction != "ingress":
            yield Finding(here, "http is not allowed in egress rules", hint="move it to an ingress rule")
        elif rule.action not in ("Allow", None):
            yield Finding(here, f"http is only valid on Allow rules, not {rule.action}")
        else:
            protocol = protocol_key(rule.rule.get("protocol"))
            if protocol not in (None, TCP):
                yield Finding(rule.at("protocol"), f"http needs protocol TCP or unset, not {rule.rule.get('protocol')}")


@check("NPK235", "Domain match outside an egress Allow destination")
def domains_placement(ctx: Context) -> Iterator[Finding]:
    """`destination.domains` (Enterprise) works only on egress `Allow` rules without nets or selector.

    PASS:

        calico: {edition: enterprise}
        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                destination:
                  domains: [api.example.com]

    FAIL:

        calico: {edition: enterprise}
        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                destination:
                  domains: [api.example.com]
                  nets: [10.0.0.0/8]
    """
    for rule in ctx.calico_rules_with("destination.domains"):
        destination = rule.side("destination")
        if destination.get("domains") is None:
            continue
        here = rule.at("destination", "domains")
        if rule.direction != "egress":
            yield Finding(here, "domains is only allowed in egress rules")
        elif rule.action not in ("Allow", None):
            yield Finding(here, f"domains is only valid on Allow rules, not {rule.action}")
        else:
            for key in ("nets", "selector"):
                if key in destination:
                    yield Finding(
                        rule.at("destination", key),
                        f"destination.{key} cannot be combined with destination.domains",
                        hint="use a separate rule for the domain match",
                    )
