"""A typed, forgiving view of the merged values that every check walks.

The values may be schema-invalid, so every accessor checks types and yields nothing for what it
cannot read: a check never raises on a wrong type, it just has less to look at (the schema reports
the type error).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TypeVar

from netpolkit import selectors as sel
from netpolkit.kinds import BY_VALUES_KEY, FAMILIES, KINDS, Family, Kind, Scope
from netpolkit.problems import KeyPath, format_path

T = TypeVar("T")


def as_map(value: Any) -> Mapping[str, Any] | None:
    if type(value) is dict:  # the common cases first, without the slower ABC check
        return value
    if value is None:
        return None
    return value if isinstance(value, Mapping) else None


def as_list(value: Any) -> list[Any] | None:
    return value if isinstance(value, list) else None


def as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def is_enabled(body: Mapping[str, Any]) -> bool:
    """`enabled` as the templates read it: absent or null is on, otherwise its truthiness."""
    enabled = body.get("enabled")
    return enabled is None or bool(enabled)


def as_int(value: Any) -> int | None:
    """An int that is not a bool (YAML `true` is a bool, and bool is an int in Python)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


#: The order the checks walk the kinds, and so the order of their findings: family by family,
#: namespaced kinds first, each kind before its staged form (not the chart's order, `KINDS`).
CHECK_ORDER: tuple[Kind, ...] = tuple(
    sorted(KINDS, key=lambda k: (FAMILIES.index(k.family), k.scope == "cluster", k.staged))
)
NATIVE_NP = BY_VALUES_KEY["networkPolicies"]
CALICO_NP = BY_VALUES_KEY["calicoNetworkPolicies"]
CALICO_GNP = BY_VALUES_KEY["calicoGlobalNetworkPolicies"]
TIER = BY_VALUES_KEY["tiers"]

#: The keys of a Calico rule and of an EntityRule (a check that reasons about what a rule does not
#: restrict skips rules with other keys: the schema reports those, and the rule's meaning is unclear).
RULE_KEYS = frozenset(
    {"action", "protocol", "notProtocol", "icmp", "notICMP", "ipVersion", "source", "destination", "http", "metadata"}
)
ENTITY_KEYS = frozenset(
    {
        "nets",
        "notNets",
        "selector",
        "notSelector",
        "namespaceSelector",
        "ports",
        "notPorts",
        "serviceAccounts",
        "services",
        "domains",
    }
)
NATIVE_RULE_KEYS = frozenset({"from", "to", "ports"})

#: Built-in Calico tiers: order and default action (api-reference section 3).
BUILTIN_TIERS: dict[str, tuple[float, str]] = {
    "kube-admin": (1000.0, "Pass"),
    "default": (1_000_000.0, "Deny"),
    "kube-baseline": (10_000_000.0, "Pass"),
}


_FAMILY_KINDS: dict[str, tuple[Kind, ...]] = {
    family: tuple(k for k in CHECK_ORDER if k.family == family) for family in FAMILIES
}


@dataclass(frozen=True)
class Entry:
    """One enabled entry of a typed map, e.g. `calicoNetworkPolicies.web`."""

    kind: Kind
    key: str
    body: Mapping[str, Any]

    #: Every rule and finding of the entry starts with it; worked out once.
    path: KeyPath = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", (self.kind.values_key, self.key))

    def at(self, *keys: str | int) -> KeyPath:
        return (*self.path, *keys)

    @property
    def label(self) -> str:
        """`calicoNetworkPolicies.web`: how messages name the entry."""
        return format_path(self.path)

    @property
    def name(self) -> str:
        """The entry's own name (`name`, else the map key), before any prefix."""
        name = self.body.get("name")
        return name if isinstance(name, str) and name else self.key

    @property
    def tier(self) -> str:
        tier = self.body.get("tier")
        return tier if isinstance(tier, str) and tier else "default"


#: The source or destination of a rule that has none (one shared, read-only empty map).
_NO_ENTITY: Mapping[str, Any] = MappingProxyType({})


@dataclass(slots=True)
class RuleRef:
    """One Calico rule: `<entry>.<direction>[index]`.

    One RuleRef per rule is built per run and shared by every check (`Context.calico_rules`), so
    what almost every check asks for (path, action, source, destination) is worked out once, here.
    Read-only by convention rather than frozen: a frozen dataclass sets each field through
    `object.__setattr__`, which made building 20,000 of them three times slower.
    """

    entry: Entry
    direction: Literal["ingress", "egress"]
    index: int
    rule: Mapping[str, Any]
    path: KeyPath = field(init=False, repr=False, compare=False)
    action: str | None = field(init=False, repr=False, compare=False)
    source: Mapping[str, Any] = field(init=False, repr=False, compare=False)
    destination: Mapping[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rule = self.rule
        self.path = (*self.entry.path, self.direction, self.index)
        self.action = as_str(rule.get("action"))
        self.source = as_map(rule.get("source")) or _NO_ENTITY
        self.destination = as_map(rule.get("destination")) or _NO_ENTITY

    def at(self, *keys: str | int) -> KeyPath:
        return (*self.path, *keys)

    def side(self, name: Literal["source", "destination"]) -> Mapping[str, Any]:
        return self.source if name == "source" else self.destination


#: Keys that most rules have. `Context.calico_rules_with` is for the others, and a rule that has
#: only these cannot have the others: such lookups go through the few rules that have more.
_USUAL_RULE_KEYS = frozenset({"action", "protocol", "source", "destination"})
_USUAL_ENTITY_KEYS = frozenset({"selector", "namespaceSelector", "nets", "ports"})
_USUAL_KEYS = _USUAL_RULE_KEYS | _USUAL_ENTITY_KEYS


def _has_unusual_keys(rule: RuleRef) -> bool:
    return not (
        _USUAL_RULE_KEYS.issuperset(rule.rule)
        and _USUAL_ENTITY_KEYS.issuperset(rule.source)
        and _USUAL_ENTITY_KEYS.issuperset(rule.destination)
    )


def _has_any(rule: RuleRef, keys: tuple[str, ...]) -> bool:
    """`rule` has one of `keys`: a rule key (`http`), or `side.key` (`destination.domains`)."""
    for key in keys:
        side, _, name = key.partition(".")
        entity = rule.source if side == "source" else rule.destination if side == "destination" else None
        if key in rule.rule or (entity is not None and name in entity):
            return True
    return False


@dataclass(frozen=True)
class NativeRuleRef:
    """One Kubernetes NetworkPolicy rule: `<entry>.<direction>[index]`, peers under from/to."""

    entry: Entry
    direction: Literal["ingress", "egress"]
    index: int
    rule: Mapping[str, Any]

    @property
    def peers_key(self) -> str:
        return "from" if self.direction == "ingress" else "to"

    @property
    def path(self) -> KeyPath:
        return self.entry.at(self.direction, self.index)

    def at(self, *keys: str | int) -> KeyPath:
        return (*self.path, *keys)


SelectorRole = Literal[
    "policy",  # spec.selector of a Calico policy
    "policy-namespace",  # spec.namespaceSelector of a (Staged)GlobalNetworkPolicy
    "service-account",  # spec.serviceAccountSelector, serviceAccounts.selector
    "entity",  # source/destination selector, notSelector
    "entity-namespace",  # source/destination namespaceSelector: the one place global() is allowed
    "preset",  # presets.*.podSelector with api calico, presets.namespaceSelector
]


@dataclass(slots=True)
class SelectorRef:
    """A Calico selector field (string or label-selector map) and the role it plays (one per
    field per run, like `RuleRef`, and not frozen for the same reason)."""

    path: KeyPath
    value: Any
    role: SelectorRole
    entry: Entry | None = None


PRESET_KEYS = (
    "defaultDeny",
    "allowDNS",
    "allowSameNamespace",
    "allowFromIngressController",
    "allowFromMonitoring",
    "allowKubeAPIServer",
    "denyCloudMetadata",
)


@dataclass(frozen=True)
class Preset:
    """An enabled preset and the kind it expands into (None: this api cannot render in this scope)."""

    key: str
    body: Mapping[str, Any]
    api: str
    kind: Kind | None

    @property
    def path(self) -> KeyPath:
        return ("presets", self.key)

    def at(self, *keys: str | int) -> KeyPath:
        return (*self.path, *keys)

    @property
    def name(self) -> str:
        """`name`, or (as the templates do) the preset key when it is empty."""
        name = self.body.get("name")
        return name if isinstance(name, str) and name else self.key


@dataclass
class Context:
    """The merged values plus derived settings, shared by all checks of one run."""

    values: Mapping[str, Any]
    _parsed: dict[str, sel.Node | sel.SelectorError] = field(default_factory=dict, repr=False)
    _canonical: dict[str, str] = field(default_factory=dict, repr=False)
    #: Walks shared by the checks of one run (values are not modified while checks run).
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ settings
    @property
    def scope(self) -> Scope:
        return "cluster" if self.values.get("scope") == "cluster" else "namespace"

    @property
    def edition(self) -> str:
        calico = as_map(self.values.get("calico")) or {}
        return "enterprise" if calico.get("edition") == "enterprise" else "oss"

    @property
    def name_prefix(self) -> str:
        return as_str(self.values.get("namePrefix")) or ""

    @property
    def tier_prefixed_names(self) -> bool:
        calico = as_map(self.values.get("calico")) or {}
        return calico.get("tierPrefixedNames") is True

    # ------------------------------------------------------------------ shared walks
    def shared(self, key: Hashable, build: Callable[[], T]) -> T:
        """`build()`, once per run: a walk or a table that several checks need.

        Twenty-odd checks each look at every rule; building what they share once (rule lists,
        parsed ports and CIDRs, selector verdicts) instead of once per check is what keeps
        `validate` fast on large values. `key` must name what `build` computes.
        """
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = build()
            return value

    # ------------------------------------------------------------------ entries
    def entries(self, *kinds: Kind) -> Iterator[Entry]:
        """Enabled entries (any scope) of `kinds` (default: all kinds), in values order."""
        key = ("entries", kinds)
        if key not in self._memo:
            self._memo[key] = list(self._entries(kinds))
        return iter(self._memo[key])

    def _entries(self, kinds: tuple[Kind, ...]) -> Iterator[Entry]:
        for kind in kinds or CHECK_ORDER:
            table = as_map(self.values.get(kind.values_key))
            if table is None:
                continue
            for key, body in table.items():
                if isinstance(key, str) and isinstance(body, Mapping) and is_enabled(body):
                    yield Entry(kind, key, body)

    def family(self, family: Family) -> Iterator[Entry]:
        return self.entries(*_FAMILY_KINDS[family])

    def in_scope(self, entry: Entry) -> bool:
        return entry.kind.scope == self.scope

    def rendered_name(self, entry: Entry) -> str:
        """`metadata.name`: `[<tier>.]` + namePrefix + name (docs/values-model.md)."""
        name = self.name_prefix + entry.name
        if entry.kind.is_calico_policy and self.tier_prefixed_names:
            tier = entry.tier
            if tier != "default" and not name.startswith(tier + "."):
                name = f"{tier}.{name}"
        return name

    def rendered_tiers(self) -> dict[str, Any]:
        """Tier name -> `order` (None when unset) of the Tiers this install renders.

        As the templates compute it: the `tiers` entries (cluster install), plus the
        denyCloudMetadata preset's tier (order `tierOrder`) when `tiers` does not declare it.
        """
        tiers = {self.rendered_name(e): e.body.get("order") for e in self.entries(TIER) if self.in_scope(e)}
        preset = self.preset("denyCloudMetadata")
        tier = as_str(preset.body.get("tier")) if preset else None
        if preset and preset.api == "calico" and self.scope == "cluster" and tier:
            declared = tier in tiers or tier in (as_map(self.values.get("tiers")) or {})
            if not declared:
                tiers[tier] = preset.body.get("tierOrder")
        return tiers

    def calico_rules(self, entry: Entry) -> Iterator[RuleRef]:
        key = ("calico-rules", id(entry.body))
        if key not in self._memo:
            self._memo[key] = list(self._calico_rules(entry))
        return iter(self._memo[key])

    def _calico_rules(self, entry: Entry) -> Iterator[RuleRef]:
        for direction in ("ingress", "egress"):
            for index, rule in enumerate(as_list(entry.body.get(direction)) or []):
                if isinstance(rule, Mapping):
                    yield RuleRef(entry, direction, index, rule)

    def all_calico_rules(self) -> Iterator[RuleRef]:
        """Every rule of every enabled Calico policy, in values order."""
        return iter(self._calico_rule_list())

    def _calico_rule_list(self) -> list[RuleRef]:
        def walk() -> list[RuleRef]:
            return [rule for entry in self.family("calico") for rule in self.calico_rules(entry)]

        return self.shared("all-calico-rules", walk)

    def calico_rules_with(self, *keys: str) -> Iterator[RuleRef]:
        """The Calico rules, in values order, that have any of `keys`: a rule key (`http`) or a
        key of its source or destination (`destination.domains`), whatever its value.

        For checks about keys that most rules do not have (icmp, http, services, domains): they
        visit those rules only, and test them exactly as before. Finding them only looks through
        the rules with a key other than the usual ones (usually none or few).
        """

        def find() -> list[RuleRef]:
            usual = any(key.rpartition(".")[2] in _USUAL_KEYS for key in keys)
            rules = self._calico_rule_list() if usual else self.shared("unusual-rules", self._unusual_rules)
            return [rule for rule in rules if _has_any(rule, keys)]

        return iter(self.shared(("calico-rules-with", keys), find))

    def _unusual_rules(self) -> list[RuleRef]:
        return [rule for rule in self._calico_rule_list() if _has_unusual_keys(rule)]

    def native_rules(self, entry: Entry) -> Iterator[NativeRuleRef]:
        for direction in ("ingress", "egress"):
            for index, rule in enumerate(as_list(entry.body.get(direction)) or []):
                if isinstance(rule, Mapping):
                    yield NativeRuleRef(entry, direction, index, rule)

    def all_native_rules(self) -> Iterator[NativeRuleRef]:
        """Every rule of every enabled Kubernetes policy, in values order (one list per run)."""

        def walk() -> list[NativeRuleRef]:
            return [rule for entry in self.family("native") for rule in self.native_rules(entry)]

        return iter(self.shared("all-native-rules", walk))

    # ------------------------------------------------------------------ presets
    def presets(self) -> Iterator[Preset]:
        """Enabled presets with the kind each one expands into in this scope."""
        table = as_map(self.values.get("presets")) or {}
        for key in PRESET_KEYS:
            body = as_map(table.get(key))
            if body is None or not body.get("enabled"):
                continue
            api = "calico" if body.get("api") == "calico" else "native"
            if self.scope == "namespace":
                kind: Kind | None = CALICO_NP if api == "calico" else NATIVE_NP
            else:
                kind = CALICO_GNP if api == "calico" else None
            yield Preset(key, body, api, kind)

    def preset(self, key: str) -> Preset | None:
        return next((p for p in self.presets() if p.key == key), None)

    def preset_rendered_name(self, preset: Preset) -> str:
        name = self.name_prefix + preset.name
        if preset.api == "calico" and self.tier_prefixed_names:
            tier = as_str(preset.body.get("tier")) or "default"
            if tier != "default" and not name.startswith(tier + "."):
                name = f"{tier}.{name}"
        return name

    # ------------------------------------------------------------------ selectors
    def selectors(self) -> Iterator[SelectorRef]:
        """Every Calico selector field of enabled Calico policies and presets."""
        if "selectors" not in self._memo:
            self._memo["selectors"] = list(self._selectors())
        return iter(self._memo["selectors"])

    def _selectors(self) -> Iterator[SelectorRef]:
        for entry in self.family("calico"):
            body = entry.body
            for key, role in (("selector", "policy"), ("serviceAccountSelector", "service-account")):
                if key in body:
                    yield SelectorRef(entry.at(key), body[key], role, entry)  # type: ignore[arg-type]
            if entry.kind.is_global and "namespaceSelector" in body:
                yield SelectorRef(entry.at("namespaceSelector"), body["namespaceSelector"], "policy-namespace", entry)
            for rule in self.calico_rules(entry):
                for side in ("source", "destination"):
                    entity = rule.side(side)
                    if not entity:
                        continue
                    for key, role in (
                        ("selector", "entity"),
                        ("notSelector", "entity"),
                        ("namespaceSelector", "entity-namespace"),
                    ):
                        if key in entity:
                            yield SelectorRef(rule.at(side, key), entity[key], role, entry)  # type: ignore[arg-type]
                    accounts = as_map(entity.get("serviceAccounts")) if "serviceAccounts" in entity else None
                    if accounts and "selector" in accounts:
                        yield SelectorRef(
                            rule.at(side, "serviceAccounts", "selector"), accounts["selector"], "service-account", entry
                        )
        presets = as_map(self.values.get("presets")) or {}
        calico_presets = [p for p in self.presets() if p.api == "calico"]
        for preset in calico_presets:
            if "podSelector" in preset.body:
                yield SelectorRef(preset.at("podSelector"), preset.body["podSelector"], "preset")
        if self.scope == "cluster" and calico_presets and "namespaceSelector" in presets:
            yield SelectorRef(("presets", "namespaceSelector"), presets["namespaceSelector"], "preset")

    def parse_selector(self, text: str) -> sel.Node | sel.SelectorError:
        """Parse once per distinct string; the error, not an exception, for invalid ones."""
        if text not in self._parsed:
            try:
                self._parsed[text] = sel.parse(text)
            except sel.SelectorError as err:
                self._parsed[text] = err
        return self._parsed[text]

    def selector_node(self, value: Any) -> sel.Node | None:
        """The AST of a selector field (string or label-selector map), or None if it is invalid."""
        try:
            text = sel.selector_text(value)
        except sel.LabelSelectorError:
            return None
        node = self.parse_selector(text)
        return None if isinstance(node, sel.SelectorError) else node

    def canonical_selector(self, value: Any) -> str | None:
        """`sel.canonical` of a selector field, once per distinct text; None if it is invalid.

        Rules compare selectors in canonical form (NPK304), and the same few selectors recur in
        thousands of rules.
        """
        if type(value) is str and value in self._canonical:
            return self._canonical[value]
        try:
            text = sel.selector_text(value)
        except sel.LabelSelectorError:
            return None
        canonical = self._canonical.get(text)
        if canonical is None:
            node = self.parse_selector(text)
            if isinstance(node, sel.SelectorError):
                return None
            canonical = self._canonical[text] = sel.canonical(node)
        return canonical
