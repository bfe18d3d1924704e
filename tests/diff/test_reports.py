"""Reports: the exact text, the PR-comment markdown that docs/diff.md shows, and the JSON format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from diff_helpers import example_result, wide_policy

from netpolkit.diff import REPORTERS, diff_manifests, diff_resources
from netpolkit.diff.report_markdown import LIMIT, code
from netpolkit.manifests import Resource, identity_of

DOC = Path(__file__).resolve().parents[2] / "docs" / "diff.md"

EXPECTED_TEXT = """\
Values changed (git:main -> charts/network-policies):
  ~ calicoNetworkPolicies.database.order: 100 -> 50  (values/orders.yaml:31:12)
  ~ networkPolicies.legacy-batch.enabled: true -> false  (values/orders.yaml:19:14)

> NetworkPolicy orders/dns -> orders/allow-dns (networking.k8s.io)
    renamed, body unchanged
~ NetworkPolicy orders/frontend (networking.k8s.io)
    + ingress rule 0 port added: TCP/8443  (spec.ingress[0].ports[1])
- NetworkPolicy orders/legacy-batch (networking.k8s.io)
    - apiVersion: networking.k8s.io/v1
    - kind: NetworkPolicy
    - metadata:
    -   name: legacy-batch
    -   namespace: orders
    - spec:
    -   ingress: []
    -   podSelector:
    -     matchLabels:
    -       app: batch
    -   policyTypes:
    -   - Ingress
+ GlobalNetworkPolicy deny-cloud-metadata (projectcalico.org)
    + apiVersion: projectcalico.org/v3
    + kind: GlobalNetworkPolicy
    + metadata:
    +   name: deny-cloud-metadata
    + spec:
    +   egress:
    +   - action: Deny
    +     destination:
    +       nets:
    +       - 169.254.169.254/32
    +   - action: Pass
    +   order: 10
    +   selector: all()
    +   types:
    +   - Egress
~ NetworkPolicy orders/database (projectcalico.org)
    > egress rule 1 moved to 0  (spec.egress[0])
    ~ ingress rule 0 source.selector tier == 'backend' -> tier in {'backend', 'batch'}  \
(spec.ingress[0].source.selector)
    ~ order 100 -> 50  (spec.order)

git:main -> charts/network-policies: 1 to add, 2 to change, 1 to remove, 1 to rename (0 unchanged)
"""


def _doc_block(name: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- example:{name} -->\n(.*?)<!-- /example:{name} -->", text, re.DOTALL)
    assert match, f"docs/diff.md has no {name} example"
    return match.group(1)


def test_text() -> None:
    assert REPORTERS["text"](example_result()) == EXPECTED_TEXT


def test_markdown_is_what_the_docs_show() -> None:
    assert _doc_block("pr-comment") == REPORTERS["markdown"](example_result())


def test_text_in_the_docs() -> None:
    assert _doc_block("text") == f"```text\n{EXPECTED_TEXT}```\n"


def test_json_format() -> None:
    data = json.loads(REPORTERS["json"](example_result()))
    assert list(data) == ["format", "old", "new", "summary", "changed", "masks", "values", "objects"]
    assert data["format"] == "netpolkit-diff/v1"
    assert data["summary"] == {
        "added": 1, "changed": 2, "removed": 1, "renamed": 1, "unchanged": 0,
        "text": "1 to add, 2 to change, 1 to remove, 1 to rename",
    }  # fmt: skip
    assert [(o["change"], o["display"]) for o in data["objects"]] == [
        ("renamed", "NetworkPolicy orders/allow-dns (networking.k8s.io)"),
        ("changed", "NetworkPolicy orders/frontend (networking.k8s.io)"),
        ("removed", "NetworkPolicy orders/legacy-batch (networking.k8s.io)"),
        ("added", "GlobalNetworkPolicy deny-cloud-metadata (projectcalico.org)"),
        ("changed", "NetworkPolicy orders/database (projectcalico.org)"),
    ]
    moved = data["objects"][-1]["fields"][0]
    assert moved == {
        "path": "spec.egress[0]", "keys": ["spec", "egress", 0], "change": "moved", "old": 1, "new": 0,
        "old_path": "spec.egress[1]", "summary": "egress rule 1 moved to 0",
    }  # fmt: skip
    assert data["values"][0]["new_location"] == "values/orders.yaml:31:12"
    assert data["objects"][3]["new"]["metadata"] == {"name": "deny-cloud-metadata"}
    assert data["objects"][3]["old"] is None


def test_json_in_the_docs_matches_the_format() -> None:
    documented = json.loads(_doc_block("json").removeprefix("```json\n").removesuffix("```\n"))
    actual = json.loads(REPORTERS["json"](example_result()))
    assert documented["summary"] == actual["summary"]
    assert documented["objects"][0] == actual["objects"][-1]


def test_no_changes() -> None:
    text = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
    result = diff_manifests(text, text)
    assert REPORTERS["text"](result) == "OLD -> NEW: no changes (1 unchanged)\n"
    assert REPORTERS["markdown"](result) == "### netpolkit diff: no changes\n\n`OLD` → `NEW` · 1 unchanged\n"
    assert json.loads(REPORTERS["json"](result))["objects"] == []


def test_markdown_escapes_pipes_and_backticks() -> None:
    assert code("a|b") == "`a\\|b`"
    assert code("x `y`") == "`` x `y` ``"
    old = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "a|b"}}
    new = {**old, "data": {"k": "c|d"}}
    result = diff_resources([Resource(identity_of(old), old)], [Resource(identity_of(new), new)])
    assert "| `data.k` | changed | `a\\|b` | `c\\|d` |" in REPORTERS["markdown"](result)


def test_markdown_stays_under_the_comment_limit() -> None:
    def big(i: int) -> dict[str, object]:
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"cm{i:04d}"}, "data": {"k": "x" * 300}}

    added = [Resource(identity_of(big(i)), big(i)) for i in range(400)]
    markdown = REPORTERS["markdown"](diff_resources([], added))
    assert len(markdown) < LIMIT + 1000
    assert markdown.count("| added |") == 400
    left_out = int(re.search(r"_(\d+) object section\(s\) left out", markdown).group(1))  # type: ignore[union-attr]
    assert markdown.count("<details>") + left_out == 400
    assert yaml.safe_load(markdown.split("```yaml\n")[1].split("```")[0])["metadata"]["name"] == "cm0000"


def test_reports_show_what_a_renamed_object_changed() -> None:
    old, new = wide_policy("api"), wide_policy("api-ingress", port=8080)
    result = diff_resources([Resource(identity_of(old), old)], [Resource(identity_of(new), new)])
    text = REPORTERS["text"](result, color=False)
    assert "> NetworkPolicy team-a/api -> team-a/api-ingress" in text
    assert "spec.ingress[0].ports[0].port" in text and "body unchanged" not in text
    markdown = REPORTERS["markdown"](result, color=False)
    assert "8080" in markdown and "body unchanged" not in markdown
