"""Warnings: valid values that very likely do not do what was meant (errors under `--strict`).

Each check is sound in one direction: it may miss a case, but what it reports is really there
(a selector reported as matching nothing matches nothing, an unreachable rule is unreachable).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from netpolkit import selectors as sel
from netpolkit.checks._shadowing import Key, Shadows
from netpolkit.checks.base import Finding, check
from netpolkit.checks.cidrs import parse_network
from netpolkit.checks.model import (
    BUILTIN_TIERS,
    ENTITY_KEYS,
    NATIVE_RULE_KEYS,
    RULE_KEYS,
    TIER,
    Context,
    Entry,
    RuleRef,
    as_int,
    as_list,
    as_map,
    as_str,
)
from netpolkit.checks.ports import PORT_PROTOCOLS, port_bounds, protocol_key
from netpolkit.problems import KeyPath, Severity

WARNING = Severity.WARNING
TERMINAL_ACTIONS = ("Allow", "Deny", "Pass")
_PEER_SIDE = {"ingress": "source", "egress": "destination"}
_LOCAL_SIDE = {"ingress": "destination", "egress": "source"}
_PORT_MATCH_KEYS = ("protocol", "notProtocol", "icmp", "notICMP", "http")


def _is_everything(nets: Any) -> bool:
    """`nets` lists a /0 (every address of a family)."""
    for item in as_list(nets) or []:
        net = parse_network(item) if isinstance(item, str) else None
        if net is not None and net.prefixlen == 0:
            return True
    return False


def _calico_allows_all(rule: RuleRef) -> bool:
    if rule.action != "Allow" or any(rule.rule.get(k) is not None for k in _PORT_MATCH_KEYS):
        return False
    peer = rule.side(_PEER_SIDE[rule.direction])  # type: ignore[arg-type]
    local = rule.side(_LOCAL_SIDE[rule.direction])  # type: ignore[arg-type]
    if not (set(rule.rule) <= RULE_KEYS and set(peer) <= ENTITY_KEYS and set(local) <= ENTITY_KEYS):
        return False  # a misspelt key: the schema reports it, and we cannot tell what was meant
    if any(v is not None for v in local.values()):
        return False
    restricting = [k for k, v in peer.items() if v is not None and k != "nets"]
    return not restricting and ("nets" not in peer or _is_everything(peer["nets"]))


@check("NPK300", "Rule allows everything", WARNING)
def allow_all(ctx: Context) -> Iterator[Finding]:
    """A rule that allows every source (ingress) or destination (egress) on every port.

    Usually a placeholder left in, or a missing selector. If it is meant, say so with a comment and
    run without `--strict`.

    PASS:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                source:
                  selector: app == 'frontend'

    FAIL:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
    """
    for rule in ctx.all_calico_rules():
        if _calico_allows_all(rule):
            what = "source" if rule.direction == "ingress" else "destination"
            yield Finding(
                rule.path,
                f"this rule allows every {what} on every port",
                hint=f"restrict {_PEER_SIDE[rule.direction]} (selector, nets) or the ports",
            )
    for native in ctx.all_native_rules():
        if as_list(native.rule.get("ports")) or not set(native.rule) <= NATIVE_RULE_KEYS:
            continue
        peers = as_list(native.rule.get(native.peers_key)) or []
        everyone = not peers or any(
            _is_everything([(as_map((as_map(p) or {}).get("ipBlock")) or {}).get("cidr")])
            and not (as_map((as_map(p) or {}).get("ipBlock")) or {}).get("except")
            for p in peers
        )
        if everyone:
            what = "source" if native.direction == "ingress" else "destination"
            yield Finding(
                native.path,
                f"this rule allows every {what} on every port",
                hint=f"add `{native.peers_key}` peers or `ports`",
            )


def _native_selectors(ctx: Context) -> Iterator[tuple[KeyPath, Any]]:
    for entry in ctx.family("native"):
        if "podSelector" in entry.body:
            yield entry.at("podSelector"), entry.body["podSelector"]
        for rule in ctx.native_rules(entry):
            for i, peer in enumerate(as_list(rule.rule.get(rule.peers_key)) or []):
                peer_map = as_map(peer) or {}
                for key in ("podSelector", "namespaceSelector"):
                    if key in peer_map:
                        yield rule.at(rule.peers_key, i, key), peer_map[key]
    for preset in ctx.presets():
        if preset.api == "native" and "podSelector" in preset.body:
            yield preset.at("podSelector"), preset.body["podSelector"]


@check("NPK301", "Selector can never match", WARNING)
def matches_nothing(ctx: Context) -> Iterator[Finding]:
    """A selector that no set of labels can satisfy, such as `a == 'x' && a == 'y'`,
    `has(a) && !has(a)` or `a in {}`: the policy (or rule) never applies.

    PASS:

        calicoNetworkPolicies:
          web:
            selector: app == 'web' || app == 'api'

    FAIL:

        calicoNetworkPolicies:
          web:
            selector: app == 'web' && app == 'api'
    """
    candidates: list[tuple[KeyPath, Any]] = [
        (ref.path, ref.value) for ref in ctx.selectors() if ref.path[-1] != "notSelector"
    ]
    candidates += [(path, value) for path, value in _native_selectors(ctx) if isinstance(value, Mapping)]
    nothing: dict[str, sel.Node | None] = {}  # selector text -> its node if it matches nothing
    for path, value in candidates:
        try:
            text = sel.selector_text(value)
        except sel.LabelSelectorError:
            continue
        if text not in nothing:  # decided once per distinct selector
            parsed = ctx.parse_selector(text)
            if isinstance(parsed, sel.SelectorError) or not sel.matches_nothing(parsed):
                nothing[text] = None
            else:
                nothing[text] = parsed
        node = nothing[text]
        if node is not None:
            yield Finding(
                path,
                f"selector {sel.canonical(node)} can never match anything",
                hint="check for contradicting conditions on the same label",
            )


def _tier_default_actions(ctx: Context) -> dict[str, str]:
    """Known tiers -> defaultAction: built-ins, `tiers` entries and the denyCloudMetadata tier."""
    actions = {name: action for name, (_, action) in BUILTIN_TIERS.items()}
    for entry in ctx.entries(TIER):
        action = as_str(entry.body.get("defaultAction")) or "Deny"
        actions[entry.name] = actions[ctx.name_prefix + entry.name] = action
    preset = ctx.preset("denyCloudMetadata")
    if preset is not None and preset.api == "calico":
        tier = as_str(preset.body.get("tier"))
        if tier:
            actions.setdefault(tier, "Pass")
    return actions


def _directions(entry: Entry) -> list[str]:
    """The directions a Calico policy applies to: `types`, or Calico's defaulting."""
    types = as_list(entry.body.get("types"))
    if types:
        return [t.lower() for t in types if t in ("Ingress", "Egress")]
    has_egress = bool(as_list(entry.body.get("egress")))
    has_ingress = bool(as_list(entry.body.get("ingress")))
    if has_egress and not has_ingress:
        return ["egress"]
    return ["ingress", "egress"] if has_egress else ["ingress"]


def _actions(ctx: Context, entry: Entry, direction: str) -> set[str]:
    """The actions of a policy's rules in one direction (asked twice per policy and direction)."""
    return ctx.shared("warnings.actions", partial(_rule_actions, ctx))[(id(entry.body), direction)]


def _rule_actions(ctx: Context) -> defaultdict[tuple[int, str], set[str]]:
    """(id of a Calico policy's body, direction) -> the actions of its rules in that direction."""
    actions: defaultdict[tuple[int, str], set[str]] = defaultdict(set)
    for rule in ctx.all_calico_rules():
        if rule.action is not None:
            actions[(id(rule.entry.body), rule.direction)].add(rule.action)
    return actions


def _allowing_tiers(ctx: Context) -> set[tuple[str, str]]:
    """(tier, direction) pairs in which some enforced policy of these values allows or passes
    traffic: a deny-only policy there is one layer of a set, not a default deny."""
    found = {
        (entry.tier, direction)
        for entry in ctx.family("calico")
        if not entry.kind.staged
        for direction in _directions(entry)
        if _actions(ctx, entry, direction) & {"Allow", "Pass"}
    }
    # Kubernetes NetworkPolicies sit in the default tier as allow-only policies.
    for entry in ctx.family("native"):
        if not entry.kind.staged:
            found.update(("default", d) for d in ("ingress", "egress") if as_list(entry.body.get(d)))
    return found


@check("NPK302", "Calico policy with only Deny rules", WARNING)
def deny_only(ctx: Context) -> Iterator[Finding]:
    """A Calico policy whose rules in one direction are all `Deny`, in a tier whose default action
    is Deny (such as `default`).

    Once a policy applies to an endpoint, traffic that no rule allows is dropped at the end of the
    tier: the policy denies everything, not just what its rules name. Put deny-only policies in a
    tier with `defaultAction: Pass`, or end them with an Allow or Pass rule. Not reported when
    another policy of the same tier in these values allows traffic in that direction, and for
    `doNotTrack`/`preDNAT` policies (no end-of-tier drop).

    PASS:

        calicoNetworkPolicies:
          block-metadata:
            egress:
              - action: Deny
                destination:
                  nets: [169.254.169.254/32]
              - action: Pass

    FAIL:

        calicoNetworkPolicies:
          block-metadata:
            egress:
              - action: Deny
                destination:
                  nets: [169.254.169.254/32]
    """
    tiers = _tier_default_actions(ctx)
    allowing = _allowing_tiers(ctx)
    for entry in ctx.family("calico"):
        if entry.kind.staged or tiers.get(entry.tier) != "Deny":
            continue
        if entry.body.get("doNotTrack") is True or entry.body.get("preDNAT") is True:
            continue  # raw/mangle-table policies have no end-of-tier drop
        for direction in _directions(entry):
            actions = _actions(ctx, entry, direction)
            if "Deny" in actions and actions <= {"Deny", "Log"} and (entry.tier, direction) not in allowing:
                yield Finding(
                    entry.at(direction),
                    f"every {direction} rule is Deny: the tier's default Deny drops all other {direction} "
                    f"traffic of the selected endpoints",
                    hint=f"add a final `action: Pass` rule, or move the policy to a tier with defaultAction: Pass "
                    f"(tier {entry.tier!r} denies by default)",
                )


@dataclass(frozen=True)
class _DefaultDeny:
    path: KeyPath
    what: str


def _enforced(ctx: Context, entry: Entry) -> bool:
    """Rendered by this install and enforced (Staged policies never set a verdict)."""
    return ctx.in_scope(entry) and not entry.kind.staged


def _egress_default_denies(ctx: Context) -> Iterator[_DefaultDeny]:
    preset = ctx.preset("defaultDeny")
    if preset is not None and preset.body.get("egress", True) is not False and preset.kind is not None:
        yield _DefaultDeny(preset.at("enabled"), "presets.defaultDeny")
    for entry in ctx.family("native"):
        types = as_list(entry.body.get("policyTypes")) or []
        if _enforced(ctx, entry) and "Egress" in types and not as_list(entry.body.get("egress")):
            yield _DefaultDeny(entry.at("policyTypes", types.index("Egress")), entry.label)
    for entry in ctx.family("calico"):
        types = as_list(entry.body.get("types")) or []
        if _enforced(ctx, entry) and "Egress" in types and not as_list(entry.body.get("egress")):
            yield _DefaultDeny(entry.at("types", types.index("Egress")), entry.label)


def _port_allows_dns(port: Any) -> bool:
    if isinstance(port, str) and not port.replace(":", "").isdigit():
        return "dns" in port.lower()
    bounds = port_bounds(port)
    return bounds is not None and bounds[0] is not None and bounds[1] is not None and bounds[0] <= 53 <= bounds[1]


def _allows_dns(ctx: Context) -> bool:
    if ctx.preset("allowDNS") is not None:
        return True
    for native in ctx.all_native_rules():
        if native.direction != "egress" or not ctx.in_scope(native.entry) or native.entry.kind.staged:
            continue
        ports = as_list(native.rule.get("ports"))
        if not ports:
            return True
        for item in ports:
            port_map = as_map(item) or {}
            port, end = port_map.get("port"), as_int(port_map.get("endPort"))
            if port is None or (end is not None and as_int(port) is not None and port <= 53 <= end):
                return True
            if _port_allows_dns(port):
                return True
    for rule in ctx.all_calico_rules():
        if rule.direction != "egress" or rule.action != "Allow" or not ctx.in_scope(rule.entry):
            continue
        if protocol_key(rule.rule.get("protocol")) not in (None, *PORT_PROTOCOLS.values()):
            continue
        ports = as_list(rule.side("destination").get("ports"))
        if not ports or any(_port_allows_dns(p) for p in ports):
            return True
    return False


@check("NPK303", "Egress default deny without DNS", WARNING)
def default_deny_without_dns(ctx: Context) -> Iterator[Finding]:
    """An egress default deny with no rule that allows DNS (port 53) anywhere in the values.

    Pods behind it cannot resolve names, which breaks almost every workload. Enable
    `presets.allowDNS`, or add an egress rule to the DNS servers on port 53 (UDP and TCP).

    PASS:

        presets:
          defaultDeny: {enabled: true, egress: true}
          allowDNS: {enabled: true}

    FAIL:

        presets:
          defaultDeny: {enabled: true, egress: true}
    """
    if _allows_dns(ctx):
        return
    for deny in _egress_default_denies(ctx):
        yield Finding(
            deny.path,
            f"{deny.what} denies egress, and nothing in these values allows DNS (port 53)",
            hint="enable presets.allowDNS",
        )


#: Values that are never containers: `_norm` returns them as they are (checked by exact type, the
#: fast path for the thousands of scalars and scalar lists in a large file).
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _norm(value: Any) -> Any:
    """A hashable, order-insensitive form of a match criterion."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        for item in value:
            if type(item) not in _SCALARS:
                return frozenset(_norm(v) for v in value)
        return frozenset(value)
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _norm(v)) for k, v in value.items()))
    if isinstance(value, list):
        return frozenset(_norm(v) for v in value)
    return value


def _norm_selector(ctx: Context, value: Any) -> Any:
    """`_norm` for a selector field: a valid selector in canonical form (parsed once per text)."""
    if isinstance(value, (str, Mapping)):
        canonical = ctx.canonical_selector(value)
        if canonical is not None:
            return ("selector", canonical)
    return _norm(value)


#: The rule keys that are match criteria, each with its criterion key and how values compare.
_RULE_CRITERIA: dict[str, tuple[Key, Callable[[Any], Any]]] = {
    "protocol": (("protocol",), protocol_key),
    "notProtocol": (("notProtocol",), protocol_key),
    "icmp": (("icmp",), _norm),
    "notICMP": (("notICMP",), _norm),
    "ipVersion": (("ipVersion",), _norm),
}


def _criteria(ctx: Context, rule: RuleRef) -> dict[Key, Any]:
    """A rule's match criteria; the rule matches a packet when every criterion does (AND).

    Computed for every rule of a policy that has more than one (NPK304), so it visits the keys the
    rule has rather than asking for each key it might have.
    """
    out: dict[Key, Any] = {}
    for name, value in rule.rule.items():
        criterion = _RULE_CRITERIA.get(name)
        if criterion is not None and value is not None:
            out[criterion[0]] = criterion[1](value)
    for key, value in (as_map(rule.rule.get("http")) or {}).items():
        if value is not None:
            out[("http", str(key))] = _norm(value)
    for side, entity in (("source", rule.source), ("destination", rule.destination)):
        if entity.get("selector") is not None or entity.get("namespaceSelector") is not None:
            # `selector` means "in my namespace" unless namespaceSelector is set: one criterion.
            out[(side, "peer")] = (
                _norm_selector(ctx, entity.get("selector")),
                _norm_selector(ctx, entity.get("namespaceSelector")),
            )
        for key, value in entity.items():
            if key in ("selector", "namespaceSelector") or value in (None, "", [], {}):
                continue  # empty values constrain nothing
            out[(side, str(key))] = _norm_selector(ctx, value) if key == "notSelector" else _norm(value)
    return out


@check("NPK304", "Unreachable rule", WARNING)
def unreachable_rule(ctx: Context) -> Iterator[Finding]:
    """A Calico rule that an earlier `Allow`, `Deny` or `Pass` rule of the same policy and direction
    always matches first, so it never takes effect.

    Calico evaluates rules in order and stops at the first terminal action. Reported when the
    earlier rule's criteria are a subset of the later one's (for example an earlier rule with no
    criteria at all, or the same criteria). Kubernetes NetworkPolicy rules are a union, so order
    does not matter there.

    PASS:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Deny
                source:
                  nets: [10.1.0.0/16]
              - action: Allow
                source:
                  nets: [10.0.0.0/8]

    FAIL:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                source:
                  nets: [10.0.0.0/8]
              - action: Deny
                source:
                  nets: [10.0.0.0/8]
    """
    for entry in ctx.family("calico"):
        for direction in ("ingress", "egress"):
            earlier: Shadows[RuleRef] = Shadows()  # only terminal rules can shadow later ones
            for rule in ctx.calico_rules(entry):
                if rule.direction != direction:
                    continue
                criteria = _criteria(ctx, rule)
                prior = earlier.first(criteria)
                if prior is not None:
                    yield Finding(
                        rule.path,
                        f"this rule is unreachable: {direction}[{prior.index}] ({prior.action}) "
                        f"already matches all of its traffic",
                        hint="remove it, or move it before the broader rule",
                    )
                if rule.action in TERMINAL_ACTIONS:
                    earlier.add(rule, criteria)


@check("NPK305", "denyCloudMetadata native with an egress default deny", WARNING)
def native_metadata_with_default_deny(ctx: Context) -> Iterator[Finding]:
    """`presets.denyCloudMetadata` with `api: native` combined with an egress default deny.

    Kubernetes NetworkPolicy has no deny: the native preset *allows* egress to `0.0.0.0/0` and
    `::/0` except the metadata addresses. Policies are a union, so that allow re-opens all other
    egress of the selected pods and cancels the default deny. Use `api: calico` instead.

    PASS:

        presets:
          defaultDeny: {enabled: true, egress: true}
          allowDNS: {enabled: true}
          denyCloudMetadata: {enabled: true, api: calico}

    FAIL:

        presets:
          defaultDeny: {enabled: true, egress: true}
          allowDNS: {enabled: true}
          denyCloudMetadata: {enabled: true, api: native}
    """
    preset = ctx.preset("denyCloudMetadata")
    if preset is None or preset.api != "native" or preset.kind is None:
        return
    deny = next(_egress_default_denies(ctx), None)
    if deny is not None:
        yield Finding(
            preset.at("enabled"),
            f"the native denyCloudMetadata preset allows all egress except the metadata addresses, "
            f"which cancels the egress default deny of {deny.what}",
            hint="use api: calico (Deny rules in their own tier)",
        )


@check("NPK306", "Rules for a direction the policy does not apply to", WARNING)
def ignored_direction(ctx: Context) -> Iterator[Finding]:
    """Rules under `ingress`/`egress` when `types` (Calico) or `policyTypes` (Kubernetes) leaves that
    direction out: the rules are ignored.

    PASS:

        networkPolicies:
          web:
            policyTypes: [Ingress, Egress]
            egress:
              - ports: [{port: 443}]

    FAIL:

        networkPolicies:
          web:
            policyTypes: [Ingress]
            egress:
              - ports: [{port: 443}]
    """
    for entry in ctx.entries():
        if entry.kind.family not in ("calico", "native"):
            continue
        key = "types" if entry.kind.is_calico_policy else "policyTypes"
        types = as_list(entry.body.get(key))
        if not types:
            continue
        for direction in ("ingress", "egress"):
            if as_list(entry.body.get(direction)) and direction.capitalize() not in types:
                yield Finding(
                    entry.at(direction),
                    f"{direction} rules are ignored: {key} does not include {direction.capitalize()}",
                    hint=f"add {direction.capitalize()} to {key}, or remove the rules",
                )
