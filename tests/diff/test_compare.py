"""Resource level: identity, renames, masks, and the text fast path agreeing with the parsed path."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from diff_helpers import wide_policy

from netpolkit.diff import Change, diff_manifests, diff_resources, display_identity, split_documents
from netpolkit.errors import InputError
from netpolkit.manifests import DEFAULT_MASKS, Identity, Resource, identity_of, parse_manifests


def policy(
    name: str, *, namespace: str = "team-a", port: int = 80, labels: dict[str, str] | None = None
) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": namespace}
    if labels:
        meta["labels"] = labels
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": meta,
        "spec": {"podSelector": {}, "ingress": [{"ports": [{"protocol": "TCP", "port": port}]}]},
    }


def res(body: dict[str, Any]) -> Resource:
    return Resource(identity_of(body), body)


def summary(result: Any) -> list[tuple[str, str]]:
    return [(o.change.value, display_identity(o.identity)) for o in result.objects]


def stream(*bodies: dict[str, Any]) -> str:
    return "".join(f"---\n# Source: chart/templates/x.yaml\n{yaml.safe_dump(b)}" for b in bodies)


def test_added_removed_changed_unchanged_counts() -> None:
    old = [res(policy("a")), res(policy("b")), res(policy("c"))]
    new = [res(policy("a")), res(policy("b", port=443)), res(policy("d", port=9))]
    result = diff_resources(old, new)
    assert summary(result) == [
        ("changed", "NetworkPolicy team-a/b (networking.k8s.io)"),
        ("removed", "NetworkPolicy team-a/c (networking.k8s.io)"),
        ("added", "NetworkPolicy team-a/d (networking.k8s.io)"),
    ]
    assert result.unchanged == 1
    assert result.summary() == "1 to add, 1 to change, 1 to remove"
    (changed,) = [o for o in result.objects if o.change is Change.CHANGED]
    assert [(f.path_text, f.old, f.new) for f in changed.fields] == [("spec.ingress[0].ports[0].port", 80, 443)]


def test_identity_includes_group_kind_and_namespace() -> None:
    calico = {**policy("a"), "apiVersion": "projectcalico.org/v3"}
    result = diff_resources([res(policy("a"))], [res(calico), res(policy("a", namespace="team-b", port=1))])
    assert summary(result) == [
        ("removed", "NetworkPolicy team-a/a (networking.k8s.io)"),
        ("added", "NetworkPolicy team-b/a (networking.k8s.io)"),
        ("added", "NetworkPolicy team-a/a (projectcalico.org)"),
    ]


def test_rename_same_body_other_name() -> None:
    result = diff_resources(
        [res(policy("dns")), res(policy("x", port=1))], [res(policy("allow-dns")), res(policy("x"))]
    )
    renamed = [o for o in result.objects if o.change is Change.RENAMED]
    assert [(o.old_identity, o.identity) for o in renamed] == [
        (
            Identity("networking.k8s.io", "NetworkPolicy", "team-a", "dns"),
            Identity("networking.k8s.io", "NetworkPolicy", "team-a", "allow-dns"),
        )
    ]
    assert result.summary() == "0 to add, 1 to change, 0 to remove, 1 to rename"


def test_rename_needs_the_same_body_and_kind() -> None:
    other_kind = {**policy("new"), "kind": "StagedKubernetesNetworkPolicy", "apiVersion": "projectcalico.org/v3"}
    result = diff_resources([res(policy("old"))], [res(policy("new", port=81)), res(other_kind)])
    assert sorted(o.change.value for o in result.objects) == ["added", "added", "removed"]


def test_renames_pair_in_identity_order() -> None:
    result = diff_resources([res(policy("a1")), res(policy("a2"))], [res(policy("b1")), res(policy("b2"))])
    assert [(o.old_identity.name, o.identity.name) for o in result.objects if o.old_identity] == [
        ("a1", "b1"),
        ("a2", "b2"),
    ]


def test_rename_across_namespaces_and_label_noise() -> None:
    old = res(policy("p", namespace="x", labels={"helm.sh/chart": "c-0.1.0"}))
    new = res(policy("p", namespace="y", labels={"helm.sh/chart": "c-0.2.0"}))
    assert [o.change for o in diff_resources([old], [new], masks=DEFAULT_MASKS).objects] == [Change.RENAMED]
    assert sorted(o.change.value for o in diff_resources([old], [new]).objects) == ["added", "removed"]


def test_default_masks_hide_chart_version_labels() -> None:
    labels_old = {
        "helm.sh/chart": "np-0.1.0",
        "app.kubernetes.io/version": "0.1.0",
        "app.kubernetes.io/managed-by": "Helm",
    }
    labels_new = {
        "helm.sh/chart": "np-0.2.0",
        "app.kubernetes.io/version": "0.2.0",
        "app.kubernetes.io/managed-by": "Helm",
    }
    old, new = [res(policy("a", labels=labels_old))], [res(policy("a", labels=labels_new))]
    assert not diff_resources(old, new, masks=DEFAULT_MASKS).has_changes
    unmasked = diff_resources(old, new)
    assert [f.path_text for f in unmasked.objects[0].fields] == [
        'metadata.labels["app.kubernetes.io/version"]',
        'metadata.labels["helm.sh/chart"]',
    ]


def test_user_mask() -> None:
    old, new = [res(policy("a", labels={"team": "x"}))], [res(policy("a", labels={"team": "y"}))]
    assert diff_resources(old, new).has_changes
    assert not diff_resources(old, new, masks=["metadata.labels[team]"]).has_changes


def test_set_reorder_alone_is_unchanged() -> None:
    a, b = policy("a"), policy("a")
    a["spec"]["policyTypes"] = ["Ingress", "Egress"]
    b["spec"]["policyTypes"] = ["Egress", "Ingress"]
    result = diff_resources([res(a)], [res(b)])
    assert (result.objects, result.unchanged) == ((), 1)


def test_duplicate_identity_is_an_input_error() -> None:
    with pytest.raises(InputError, match="appears twice"):
        diff_resources([res(policy("a")), res(policy("a"))], [])


TRICKY = """\
# leading comment
apiVersion: v1
kind: ConfigMap
metadata: {name: first}
data:
  script: |
    echo ---
    ----
---{spaces}
# Source: x/templates/a.yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: second}
---
# only a comment
---
----not-a-separator: 1
apiVersion: v1
kind: ConfigMap
metadata: {name: third}
---
""".replace("{spaces}", "   ")


def test_split_documents_matches_the_parser_split() -> None:
    expected = [c for c in re.split(r"^---[ \t]*$", TRICKY, flags=re.MULTILINE) if c.strip()]
    assert [d.strip() for d in split_documents(TRICKY)] == [c.strip() for c in expected]


def test_fast_path_counts_lists_and_skips_empty_documents() -> None:
    items = {"apiVersion": "v1", "kind": "List", "items": [policy("l1"), policy("l2")]}
    text = stream(policy("a"), items) + "---\n# nothing here\n"
    result = diff_manifests(text, text)
    assert (result.unchanged, result.objects) == (3, ())
    assert diff_manifests(TRICKY, TRICKY).unchanged == 3


@pytest.mark.parametrize("seed", range(5))
def test_fast_path_agrees_with_parsing_everything(seed: int) -> None:
    import random

    rng = random.Random(seed)
    old = [policy(f"p{i}", port=80) for i in range(30)]
    new = [policy(f"p{i}", port=rng.choice([80, 80, 80, 443])) for i in range(30) if rng.random() > 0.1]
    new += [policy("renamed"), policy(f"extra{seed}", port=7)]
    old.append(policy("to-rename"))
    rng.shuffle(new)
    old_text, new_text = stream(*old), stream(*new)
    fast = diff_manifests(old_text, new_text, masks=DEFAULT_MASKS)
    full = diff_resources(parse_manifests(old_text), parse_manifests(new_text), masks=DEFAULT_MASKS)
    assert fast == full


@pytest.mark.parametrize("seed", range(30))
def test_mask_resources_equals_apply_masks(seed: int) -> None:
    import copy
    import random

    from netpolkit.diff.compare import mask_resources
    from netpolkit.manifests import apply_masks

    rng = random.Random(seed)
    body = policy("a", labels={"helm.sh/chart": "x", "team": "t"})
    body["metadata"]["annotations"] = {"a": "1"} if rng.random() < 0.5 else {}
    body["spec"]["egress"] = [{"ports": [{"port": p, "protocol": "TCP"} for p in range(rng.randint(0, 3))]}]
    masks = rng.sample(
        ["metadata.labels[helm.sh/chart]", "metadata.labels.team", "/metadata/annotations/a", "spec.egress.*.ports.0",
         "spec.egress.0.ports.*.protocol", "spec.ingress.*", "spec.*", "metadata.*.team", "spec.egress.5", "kind"],
        rng.randint(0, 4),
    )  # fmt: skip
    frozen = copy.deepcopy(body)
    ours = mask_resources([res(body)], masks)
    assert [r.body for r in ours] == [r.body for r in apply_masks([res(body)], masks)]
    assert body == frozen


ODD = """\
---
# Source: c/templates/odd.yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: odd, annotations: {when: 2024-01-02, n: "08", y: yes, f: 1e3, o: 0o17, s: 1:30}}
data: &d {a: 1, b: [x, &s y, *s], c: !!binary aGk=}
binaryData: *d
---
apiVersion: v1
kind: ConfigMap
metadata: {name: merged}
base: &b {x: 1}
data: {<<: *b, y: 2}
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: l1}}
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: l2}}
---
# nothing
"""


def test_fast_parser_equals_parse_manifests() -> None:
    from netpolkit.diff.stream import parse_documents

    for text in (ODD, TRICKY, stream(policy("a"), policy("b", labels={"x": "y"}))):
        assert parse_documents(split_documents(text), origin="x") == parse_manifests(text, origin="x")


def test_fast_parser_errors_are_the_parsers() -> None:
    from netpolkit.diff.stream import parse_documents

    for bad in ("a: [1\n", "- 1\n- 2\n", "? {a: 1}\n: 2\n"):
        with pytest.raises(InputError) as ours:
            parse_documents([bad], origin="B")
        with pytest.raises(InputError) as reference:
            parse_manifests(bad, origin="B")
        assert ours.value.message == reference.value.message


EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "values-examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_fast_parser_on_real_renders(example: Path, render_text: Callable[..., str]) -> None:
    """The real chart's output parses the same both ways, and diffs against itself as unchanged."""
    from netpolkit.diff.stream import parse_documents
    from netpolkit.errors import RenderError

    try:
        text = render_text(example)
    except RenderError as exc:  # the chart's own tests own its failures
        pytest.skip(f"chart does not render {example.name}: {exc.message}")
    assert parse_documents(split_documents(text), origin="x") == parse_manifests(text, origin="x")
    result = diff_manifests(text, text.replace("\n---\n", "\n---   \n"))
    assert (result.objects, result.unchanged) == ((), len(parse_manifests(text)))


def test_a_renamed_and_slightly_changed_object_is_one_rename_with_its_field_changes() -> None:
    result = diff_resources([res(wide_policy("api"))], [res(wide_policy("api-ingress", port=8080))])
    (renamed,) = result.objects
    assert renamed.change is Change.RENAMED
    assert (renamed.old_identity.name, renamed.identity.name) == ("api", "api-ingress")
    assert [(f.path_text, f.old, f.new) for f in renamed.fields] == [("spec.ingress[0].ports[0].port", 80, 8080)]
    assert result.summary() == "0 to add, 0 to change, 0 to remove, 1 to rename"


def test_rename_threshold_one_keeps_exact_renames_only() -> None:
    old, new = [res(wide_policy("api"))], [res(wide_policy("api-ingress", port=8080))]
    assert sorted(o.change.value for o in diff_resources(old, new, rename_threshold=1).objects) == ["added", "removed"]
    exact = diff_resources([res(wide_policy("api"))], [res(wide_policy("api-v2"))], rename_threshold=1)
    assert [(o.change, o.fields) for o in exact.objects] == [(Change.RENAMED, ())]


def test_similar_renames_pair_the_most_alike_first() -> None:
    old = [res(wide_policy("a", port=1)), res(wide_policy("b", port=2, extra_peer=True))]
    new = [res(wide_policy("x", port=3, extra_peer=True)), res(wide_policy("y", port=1))]
    pairs = {(o.old_identity.name, o.identity.name) for o in diff_resources(old, new).objects}
    assert pairs == {("a", "y"), ("b", "x")}
