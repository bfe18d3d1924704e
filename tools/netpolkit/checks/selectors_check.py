"""Selectors: Calico selector syntax, `global()` placement, length, and label-selector maps.

Every Calico selector field (`selector`, `notSelector`, `namespaceSelector`,
`serviceAccountSelector`, `serviceAccounts.selector`, and the `podSelector` of Calico presets) is
parsed with the same grammar as Calico's API server; a syntax error points at its column. A
label-selector map is converted to a selector string first, exactly as the chart renders it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from netpolkit import selectors as sel
from netpolkit.checks.base import Finding, check
from netpolkit.checks.model import Context, as_list, as_map
from netpolkit.problems import KeyPath


@check("NPK200", "Invalid Calico selector")
def selector_syntax(ctx: Context) -> Iterator[Finding]:
    """A Calico selector must parse: the grammar of Calico's selector language.

    Operators are `==`, `!=`, `in {...}`, `not in {...}`, `contains`, `starts with`, `ends with`,
    `has(label)`, `!`, `&&`, `||`, parentheses and `all()`. Values are quoted with `'` or `"`
    (no escapes), and a selector is one line. The error points at the column where parsing fails.

    PASS:

        calicoNetworkPolicies:
          web:
            selector: "app == 'web' && tier in {'frontend', 'edge'}"

    FAIL (a bare word where a quoted value is expected):

        calicoNetworkPolicies:
          web:
            selector: "app == web"
    """
    for ref in ctx.selectors():
        if not isinstance(ref.value, str):
            continue
        node = ctx.parse_selector(ref.value)
        if isinstance(node, sel.SelectorError):
            yield Finding(
                ref.path,
                f"invalid selector: {node.message}",
                hint="quote values with ' or \", and keep the selector on one line",
                offset=node.offset,
            )


def _global_nodes(node: sel.Node) -> list[sel.Global]:
    return [n for n in sel.walk(node) if isinstance(n, sel.Global)]


@check("NPK201", "global() outside an EntityRule namespaceSelector")
def selector_global(ctx: Context) -> Iterator[Finding]:
    """`global()` is allowed only as the whole `namespaceSelector` of a rule's source/destination.

    `global()` selects non-namespaced endpoints (host endpoints, global network sets). Calico
    rejects it in a policy's `selector`, `namespaceSelector` or `serviceAccountSelector`, in a rule's
    `selector`/`notSelector`, and combined with anything else (`global() && a == 'b'`).

    PASS:

        calicoNetworkPolicies:
          web:
            ingress:
              - action: Allow
                source:
                  namespaceSelector: global()

    FAIL:

        calicoNetworkPolicies:
          web:
            selector: global()
    """
    found_in: dict[int, list[sel.Global]] = {}  # id(node) -> its global()s; one node per text
    for ref in ctx.selectors():
        if not isinstance(ref.value, str):
            continue
        node = ctx.parse_selector(ref.value)
        if isinstance(node, sel.SelectorError):
            continue
        found = found_in.get(id(node))
        if found is None:
            found = found_in[id(node)] = _global_nodes(node)
        if not found:
            continue
        if ref.role == "entity-namespace":
            if not isinstance(node, sel.Global):
                yield Finding(
                    ref.path,
                    "global() cannot be combined with other selector expressions",
                    hint="use `namespaceSelector: global()` on its own",
                    offset=found[0].pos,
                )
        else:
            yield Finding(
                ref.path,
                "global() is only allowed as the whole namespaceSelector of a rule's source or destination",
                hint="move global() to source.namespaceSelector / destination.namespaceSelector",
                offset=found[0].pos,
            )


@check("NPK202", "Selector too long")
def selector_length(ctx: Context) -> Iterator[Finding]:
    """A selector may be at most 1024 bytes, as rendered (label-selector maps after conversion).

    PASS:

        calicoNetworkPolicies:
          web:
            selector: "app == 'web'"

    FAIL (a label-selector map that converts to 1,100 bytes):

        calicoNetworkPolicies:
          web:
            selector:
              matchExpressions:
                - key: app
                  operator: In
                  values:
                    - value-00-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-01-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-02-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-04-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-05-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-06-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-07-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-08-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-09-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-10-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-11-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-12-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-13-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-14-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                    - value-15-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
    """
    for ref in ctx.selectors():
        if type(ref.value) is str and len(ref.value) * 4 <= sel.MAX_SELECTOR_LENGTH:
            continue  # at most 4 UTF-8 bytes a character: short enough without encoding it
        try:
            text = sel.selector_text(ref.value)
        except sel.LabelSelectorError:
            continue
        size = len(text.encode())
        if size > sel.MAX_SELECTOR_LENGTH:
            what = "selector" if isinstance(ref.value, str) else "label-selector map converts to a selector that"
            yield Finding(
                ref.path,
                f"{what} is {size} bytes long; Calico allows at most {sel.MAX_SELECTOR_LENGTH}",
                hint="split the policy, or select on a label that groups the endpoints",
            )


def _label_selector_maps(ctx: Context) -> Iterator[tuple[KeyPath, Mapping[str, Any]]]:
    """Every label-selector map: Kubernetes selectors, and Calico selector fields given as maps."""
    for entry in ctx.family("native"):
        selector = as_map(entry.body.get("podSelector"))
        if selector is not None:
            yield entry.at("podSelector"), selector
        for rule in ctx.native_rules(entry):
            for i, peer in enumerate(as_list(rule.rule.get(rule.peers_key)) or []):
                peer_map = as_map(peer) or {}
                for key in ("podSelector", "namespaceSelector"):
                    selector = as_map(peer_map.get(key))
                    if selector is not None:
                        yield rule.at(rule.peers_key, i, key), selector
    for preset in ctx.presets():
        selector = as_map(preset.body.get("podSelector"))
        if selector is not None and preset.api == "native":
            yield preset.at("podSelector"), selector
    for ref in ctx.selectors():
        if isinstance(ref.value, Mapping):
            yield ref.path, ref.value


@check("NPK203", "Invalid label-selector map")
def label_selector_map(ctx: Context) -> Iterator[Finding]:
    """`matchExpressions`: `In`/`NotIn` need a non-empty `values`; `Exists`/`DoesNotExist` take none.

    This holds for Kubernetes selectors and for label-selector maps in Calico selector fields
    (which the chart converts: `In` to `k in {...}`, `Exists` to `has(k)`).

    PASS:

        networkPolicies:
          web:
            podSelector:
              matchExpressions:
                - {key: app, operator: In, values: [web]}

    FAIL:

        networkPolicies:
          web:
            podSelector:
              matchExpressions:
                - {key: app, operator: In}
    """
    for path, selector in _label_selector_maps(ctx):
        for i, expr in enumerate(as_list(selector.get("matchExpressions")) or []):
            expr_map = as_map(expr)
            if expr_map is None:
                continue
            operator = expr_map.get("operator")
            values = expr_map.get("values")
            here = (*path, "matchExpressions", i)
            if operator in ("In", "NotIn") and (values is None or values == []):
                yield Finding(
                    (*here, "operator"),
                    f"operator {operator} needs a non-empty `values` list",
                    hint="list the label values, or use Exists / DoesNotExist",
                )
            elif operator in ("Exists", "DoesNotExist") and values not in (None, []):
                yield Finding(
                    (*here, "values"),
                    f"operator {operator} takes no `values`",
                    hint="remove `values`, or use In / NotIn",
                )
