"""What the network-policy APIs mean by their lists, and one-liners a reviewer reads at a glance.

Native NetworkPolicy lists (rules, peers, ports, policyTypes, except) are sets: the API server
ORs them and their order means nothing. Calico rules (`spec.ingress`, `spec.egress`) are
evaluated in order, so a move is a change of behaviour; the lists inside a Calico rule (nets,
ports, selectors' sets, methods) are sets again. Anything else is an ordered list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from netpolkit.diff.fields import ListMode, ModeFor, ordered_lists
from netpolkit.diff.model import Change, FieldChange
from netpolkit.manifests import Identity
from netpolkit.problems import KeyPath, format_path

CALICO_GROUPS = ("projectcalico.org", "crd.projectcalico.org")
CALICO_POLICIES = ("NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy")
RULE_LISTS = ("ingress", "egress")
#: Short names for fields inside a rule (`#` is any list index).
RULE_FIELDS: dict[tuple[str, ...], str] = {
    ("ports", "#", "port"): "port",
    ("ports", "#", "endPort"): "endPort",
    ("ports", "#", "protocol"): "port protocol",
}


@dataclass(frozen=True)
class Family:
    """How one kind's lists compare: ordered paths (key paths without indexes), sets under a prefix."""

    name: str
    ordered: frozenset[tuple[str, ...]] = frozenset()
    sets_under: tuple[str, ...] | None = ("spec",)

    def mode(self, keys: tuple[str, ...]) -> ListMode:
        if keys in self.ordered:
            return "ordered"
        if self.sets_under is not None and keys[: len(self.sets_under)] == self.sets_under:
            return "set"
        return "ordered"


NATIVE = Family("native-policy")
CALICO = Family("calico-policy", ordered=frozenset({("spec", "ingress"), ("spec", "egress")}))
CALICO_SET = Family("calico-set")

FAMILIES: dict[tuple[str, str], Family] = {
    ("networking.k8s.io", "NetworkPolicy"): NATIVE,
    **{(g, "StagedKubernetesNetworkPolicy"): NATIVE for g in CALICO_GROUPS},
    **{(g, k): CALICO for g in CALICO_GROUPS for k in CALICO_POLICIES},
    **{(g, k): CALICO_SET for g in CALICO_GROUPS for k in ("NetworkSet", "GlobalNetworkSet", "HostEndpoint")},
}


def family_of(identity: Identity) -> Family | None:
    return FAMILIES.get((identity.group, identity.kind))


def mode_for(identity: Identity) -> ModeFor:
    family = family_of(identity)
    return family.mode if family else ordered_lists


# --- display -------------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z0-9_/.:=()!&|<>~^$-][^{}\[\],#\n\"]*$")
_NOT_PLAIN = re.compile(r"^(?:[-+]?[0-9._]+(?:[eE][-+]?[0-9]+)?|true|false|yes|no|on|off|null|~)$", re.IGNORECASE)


def compact(value: Any, *, nested: bool = False) -> str:
    """A value on one line, YAML-flow style: `{action: Allow, destination: {ports: [80]}}`.

    A string on its own (a selector, say) is shown as is unless it would read as another type;
    inside a flow map or list it is quoted when flow punctuation would make it ambiguous.
    """
    if isinstance(value, dict):
        return "{" + ", ".join(f"{compact(k, nested=True)}: {compact(v, nested=True)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(compact(v, nested=True) for v in value) + "]"
    if isinstance(value, str):
        plain = (not nested or _PLAIN.match(value)) and value and "\n" not in value
        plain = plain and not _NOT_PLAIN.match(value) and value == value.strip()
        return value if plain else json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def generic(fc: FieldChange) -> str:
    """`path: old -> new` (or `+ path: new`, ...) for a field no one-liner covers."""
    where = format_path(fc.path)
    if fc.change is Change.CHANGED:
        return f"{where}: {compact(fc.old)} -> {compact(fc.new)}"
    if fc.change is Change.ADDED:
        return f"{where}: {compact(fc.new)}"
    if fc.change is Change.REMOVED:
        return f"{where}: {compact(fc.old)}"
    return f"{where}: moved from [{fc.old}]"


def _port(port: Any) -> str:
    if isinstance(port, dict) and set(port) <= {"protocol", "port", "endPort"}:
        text = f"{port.get('protocol', 'TCP')}/{port.get('port', '*')}"
        return text + (f"-{port['endPort']}" if "endPort" in port else "")
    return compact(port)


def _what(field: str, fc: FieldChange) -> str:
    """`field a -> b`, `field added: b`, `field removed: a`; a set member: `field: b added`."""
    if fc.change is Change.CHANGED:
        return f"{field} {compact(fc.old)} -> {compact(fc.new)}"
    value = compact(fc.new if fc.change is Change.ADDED else fc.old)
    if isinstance(fc.path[-1], int):
        return f"{field}: {value} {fc.change.value}"
    return f"{field} {fc.change.value}: {value}"


def _rule_phrase(fc: FieldChange) -> str:
    """Phrases for changes inside `spec.ingress` / `spec.egress` (both APIs)."""
    direction, index, rest = str(fc.path[1]), fc.path[2], fc.path[3:]
    rule = f"{direction} rule {index}"
    if not rest:
        if fc.change is Change.MOVED:
            return f"{direction} rule {fc.old} moved to {fc.new}"
        if fc.change is Change.ADDED:
            return f"{rule} added: {compact(fc.new)}"
        if fc.change is Change.REMOVED:
            return f"{rule} removed: {compact(fc.old)}"
        return f"{rule} {compact(fc.old)} -> {compact(fc.new)}"
    if len(rest) == 2 and rest[0] in ("from", "to") and fc.change in (Change.ADDED, Change.REMOVED):
        peer = fc.new if fc.change is Change.ADDED else fc.old
        return f"{rule} peer {fc.change.value}: {compact(peer)}"
    if len(rest) == 2 and rest[0] == "ports" and fc.change in (Change.ADDED, Change.REMOVED):
        port = fc.new if fc.change is Change.ADDED else fc.old
        return f"{rule} port {fc.change.value}: {_port(port)}"
    if fc.change is Change.MOVED:
        return ""
    pattern = tuple("#" if isinstance(k, int) else k for k in rest)
    field = RULE_FIELDS.get(pattern) or format_path(rest[:-1] if isinstance(rest[-1], int) else rest)
    return f"{rule} {_what(field, fc)}"


def _spec_phrase(fc: FieldChange) -> str:
    """`order 100 -> 50`, `selector a -> b`, `types: Egress added` for top-level spec fields."""
    rest = fc.path[1:]
    if fc.change is Change.MOVED:
        return ""
    field = format_path(rest[:-1] if isinstance(rest[-1], int) else rest)
    return _what(field, fc)


def _is_rule(path: KeyPath) -> bool:
    return len(path) >= 3 and path[0] == "spec" and path[1] in RULE_LISTS and isinstance(path[2], int)


def one_liner(identity: Identity, fc: FieldChange) -> str:
    """A policy-aware one-liner for a field change of a policy object, or "" to use the generic form."""
    family = family_of(identity)
    if family is None or family.name == "calico-set" or not fc.path or fc.path[0] != "spec":
        return ""
    if _is_rule(fc.path):
        return _rule_phrase(fc)
    if len(fc.path) == 2 or (len(fc.path) > 2 and fc.path[1] not in RULE_LISTS):
        return _spec_phrase(fc)
    return ""
