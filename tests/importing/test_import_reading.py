"""Reading inputs: documents, lists, JSON, stdin and directories; lines; what is not an object."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from netpolkit.errors import InputError
from netpolkit.importer.reading import parse_objects, read_inputs

GNP = """\
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: {name}
spec:
  selector: all()
"""


def test_multi_document_stream_keeps_document_index_and_line() -> None:
    text = "# leading comment\n" + GNP.format(name="a") + "---\n---\n" + GNP.format(name="b")
    objects = parse_objects(text, "p.yaml")
    assert [o.body["metadata"]["name"] for o in objects] == ["a", "b"]
    assert [(o.source.document, o.source.line) for o in objects] == [(1, 2), (3, 10)]
    assert objects[1].line_of(("spec", "selector")) == 15
    assert objects[1].line_of(("spec", "ingress", 3)) == 14  # nearest ancestor: spec


def test_kubectl_list_is_expanded_with_item_index_and_line() -> None:
    text = """\
apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: a, namespace: x}
  spec: {}
- apiVersion: projectcalico.org/v3
  kind: Tier
  metadata: {name: t}
  spec: {order: 10}
"""
    objects = parse_objects(text, "list.yaml")
    assert [(o.body["kind"], o.source.item, o.source.line) for o in objects] == [
        ("NetworkPolicy", 0, 6), ("Tier", 1, 10),
    ]
    assert "items[1]" in objects[1].source.describe()


def test_typed_list_items_inherit_kind_and_api_version() -> None:
    text = json.dumps({
        "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicyList",
        "items": [{"metadata": {"name": "a"}, "spec": {}}],
    })
    (obj,) = parse_objects(text, "l.json")
    assert (obj.body["apiVersion"], obj.body["kind"]) == ("networking.k8s.io/v1", "NetworkPolicy")


def test_duplicate_keys_are_recorded_with_their_path() -> None:
    rule = "  - action: Allow\n    source:\n      nets: [10.0.0.0/8]\n      nets: [10.1.0.0/16]\n"
    text = GNP.format(name="a") + "  ingress:\n" + rule
    (obj,) = parse_objects(text, "d.yaml")
    assert obj.duplicate_keys == (("spec", "ingress", 0, "source", "nets"),)


def test_directories_stdin_and_json(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text(GNP.format(name="b"), encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"apiVersion": "projectcalico.org/v3", "kind": "Tier",
                                                 "metadata": {"name": "t"}, "spec": {}}), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not read", encoding="utf-8")
    objects = read_inputs([str(tmp_path), "-"], stdin=io.StringIO(GNP.format(name="c")))
    assert [(Path(o.source.file).name, o.body["metadata"]["name"]) for o in objects] == [
        ("a.json", "t"), ("b.yml", "b"), ("<stdin>", "c"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [b\n", "p.yaml:2: not valid YAML"),
        ("- just\n- a list\n", "p.yaml:1: not a Kubernetes object (document 1 is a list"),
        ("kind: NetworkPolicy\nmetadata: {name: a}\n", "p.yaml:1: not a Kubernetes object: apiVersion missing"),
        ("apiVersion: v1\nkind: List\nitems: 3\n", "List.items must be a list"),
    ],
)
def test_what_is_not_a_kubernetes_object_is_an_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_objects(text, "p.yaml")
    assert message in err.value.message
    assert err.value.exit_code == 2


def test_missing_paths_and_empty_directories(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        read_inputs([str(tmp_path / "nope.yaml")])
    with pytest.raises(InputError, match=r"no \.yaml, \.yml, \.json files"):
        read_inputs([str(tmp_path)])
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="not UTF-8"):
        read_inputs([str(tmp_path / "bin.yaml")])
