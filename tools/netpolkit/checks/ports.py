"""Ports: numbers and ranges, `endPort`, named-port syntax, and the protocol that ports need.

Kubernetes ports are `{protocol, port, endPort}` with `port` a number or an IANA service name.
Calico ports are a number, a `"min:max"` range or a name (`[a-zA-Z0-9_.-]{1,128}`), and numeric
ports need the rule's protocol to be TCP, UDP or SCTP.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from netpolkit.checks.base import Finding, check
from netpolkit.checks.model import Context, RuleRef, as_int, as_list, as_map
from netpolkit.problems import KeyPath

MAX_PORT = 65535
_CALICO_PORT_NAME = re.compile(r"[a-zA-Z0-9_.-]{1,128}")
_RANGE = re.compile(r"(\d+):(\d+)")
_IANA_CHARS = re.compile(r"[-a-z0-9]+")
#: Protocols whose packets have ports (names and IANA numbers).
PORT_PROTOCOLS = {"tcp": 6, "udp": 17, "sctp": 132}
#: Protocol names Calico knows, lower-cased, with their IANA numbers.
_PROTOCOL_NUMBERS = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58, "sctp": 132, "udplite": 136}
#: The usual spellings, looked up first: several checks read the protocol of every rule.
_SPELLINGS = {
    **{spelling: n for name, n in _PROTOCOL_NUMBERS.items() for spelling in (name, name.upper())},
    "ICMPv6": 58,
    "UDPLite": 136,
}


def iana_svc_name_problem(name: str) -> str | None:
    """Why `name` is not an IANA_SVC_NAME (Kubernetes IsValidPortName), or None if it is."""
    if len(name) > 15:
        return "is longer than 15 characters"
    if not _IANA_CHARS.fullmatch(name):
        return "may contain only lower-case letters, digits and '-'"
    if not any("a" <= c <= "z" for c in name):
        return "must contain at least one letter"
    if name.startswith("-") or name.endswith("-"):
        return "may not start or end with '-'"
    if "--" in name:
        return "may not contain '--'"
    return None


@dataclass(slots=True)
class CalicoPort:
    """One parsed Calico port: a number, a range, or a name (read-only; not frozen, see `RuleRef`).

    It keeps the path of its list and its index there: the list's path is shared by its ports,
    and only a port with a problem needs a path of its own.
    """

    where: KeyPath
    index: int
    raw: Any
    low: int | None = None
    high: int | None = None
    name: str | None = None

    @property
    def path(self) -> KeyPath:
        return (*self.where, self.index)

    @property
    def numeric(self) -> bool:
        return self.low is not None


#: A port's (low, high, name): a number or a range has low and high, a name has a name.
Bounds = tuple[int | None, int | None, str | None]


def port_bounds(raw: Any) -> Bounds | None:
    """Classify a Calico port value; None when its type is wrong (the schema reports that)."""
    if type(raw) is int:  # the common case, first
        return raw, raw, None
    number = as_int(raw)
    if number is not None:
        return number, number, None
    if not isinstance(raw, str):
        return None
    return _port_text(raw)


def parse_calico_port(where: KeyPath, index: int, raw: Any) -> CalicoPort | None:
    """The port `raw`, item `index` of the ports list at `where`; None when its type is wrong."""
    bounds = port_bounds(raw)
    return None if bounds is None else CalicoPort(where, index, raw, *bounds)


@functools.lru_cache(maxsize=1024)
def _port_text(raw: str) -> Bounds:
    """(low, high, name) of a port written as text; cached: the same ranges recur in every rule."""
    if raw.isdigit():
        return int(raw), int(raw), None
    match = _RANGE.fullmatch(raw)
    if match:
        return int(match[1]), int(match[2]), None
    return None, None, raw


def calico_ports(rule: RuleRef) -> list[CalicoPort]:
    """The `ports` and `notPorts` of a rule's source, then its destination."""
    found: list[CalicoPort] = []
    for side, entity in (("source", rule.source), ("destination", rule.destination)):
        if not entity:
            continue
        for key in ("ports", "notPorts"):
            items = as_list(entity.get(key))
            if not items:
                continue
            here = rule.at(side, key)
            for i, raw in enumerate(items):
                port = parse_calico_port(here, i, raw)
                if port is not None:
                    found.append(port)
    return found


def rule_ports(ctx: Context) -> list[tuple[RuleRef, list[CalicoPort]]]:
    """The Calico rules with ports, each with its parsed ports.

    One walk per run, shared by the port checks through the context (each of them used to parse
    every port of every rule again).
    """

    def walk() -> list[tuple[RuleRef, list[CalicoPort]]]:
        found = ((rule, calico_ports(rule)) for rule in ctx.all_calico_rules())
        return [(rule, ports) for rule, ports in found if ports]

    return ctx.shared("ports.rules", walk)


def protocol_key(value: Any) -> int | str | None:
    """Normalise a Calico protocol (name, case-insensitive, or number) to a number where known."""
    if type(value) is str and value in _SPELLINGS:
        return _SPELLINGS[value]
    number = as_int(value)
    if number is not None:
        return number
    if isinstance(value, str):
        if value.isdigit():
            return int(value)
        return _PROTOCOL_NUMBERS.get(value.lower(), value.lower())
    return None


@check("NPK220", "Port number out of range")
def port_range(ctx: Context) -> Iterator[Finding]:
    """Port numbers are 1 to 65535, in Kubernetes `port`/`endPort` and in Calico ports and ranges.

    PASS:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                protocol: TCP
                destination:
                  ports: ["8000:8099"]

    FAIL:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                protocol: TCP
                destination:
                  ports: ["8000:70000"]
    """
    for _, ports in rule_ports(ctx):
        for port in ports:
            if port.low is None or port.high is None or (1 <= port.low <= MAX_PORT and 1 <= port.high <= MAX_PORT):
                continue
            bad = [p for p in (port.low, port.high) if not 1 <= p <= MAX_PORT]
            if bad:
                yield Finding(port.path, f"port {bad[0]} is out of range (1-{MAX_PORT})")
    for native in ctx.all_native_rules():
        for i, item in enumerate(as_list(native.rule.get("ports")) or []):
            port_map = as_map(item) or {}
            for key in ("port", "endPort"):
                number = as_int(port_map.get(key))
                if number is not None and not 1 <= number <= MAX_PORT:
                    yield Finding(native.at("ports", i, key), f"{key} {number} is out of range (1-{MAX_PORT})")


@check("NPK221", "Port range backwards or endPort misused")
def port_range_order(ctx: Context) -> Iterator[Finding]:
    """A range must not run backwards: `endPort >= port`, and Calico `"min:max"` with min <= max.

    Kubernetes `endPort` needs a numeric `port`; it cannot extend a named port.

    PASS:

        networkPolicies:
          web:
            ingress:
              - ports:
                  - {protocol: TCP, port: 8000, endPort: 8099}

    FAIL:

        networkPolicies:
          web:
            ingress:
              - ports:
                  - {protocol: TCP, port: 8099, endPort: 8000}
    """
    for _, ports in rule_ports(ctx):
        for port in ports:
            if port.low is not None and port.high is not None and port.low > port.high:
                yield Finding(
                    port.path,
                    f"port range {port.raw} runs backwards",
                    hint=f"write {port.high}:{port.low}",
                )
    for native in ctx.all_native_rules():
        for i, item in enumerate(as_list(native.rule.get("ports")) or []):
            port_map = as_map(item) or {}
            end = as_int(port_map.get("endPort"))
            if end is None:
                continue
            start = port_map.get("port")
            here = native.at("ports", i, "endPort")
            number = as_int(start)
            if start is None:
                yield Finding(here, "endPort needs a numeric port", hint="set port to the first port of the range")
            elif isinstance(start, str):
                yield Finding(here, f"endPort cannot extend the named port {start!r}", hint="use a numeric port")
            elif number is not None and end < number:
                yield Finding(here, f"endPort {end} is less than port {number}", hint="swap port and endPort")


@check("NPK222", "Invalid named port")
def named_port(ctx: Context) -> Iterator[Finding]:
    """Named ports must follow the API's syntax.

    Kubernetes: an IANA service name (at most 15 characters of `a-z`, `0-9` and `-`, at least one
    letter, no leading, trailing or doubled `-`). Calico: `[a-zA-Z0-9_.-]{1,128}`.

    PASS:

        networkPolicies:
          web:
            ingress:
              - ports:
                  - port: http-metrics

    FAIL:

        networkPolicies:
          web:
            ingress:
              - ports:
                  - port: http--metrics
    """
    for native in ctx.all_native_rules():
        for i, item in enumerate(as_list(native.rule.get("ports")) or []):
            port = (as_map(item) or {}).get("port")
            if isinstance(port, str) and not port.isdigit():
                problem = iana_svc_name_problem(port)
                if problem:
                    yield Finding(
                        native.at("ports", i, "port"),
                        f"named port {port!r} {problem}",
                        hint="use the container port's name as declared in the pod spec",
                    )
    for preset in ctx.presets():
        for i, port in enumerate(as_list(preset.body.get("ports")) or []):
            if isinstance(port, str) and not port.isdigit():
                problem = iana_svc_name_problem(port)
                if problem:
                    yield Finding(preset.at("ports", i), f"named port {port!r} {problem}")
    for _, ports in rule_ports(ctx):
        for port in ports:
            if port.name is not None and not _CALICO_PORT_NAME.fullmatch(port.name):
                yield Finding(
                    port.path,
                    f"{port.name!r} is neither a port, a 'min:max' range nor a valid port name",
                    hint="port names use letters, digits, '_', '.' and '-' (at most 128)",
                )


@check("NPK223", "Numeric ports without TCP, UDP or SCTP")
def ports_need_protocol(ctx: Context) -> Iterator[Finding]:
    """A Calico rule with numeric ports or ranges must set `protocol` to TCP, UDP or SCTP.

    Calico rejects ports on a rule without a port-carrying protocol. Named ports may be used
    without a protocol (the named port's own protocol applies).

    PASS:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                protocol: TCP
                destination:
                  ports: [443]

    FAIL:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                destination:
                  ports: [443]
    """
    for rule, ports in rule_ports(ctx):
        protocol = protocol_key(rule.rule.get("protocol"))
        carries_ports = protocol in PORT_PROTOCOLS.values()
        for port in ports:
            if carries_ports:
                break
            if protocol is None and not port.numeric:
                continue
            what = "numeric ports" if port.numeric else "ports"
            have = "no protocol" if protocol is None else f"protocol {rule.rule.get('protocol')}"
            yield Finding(
                port.path,
                f"{what} need protocol TCP, UDP or SCTP; the rule has {have}",
                hint="add `protocol: TCP` (or UDP/SCTP) to the rule, or one rule per protocol",
            )
            break
