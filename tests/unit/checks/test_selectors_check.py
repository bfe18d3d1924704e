"""NPK200-NPK203: selector syntax (with the column), global() placement, length, label-selector maps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from netpolkit.problems import Problem

Problems = Callable[..., list[Problem]]

SELECTOR_FIELDS = [
    # (values, path of the selector)
    ("calicoNetworkPolicies: {p: {selector: SEL}}", ("calicoNetworkPolicies", "p", "selector")),
    (
        "calicoNetworkPolicies: {p: {serviceAccountSelector: SEL}}",
        ("calicoNetworkPolicies", "p", "serviceAccountSelector"),
    ),
    (
        "calicoNetworkPolicies: {p: {ingress: [{action: Allow, source: {notSelector: SEL}}]}}",
        ("calicoNetworkPolicies", "p", "ingress", 0, "source", "notSelector"),
    ),
    (
        "calicoNetworkPolicies: {p: {egress: [{action: Allow}, "
        "{action: Allow, destination: {namespaceSelector: SEL}}]}}",
        ("calicoNetworkPolicies", "p", "egress", 1, "destination", "namespaceSelector"),
    ),
    (
        "calicoNetworkPolicies: {p: {ingress: [{action: Allow, source: {serviceAccounts: {selector: SEL}}}]}}",
        ("calicoNetworkPolicies", "p", "ingress", 0, "source", "serviceAccounts", "selector"),
    ),
    (
        "{scope: cluster, calicoGlobalNetworkPolicies: {p: {namespaceSelector: SEL}}}",
        ("calicoGlobalNetworkPolicies", "p", "namespaceSelector"),
    ),
    ("stagedNetworkPolicies: {p: {selector: SEL}}", ("stagedNetworkPolicies", "p", "selector")),
    ("presets: {allowDNS: {enabled: true, api: calico, podSelector: SEL}}", ("presets", "allowDNS", "podSelector")),
    (
        "{scope: cluster, presets: {namespaceSelector: SEL, allowDNS: {enabled: true, api: calico}}}",
        ("presets", "namespaceSelector"),
    ),
]


@pytest.mark.parametrize(("template", "path"), SELECTOR_FIELDS)
def test_syntax_error_in_every_selector_field(problems: Problems, template: str, path: tuple[object, ...]) -> None:
    found = problems(template.replace("SEL", '"app == web"'), "NPK200")
    assert [(p.path, p.offset) for p in found] == [(path, 7)]
    assert "bare label 'web'" in found[0].message


@pytest.mark.parametrize(("template", "path"), SELECTOR_FIELDS)
def test_valid_selector_in_every_field_is_clean(problems: Problems, template: str, path: tuple[object, ...]) -> None:
    assert problems(template.replace("SEL", "\"app == 'web'\""), "NPK200") == []


def test_offset_is_the_column_inside_the_string(problems: Problems) -> None:
    found = problems("calicoNetworkPolicies: {p: {selector: \"a == 'x' && b in {'y' 'z'}\"}}", "NPK200")
    assert [p.offset for p in found] == [22]


def test_selector_maps_are_converted_not_parsed_as_text(problems: Problems) -> None:
    values = "calicoNetworkPolicies: {p: {selector: {matchLabels: {app: web}}}}"
    assert problems(values) == []


def test_global_is_rejected_in_a_policy_selector(problems: Problems) -> None:
    found = problems("calicoNetworkPolicies: {p: {selector: \"a == 'x' || global()\"}}", "NPK201")
    assert [(p.path, p.offset) for p in found] == [(("calicoNetworkPolicies", "p", "selector"), 12)]


def test_global_is_rejected_in_a_gnp_namespace_selector(problems: Problems) -> None:
    found = problems("{scope: cluster, calicoGlobalNetworkPolicies: {p: {namespaceSelector: global()}}}", "NPK201")
    assert [p.path for p in found] == [("calicoGlobalNetworkPolicies", "p", "namespaceSelector")]


def test_global_is_rejected_in_a_rule_selector(problems: Problems) -> None:
    values = "calicoNetworkPolicies: {p: {ingress: [{action: Allow, source: {selector: global()}}]}}"
    assert [p.path[-1] for p in problems(values, "NPK201")] == ["selector"]


def test_global_alone_in_a_rule_namespace_selector_is_fine(problems: Problems) -> None:
    values = "calicoNetworkPolicies: {p: {ingress: [{action: Allow, source: {namespaceSelector: global()}}]}}"
    assert problems(values, "NPK201") == []


def test_global_combined_in_a_rule_namespace_selector(problems: Problems) -> None:
    values = (
        'calicoNetworkPolicies: {p: {ingress: [{action: Allow, source: {namespaceSelector: "has(x) && global()"}}]}}'
    )
    found = problems(values, "NPK201")
    assert [(p.offset, "combined" in p.message) for p in found] == [(10, True)]


def test_length_of_converted_map(problems: Problems) -> None:
    values_list = ", ".join(f"v{i:02d}-" + "x" * 56 for i in range(16))
    expression = {"key": "app", "operator": "In", "values": values_list.split(", ")}
    found = problems({"calicoNetworkPolicies": {"p": {"selector": {"matchExpressions": [expression]}}}}, "NPK202")
    assert [p.path for p in found] == [("calicoNetworkPolicies", "p", "selector")]
    assert "1,0" not in found[0].message and "bytes long" in found[0].message


def test_length_limit_counts_bytes(problems: Problems) -> None:
    selector = "a == '" + "é" * 510 + "'"
    found = problems({"calicoNetworkPolicies": {"p": {"selector": selector}}}, "NPK202")
    assert len(found) == 1 and "1027 bytes" in found[0].message


@pytest.mark.parametrize(
    ("expression", "field"),
    [
        ("{key: a, operator: In}", "operator"),
        ("{key: a, operator: NotIn, values: []}", "operator"),
        ("{key: a, operator: Exists, values: [x]}", "values"),
        ("{key: a, operator: DoesNotExist, values: [x]}", "values"),
    ],
)
def test_label_selector_values(problems: Problems, expression: str, field: str) -> None:
    values = (
        f"networkPolicies: {{p: {{podSelector: {{matchExpressions: [{{key: b, operator: Exists}}, {expression}]}}}}}}"
    )
    found = problems(values, "NPK203")
    assert [p.path for p in found] == [("networkPolicies", "p", "podSelector", "matchExpressions", 1, field)]


def test_label_selector_values_in_peers_presets_and_calico_maps(problems: Problems) -> None:
    bad = "{matchExpressions: [{key: a, operator: In}]}"
    values = f"""
    networkPolicies:
      p:
        ingress:
          - from: [{{namespaceSelector: {bad}}}]
    calicoNetworkPolicies:
      q:
        selector: {bad}
    presets:
      allowDNS: {{enabled: true, podSelector: {bad}}}
    """
    found = {p.path[:-3] for p in problems(values, "NPK203")}
    assert found == {
        ("networkPolicies", "p", "ingress", 0, "from", 0, "namespaceSelector"),
        ("calicoNetworkPolicies", "q", "selector"),
        ("presets", "allowDNS", "podSelector"),
    }


def test_disabled_entries_are_not_checked(problems: Problems) -> None:
    assert problems('calicoNetworkPolicies: {p: {enabled: false, selector: "a == b"}}') == []
