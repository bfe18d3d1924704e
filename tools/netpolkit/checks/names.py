"""Names and labels: rendered object names, label and annotation keys and values, name clashes.

The rendered name is `[<tier>.]` + `namePrefix` + (`name` or the map key), so a valid key can still
render an invalid or clashing name; these checks look at the rendered result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from netpolkit.checks.base import Finding, check
from netpolkit.checks.model import Context, Entry, as_list, as_map, as_str
from netpolkit.kinds import Kind
from netpolkit.problems import KeyPath

_L = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SUBDOMAIN = rf"{_L}(\.{_L})*"
_NAME_RULES: dict[str, tuple[re.Pattern[str], int, str]] = {
    # kind -> (regex, max length, human description)
    "subdomain": (re.compile(_SUBDOMAIN), 253, "a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')"),
    "calico-policy": (
        re.compile(rf"{_L}(\.{_L})?"),
        253,
        "lower-case letters, digits and '-', with at most one '.' (the tier prefix)",
    ),
    "label": (re.compile(_L), 63, "a DNS-1123 label (lower-case letters, digits and '-', no '.')"),
}
_LABEL_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")


def name_rule(kind: Kind) -> str:
    if kind.family == "tier":
        return "label"
    if kind.is_calico_policy or kind.staged:
        return "calico-policy"
    return "subdomain"


def name_problem(name: str, rule: str) -> str | None:
    """Why `name` is not a valid object name under `rule`, or None."""
    regex, limit, description = _NAME_RULES[rule]
    if len(name) > limit:
        return f"is {len(name)} characters long; the limit is {limit}"
    if not regex.fullmatch(name):
        return f"must be {description}"
    return None


def _entry_name_path(entry: Entry) -> KeyPath:
    return entry.at("name") if as_str(entry.body.get("name")) else entry.path


@check("NPK260", "Invalid rendered object name")
def object_name(ctx: Context) -> Iterator[Finding]:
    """The rendered `metadata.name` must be valid for its kind, prefixes included.

    Kubernetes objects, network sets and host endpoints: a DNS-1123 subdomain of at most 253
    characters. Calico policies: at most one `.` (`<tier>.<name>`). Tiers: a DNS-1123 label of at
    most 63 characters. `namePrefix` and the tier prefix count too.

    PASS:

        namePrefix: team-a-
        calico: {tierPrefixedNames: true}
        calicoNetworkPolicies:
          web:
            tier: security

    FAIL (the tier prefix adds a second dot):

        calico: {tierPrefixedNames: true}
        calicoNetworkPolicies:
          web.v2:
            tier: security
    """
    for entry in ctx.entries():
        rendered = ctx.rendered_name(entry)
        problem = name_problem(rendered, name_rule(entry.kind))
        if problem:
            shown = f"name {rendered!r}" if rendered == entry.name else f"rendered name {rendered!r}"
            yield Finding(
                _entry_name_path(entry),
                f"{shown} {problem}",
                hint="shorten the name or namePrefix" if "long" in problem else "rename the entry",
            )
    for preset in ctx.presets():
        if preset.kind is None:
            continue
        rendered = ctx.preset_rendered_name(preset)
        problem = name_problem(rendered, name_rule(preset.kind))
        if problem:
            yield Finding(preset.at("enabled"), f"presets.{preset.key} renders name {rendered!r}, which {problem}")


def label_key_problem(key: str) -> str | None:
    """Why `key` is not a Kubernetes qualified name (label or annotation key), or None."""
    prefix, slash, name = key.rpartition("/")
    if slash:
        if not prefix:
            return "has an empty prefix before '/'"
        if len(prefix) > 253:
            return f"has a prefix of {len(prefix)} characters; the limit is 253"
        if not re.fullmatch(_SUBDOMAIN, prefix):
            return "has a prefix that is not a DNS-1123 subdomain"
    if not name:
        return "has an empty name"
    if len(name) > 63:
        return f"has a name part of {len(name)} characters; the limit is 63"
    if not _LABEL_NAME.fullmatch(name):
        return "must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
    return None


def label_value_problem(value: str) -> str | None:
    if len(value) > 63:
        return f"is {len(value)} characters long; the limit is 63"
    if value and not _LABEL_NAME.fullmatch(value):
        return "must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
    return None


@dataclass(frozen=True)
class _LabelMap:
    path: KeyPath
    value: Mapping[str, Any]
    annotations: bool = False


def _label_maps(ctx: Context) -> Iterator[_LabelMap]:
    for key, is_annotations in (("commonLabels", False), ("commonAnnotations", True)):
        table = as_map(ctx.values.get(key))
        if table is not None:
            yield _LabelMap((key,), table, is_annotations)
    for entry in ctx.entries():
        for key, is_annotations in (("labels", False), ("annotations", True)):
            table = as_map(entry.body.get(key))
            if table is not None:
                yield _LabelMap(entry.at(key), table, is_annotations)
    for entry in ctx.family("native"):
        yield from _selector_labels(entry.at("podSelector"), entry.body.get("podSelector"))
        for rule in ctx.native_rules(entry):
            for i, peer in enumerate(as_list(rule.rule.get(rule.peers_key)) or []):
                peer_map = as_map(peer) or {}
                for key in ("podSelector", "namespaceSelector"):
                    yield from _selector_labels(rule.at(rule.peers_key, i, key), peer_map.get(key))


def _selector_labels(path: KeyPath, selector: Any) -> Iterator[_LabelMap]:
    table = as_map((as_map(selector) or {}).get("matchLabels"))
    if table is not None:
        yield _LabelMap((*path, "matchLabels"), table)


def _expression_labels(ctx: Context) -> Iterator[Finding]:
    for entry in ctx.family("native"):
        selectors = [(entry.at("podSelector"), entry.body.get("podSelector"))]
        for rule in ctx.native_rules(entry):
            for i, peer in enumerate(as_list(rule.rule.get(rule.peers_key)) or []):
                peer_map = as_map(peer) or {}
                for key in ("podSelector", "namespaceSelector"):
                    selectors.append((rule.at(rule.peers_key, i, key), peer_map.get(key)))
        for path, selector in selectors:
            for j, expr in enumerate(as_list((as_map(selector) or {}).get("matchExpressions")) or []):
                expr_map = as_map(expr) or {}
                here = (*path, "matchExpressions", j)
                label_key = expr_map.get("key")
                if isinstance(label_key, str) and (problem := label_key_problem(label_key)):
                    yield Finding((*here, "key"), f"label key {label_key!r} {problem}")
                for k, value in enumerate(as_list(expr_map.get("values")) or []):
                    if isinstance(value, str) and (problem := label_value_problem(value)):
                        yield Finding((*here, "values", k), f"label value {value!r} {problem}")


@check("NPK261", "Invalid label or annotation key or value")
def labels(ctx: Context) -> Iterator[Finding]:
    """Label keys and annotation keys are Kubernetes qualified names; label values are at most 63
    characters.

    A key is an optional DNS-1123 subdomain prefix (at most 253 characters) and `/`, then a name
    of at most 63 characters of letters, digits, `-`, `_` and `.`, starting and ending with a letter
    or digit. This applies to `commonLabels`, `labels`, annotations and Kubernetes label selectors.

    PASS:

        commonLabels:
          team.example.com/owner: platform

    FAIL:

        commonLabels:
          team.example.com/owner: platform team
    """
    for table in _label_maps(ctx):
        what = "annotation" if table.annotations else "label"
        for key, value in table.value.items():
            if not isinstance(key, str):
                continue
            problem = label_key_problem(key.lower() if table.annotations else key)
            if problem:
                yield Finding((*table.path, key), f"{what} key {key!r} {problem}", on_key=True)
            if not table.annotations and isinstance(value, str) and (problem := label_value_problem(value)):
                yield Finding((*table.path, key), f"label value {value!r} {problem}")
    yield from _expression_labels(ctx)


@dataclass(frozen=True)
class _Rendered:
    identity: tuple[str, str, str]  # group, kind, name
    path: KeyPath
    what: str


def _rendered_objects(ctx: Context) -> Iterator[_Rendered]:
    """Every object with its identity, presets first (as the chart builds them)."""
    for preset in ctx.presets():
        if preset.kind is not None:
            identity = (preset.kind.group, preset.kind.kind, ctx.preset_rendered_name(preset))
            yield _Rendered(identity, preset.at("enabled"), f"presets.{preset.key}")
    for entry in ctx.entries():
        if ctx.in_scope(entry):
            identity = (entry.kind.group, entry.kind.kind, ctx.rendered_name(entry))
            yield _Rendered(identity, _entry_name_path(entry), entry.label)
    # The denyCloudMetadata Tier renders only when `tiers` does not declare it: it never clashes.
    for label, obj in (as_map(ctx.values.get("extraObjects")) or {}).items():
        obj_map = as_map(obj) or {}
        api_version, kind_name = as_str(obj_map.get("apiVersion")), as_str(obj_map.get("kind"))
        obj_name = as_str((as_map(obj_map.get("metadata")) or {}).get("name"))
        if api_version and kind_name and obj_name:
            identity = (api_version.rpartition("/")[0], kind_name, obj_name)
            yield _Rendered(identity, ("extraObjects", label, "metadata", "name"), f"extraObjects.{label}")


@check("NPK262", "Two objects render to one name")
def name_clash(ctx: Context) -> Iterator[Finding]:
    """Two objects of the same kind must not render to the same name.

    Entries keyed differently can still clash through `name`, through a preset's `name`, or through
    `extraObjects`; the second one would silently replace the first.

    PASS:

        networkPolicies:
          web: {}
          api: {}

    FAIL:

        networkPolicies:
          web: {}
          api:
            name: web
    """
    seen: dict[tuple[str, str, str], _Rendered] = {}
    for obj in _rendered_objects(ctx):
        first = seen.setdefault(obj.identity, obj)
        if first is not obj:
            _group, kind, name = obj.identity
            yield Finding(
                obj.path,
                f"{obj.what} renders {kind} {name!r}, the same name as {first.what}",
                hint="give one of them another `name`",
            )
