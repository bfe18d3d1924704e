"""The values diff: changed effective-values keys with the file:line that set them, above the object diff."""

from __future__ import annotations

import json
from pathlib import Path

from diff_helpers import Run, git, write_chart


def test_values_change_on_one_chart(run_diff: Run, tmp_path: Path, v1: Path) -> None:
    (tmp_path / "old.yaml").write_text("calicoNetworkPolicies:\n  db:\n    order: 10\n", encoding="utf-8")
    (tmp_path / "new.yaml").write_text(
        "calicoNetworkPolicies:\n  db:\n    order: 20\nnetworkPolicies:\n  legacy: null\n", encoding="utf-8"
    )
    result = run_diff("v1", "v1", "--values-old", "old.yaml", "--values-new", "new.yaml", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Values changed (old.yaml -> new.yaml):\n"
        "  ~ calicoNetworkPolicies.db.order: 10 -> 20  (new.yaml:3:12)\n"
        "  - networkPolicies.legacy: {ingress: [], podSelector: {matchLabels: {app: old}}}  (v1/values.yaml:31:3)\n"
        "\n"
        "- NetworkPolicy default/legacy (networking.k8s.io)\n"
    )
    assert result.stdout.endswith("old.yaml -> new.yaml: 0 to add, 1 to change, 1 to remove (2 unchanged)\n")


def test_values_json_locations(run_diff: Run, tmp_path: Path, v1: Path) -> None:
    (tmp_path / "new.yaml").write_text("calicoNetworkPolicies:\n  db:\n    order: 20\n", encoding="utf-8")
    same_both = "networkPolicies.web.podSelector.matchLabels.app=x"
    result = run_diff("v1", "v1", "--values-new", "new.yaml", "--set", same_both, "-o", "json", cwd=tmp_path)
    values = json.loads(result.stdout)["values"]
    assert values == [
        {
            "path": "calicoNetworkPolicies.db.order",
            "keys": ["calicoNetworkPolicies", "db", "order"],
            "change": "changed",
            "old": 100,
            "new": 20,
            "old_location": "v1/values.yaml:18:12",
            "new_location": "new.yaml:3:12",
        }
    ]


def test_values_that_render_the_same_are_shown_but_exit_0(run_diff: Run, tmp_path: Path, v1: Path) -> None:
    (tmp_path / "new.yaml").write_text("unused: 1\n", encoding="utf-8")
    result = run_diff("v1", "v1", "--values-new", "new.yaml", "--exit-code", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout == (
        "Values changed (v1 -> new.yaml):\n  + unused: 1  (new.yaml:1:9)\n\nv1 -> new.yaml: no changes (4 unchanged)\n"
    )


def test_chart_defaults_from_a_git_ref_are_named_by_ref(run_diff: Run, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    chart = write_chart(repo / "charts" / "network-policies")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    values = chart / "values.yaml"
    values.write_text(values.read_text().replace("order: 100", "order: 99"), encoding="utf-8")
    result = run_diff("git:HEAD", "-o", "json", cwd=repo)
    (change,) = json.loads(result.stdout)["values"]
    assert (change["old_location"], change["new_location"]) == (
        "git:HEAD:charts/network-policies/values.yaml:18:12",
        "charts/network-policies/values.yaml:18:12",
    )
