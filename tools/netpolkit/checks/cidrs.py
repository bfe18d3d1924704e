"""CIDRs: valid networks, no host bits, one IP family per rule, `except` inside `cidr`, `notNets`.

Covers Calico rule `nets`/`notNets`, Kubernetes `ipBlock`, network sets, host endpoint
`expectedIPs` and the CIDR lists of the presets. Parsing uses Python's `ipaddress`, which is as
strict as Go's `net.ParseCIDR` (no leading zeros, no zone).
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from netpolkit.checks.base import Finding, check
from netpolkit.checks.model import Context, RuleRef, as_int, as_list, as_map
from netpolkit.problems import KeyPath, PathKey

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
#: Distinct CIDR texts remembered across calls: values repeat the same few networks in thousands of
#: rules, and `ipaddress` takes ~20 µs a parse. Bounded, so a long-lived process stays small.
_CACHE_SIZE = 4096


@dataclass(slots=True)
class CidrRef:
    """A CIDR or address string and where it is (read-only; not frozen, see `RuleRef`).

    It keeps the path of its list (or map) and its key there: the list's path is shared by its
    items, and only a CIDR with a problem needs a path of its own.
    """

    where: KeyPath
    key: PathKey
    value: str
    #: Calico accepts a bare IP as a /32 or /128; Kubernetes `ipBlock` needs a prefix length.
    bare_ip_ok: bool = True
    #: `expectedIPs`: an address, never a network.
    address_only: bool = False

    @property
    def path(self) -> KeyPath:
        return (*self.where, self.key)


def parse_network(text: str, *, bare_ip_ok: bool = True) -> Network | None:
    """The network `text` names (host bits masked), or None when it is not a CIDR."""
    if "%" in text or text != text.strip():
        return None
    if "/" not in text and not bare_ip_ok:
        return None
    return _network(text)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _network(text: str) -> Network | None:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _host_bits(text: str) -> tuple[Address, Network] | None:
    """For a CIDR with host bits set, the address as written and the network it means; None
    for a network address or an invalid CIDR (cached like `_network`)."""
    net = parse_network(text)
    if net is None:
        return None
    address = ipaddress.ip_address(text.split("/", 1)[0])
    return (address, net) if address != net.network_address else None


def _list(ctx_path: KeyPath, value: Any, **kw: bool) -> Iterator[CidrRef]:
    for i, item in enumerate(as_list(value) or []):
        if isinstance(item, str):
            yield CidrRef(ctx_path, i, item, **kw)


def _rule_nets(rule: RuleRef) -> list[CidrRef]:
    found: list[CidrRef] = []
    for side, entity in (("source", rule.source), ("destination", rule.destination)):
        if not entity:
            continue
        for key in ("nets", "notNets"):
            items = as_list(entity.get(key))
            if items:  # most rules have none: build no path for them
                here = rule.at(side, key)
                found += [CidrRef(here, i, item) for i, item in enumerate(items) if isinstance(item, str)]
    return found


def rule_cidrs(ctx: Context) -> list[tuple[RuleRef, list[CidrRef]]]:
    """The Calico rules that list CIDRs, each with its `nets` and `notNets` (source first).

    One walk per run, shared by the CIDR checks and kept in the context: most rules have no CIDRs,
    and the checks that look at a rule's CIDRs only need these.
    """

    def walk() -> list[tuple[RuleRef, list[CidrRef]]]:
        found = ((rule, _rule_nets(rule)) for rule in ctx.all_calico_rules())
        return [(rule, refs) for rule, refs in found if refs]

    return ctx.shared("cidrs.rules", walk)


def cidr_refs(ctx: Context) -> list[CidrRef]:
    """Every CIDR or address string in the values (one walk per run, shared)."""
    return ctx.shared("cidrs.all", lambda: list(_cidr_refs(ctx)))


def _cidr_refs(ctx: Context) -> Iterator[CidrRef]:
    for _, refs in rule_cidrs(ctx):
        yield from refs
    for native in ctx.all_native_rules():
        for i, peer in enumerate(as_list(native.rule.get(native.peers_key)) or []):
            block = as_map((as_map(peer) or {}).get("ipBlock"))
            if block is None:
                continue
            here = native.at(native.peers_key, i, "ipBlock")
            if isinstance(block.get("cidr"), str):
                yield CidrRef(here, "cidr", block["cidr"], bare_ip_ok=False)
            yield from _list((*here, "except"), block.get("except"), bare_ip_ok=False)
    for entry in ctx.family("netset"):
        yield from _list(entry.at("nets"), entry.body.get("nets"))
    for entry in ctx.family("hostendpoint"):
        yield from _list(entry.at("expectedIPs"), entry.body.get("expectedIPs"), address_only=True)
    for preset in ctx.presets():
        for key in ("extraCIDRs", "cidrs"):
            yield from _list(preset.at(key), preset.body.get(key), bare_ip_ok=preset.api != "native")


@check("NPK210", "Invalid CIDR or IP address")
def invalid_cidr(ctx: Context) -> Iterator[Finding]:
    """Every CIDR must be a valid IPv4 or IPv6 network (`10.0.0.0/8`, `fd00::/64`).

    Calico `nets`, `notNets` and network-set `nets` also accept a bare address (a /32 or /128);
    Kubernetes `ipBlock.cidr` and `except` need the prefix length; `expectedIPs` are addresses.

    PASS:

        networkSets:
          office:
            nets: [192.0.2.0/24, 2001:db8::/32]

    FAIL:

        networkSets:
          office:
            nets: [2001:db8::1::/64]
    """
    for ref in cidr_refs(ctx):
        if ref.address_only:
            try:
                ipaddress.ip_address(ref.value)
            except ValueError:
                yield Finding(ref.path, f"{ref.value!r} is not an IP address", hint="write e.g. 10.0.0.10")
            continue
        if parse_network(ref.value, bare_ip_ok=ref.bare_ip_ok) is None:
            if not ref.bare_ip_ok and "/" not in ref.value and parse_network(ref.value) is not None:
                yield Finding(
                    ref.path,
                    f"{ref.value!r} has no prefix length; ipBlock needs a CIDR",
                    hint=f"write {ref.value}/{32 if ':' not in ref.value else 128} for a single address",
                )
            else:
                yield Finding(ref.path, f"{ref.value!r} is not a valid CIDR", hint="write e.g. 10.0.0.0/8")


@check("NPK211", "CIDR with host bits set")
def host_bits(ctx: Context) -> Iterator[Finding]:
    """A CIDR's address must be the network address: `10.0.0.0/24`, not `10.0.0.5/24`.

    Calico and Kubernetes silently mask the host bits, so `10.0.0.5/24` means the whole /24,
    which is rarely what was meant (usually `10.0.0.5/32`).

    PASS:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                destination:
                  nets: [10.0.0.0/24]

    FAIL:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                destination:
                  nets: [10.0.0.5/24]
    """
    for ref in cidr_refs(ctx):
        if ref.address_only or "/" not in ref.value:
            continue
        masked = _host_bits(ref.value)
        if masked is not None:
            address, net = masked
            single = f"{address}/{net.max_prefixlen}"
            yield Finding(
                ref.path,
                f"{ref.value} has host bits set; it means {net}",
                hint=f"write {net} for the network or {single} for the single address",
            )


def _families(refs: list[CidrRef]) -> Iterator[tuple[CidrRef, int]]:
    for ref in refs:
        net = parse_network(ref.value)
        if net is not None:
            yield ref, net.version


@check("NPK212", "IPv4 and IPv6 mixed in one rule")
def mixed_families(ctx: Context) -> Iterator[Finding]:
    """One Calico rule may not mix IPv4 and IPv6 CIDRs across its `nets` and `notNets`.

    Calico compiles each rule for one IP family; split the rule in two.

    PASS:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                destination:
                  nets: [10.0.0.0/8]
              - action: Allow
                destination:
                  nets: [fd00::/8]

    FAIL:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                destination:
                  nets: [10.0.0.0/8, fd00::/8]
    """
    for _, refs in rule_cidrs(ctx):
        first: int | None = None
        for ref, version in _families(refs):
            if first is None:
                first = version
            elif version != first:
                yield Finding(
                    ref.path,
                    f"rule mixes IPv{first} and IPv{version} CIDRs; a Calico rule matches one IP family",
                    hint="split it into one rule per IP family",
                )
                break


@check("NPK213", "ipVersion disagrees with the CIDRs")
def ip_version_mismatch(ctx: Context) -> Iterator[Finding]:
    """A rule's `ipVersion` must match the family of its CIDRs.

    PASS:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                ipVersion: 4
                destination:
                  nets: [10.0.0.0/8]

    FAIL:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                ipVersion: 6
                destination:
                  nets: [10.0.0.0/8]
    """
    for rule, refs in rule_cidrs(ctx):
        version = as_int(rule.rule.get("ipVersion"))
        if version not in (4, 6):
            continue
        for ref, family in _families(refs):
            if family != version:
                yield Finding(
                    ref.path,
                    f"{ref.value} is an IPv{family} CIDR but the rule has ipVersion: {version}",
                    hint=f"drop ipVersion or use IPv{version} CIDRs",
                )
                break


def _strictly_inside(inner: Network, outer: Network) -> bool:
    if isinstance(inner, ipaddress.IPv4Network) and isinstance(outer, ipaddress.IPv4Network):
        return inner != outer and inner.subnet_of(outer)
    if isinstance(inner, ipaddress.IPv6Network) and isinstance(outer, ipaddress.IPv6Network):
        return inner != outer and inner.subnet_of(outer)
    return False


@check("NPK214", "ipBlock.except outside ipBlock.cidr")
def except_outside(ctx: Context) -> Iterator[Finding]:
    """Each `ipBlock.except` entry must be a strict subset of `ipBlock.cidr`.

    The Kubernetes API server rejects an `except` that is not inside `cidr` (or equal to it).

    PASS:

        networkPolicies:
          web:
            egress:
              - to:
                  - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}

    FAIL:

        networkPolicies:
          web:
            egress:
              - to:
                  - ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}
    """
    for native in ctx.all_native_rules():
        for i, peer in enumerate(as_list(native.rule.get(native.peers_key)) or []):
            block = as_map((as_map(peer) or {}).get("ipBlock"))
            cidr = block.get("cidr") if block else None
            if block is None or not isinstance(cidr, str):
                continue
            outer = parse_network(cidr, bare_ip_ok=False)
            if outer is None:
                continue
            for j, item in enumerate(as_list(block.get("except")) or []):
                inner = parse_network(item, bare_ip_ok=False) if isinstance(item, str) else None
                if inner is None:
                    continue
                if not _strictly_inside(inner, outer):
                    yield Finding(
                        native.at(native.peers_key, i, "ipBlock", "except", j),
                        f"except {item} is not a strict subset of cidr {cidr}",
                        hint="list only ranges inside cidr; remove the peer if nothing is left",
                    )


@check("NPK215", "notNets matches everything")
def not_nets_everything(ctx: Context) -> Iterator[Finding]:
    """`notNets` may not contain `0.0.0.0/0` or `::/0`: the rule would never match.

    Calico rejects it. To match "not this family", use `ipVersion` instead.

    PASS:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                destination:
                  notNets: [10.0.0.0/8]

    FAIL:

        calicoNetworkPolicies:
          web:
            egress:
              - action: Allow
                destination:
                  notNets: [0.0.0.0/0]
    """
    for _, refs in rule_cidrs(ctx):
        for ref in refs:
            if ref.where[-1] != "notNets":
                continue
            net = parse_network(ref.value)
            if net is not None and net.prefixlen == 0:
                yield Finding(
                    ref.path,
                    f"notNets contains {ref.value}, which excludes every address, so the rule never matches",
                    hint="remove it; use ipVersion to restrict a rule to one IP family",
                )
