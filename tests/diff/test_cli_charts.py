"""`netpolkit diff` on two versions of a throwaway chart: directories, git refs, packages, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from diff_helpers import Run, git, write_chart, write_v2

from netpolkit.helm import pinned_helm

#: What v1 -> v2 must report, object by object: (change, display, fields as (change, path, old, new)).
EXPECTED = [
    ("renamed", "NetworkPolicy default/allow-dns (networking.k8s.io)", []),
    ("removed", "NetworkPolicy default/legacy (networking.k8s.io)", []),
    ("added", "NetworkPolicy default/metrics (networking.k8s.io)", []),
    (
        "changed",
        "NetworkPolicy default/web (networking.k8s.io)",
        [("added", "spec.ingress[0].from[1]", None, {"namespaceSelector": {"matchLabels": {"team": "monitoring"}}})],
    ),
    (
        "changed",
        "NetworkPolicy default/db (projectcalico.org)",
        [
            ("moved", "spec.egress[0]", 2, 0),
            ("changed", "spec.order", 100, 50),
            ("added", "spec.tier", None, "default"),
        ],
    ),
]

EXPECTED_TEXT_CHANGES = """\
~ NetworkPolicy default/web (networking.k8s.io)
    + ingress rule 0 peer added: {namespaceSelector: {matchLabels: {team: monitoring}}}  (spec.ingress[0].from[1])
~ NetworkPolicy default/db (projectcalico.org)
    > egress rule 2 moved to 0  (spec.egress[0])
    ~ order 100 -> 50  (spec.order)
    + tier added: default  (spec.tier)
"""


def reported(stdout: str) -> list[tuple[str, str, list[tuple[str, str, Any, Any]]]]:
    data = json.loads(stdout)
    return [
        (o["change"], o["display"], [(f["change"], f["path"], f["old"], f["new"]) for f in o["fields"]])
        for o in data["objects"]
    ]


@pytest.mark.parametrize("major", [3, 4])
def test_two_chart_directories(run_diff: Run, tmp_path: Path, v1: Path, v2: Path, major: int) -> None:
    result = run_diff("v1", "v2", "-o", "json", cwd=tmp_path, helm=pinned_helm(major).path)
    assert result.exit_code == 0, result.stderr
    assert reported(result.stdout) == EXPECTED
    data = json.loads(result.stdout)
    assert data["summary"] == {
        "added": 1, "changed": 2, "removed": 1, "renamed": 1, "unchanged": 0,
        "text": "1 to add, 2 to change, 1 to remove, 1 to rename",
    }  # fmt: skip
    rename = data["objects"][0]
    assert rename["old_identity"] == {
        "group": "networking.k8s.io",
        "kind": "NetworkPolicy",
        "namespace": "default",
        "name": "dns",
    }
    assert result.stderr == "netpolkit diff: 1 to add, 2 to change, 1 to remove, 1 to rename (0 unchanged)\n"


def test_text_report(run_diff: Run, tmp_path: Path, v1: Path, v2: Path) -> None:
    result = run_diff("v1", "v2", cwd=tmp_path)
    assert result.exit_code == 0
    assert EXPECTED_TEXT_CHANGES in result.stdout
    assert (
        "> NetworkPolicy default/dns -> default/allow-dns (networking.k8s.io)\n    renamed, body unchanged\n"
        in result.stdout
    )
    assert (
        "- NetworkPolicy default/legacy (networking.k8s.io)\n    - apiVersion: networking.k8s.io/v1\n" in result.stdout
    )
    assert result.stdout.endswith("\nv1 -> v2: 1 to add, 2 to change, 1 to remove, 1 to rename (0 unchanged)\n")
    assert "\x1b[" not in result.stdout
    assert result.stderr == ""


def test_color_always(run_diff: Run, tmp_path: Path, v1: Path, v2: Path) -> None:
    result = run_diff("v1", "v2", "--color", "always", cwd=tmp_path)
    assert "\x1b[33;1m~ NetworkPolicy default/web (networking.k8s.io)\x1b[0m" in result.stdout


def test_chart_version_bump_alone_is_no_change(run_diff: Run, tmp_path: Path, v1: Path) -> None:
    write_chart(tmp_path / "bumped", version="9.9.9")
    result = run_diff("v1", "bumped", "--exit-code", cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "v1 -> bumped: no changes (4 unchanged)\n")
    unmasked = run_diff("v1", "bumped", "--exit-code", "--no-default-masks", "-o", "json", cwd=tmp_path)
    assert unmasked.exit_code == 1
    fields = {f["path"] for o in json.loads(unmasked.stdout)["objects"] for f in o["fields"]}
    assert fields == {'metadata.labels["helm.sh/chart"]', 'metadata.labels["app.kubernetes.io/version"]'}


def test_exit_codes(run_diff: Run, tmp_path: Path, v1: Path, v2: Path) -> None:
    assert run_diff("v1", "v1", "--exit-code", cwd=tmp_path).exit_code == 0
    assert run_diff("v1", "v2", "--exit-code", cwd=tmp_path).exit_code == 1
    assert run_diff("v1", "v2", cwd=tmp_path).exit_code == 0
    missing = run_diff("v1", "nope", "--exit-code", cwd=tmp_path)
    assert missing.exit_code == 2
    assert (
        missing.stderr
        == "netpolkit diff: error: nope: no such chart directory or package (a git ref needs the git: prefix)\n"
    )
    assert missing.stdout == ""


def test_render_failure_is_exit_2_one_line(run_diff: Run, tmp_path: Path, v1: Path) -> None:
    broken = write_chart(tmp_path / "broken")
    (broken / "templates" / "bad.yaml").write_text('{{ fail "boom: nope" }}\n', encoding="utf-8")
    result = run_diff("v1", "broken", "--exit-code", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("netpolkit diff: error: broken: ")
    assert "boom: nope" in result.stderr and result.stderr.count("\n") == 1


def test_masks_from_option_and_settings(run_diff: Run, tmp_path: Path, v1: Path) -> None:
    values = yaml.safe_load((v1 / "values.yaml").read_text())
    values["calicoNetworkPolicies"]["db"]["order"] = 7
    write_chart(tmp_path / "v1b", values=values)
    assert run_diff("v1", "v1b", "--exit-code", cwd=tmp_path).exit_code == 1
    assert run_diff("v1", "v1b", "--exit-code", "--mask", "spec.order", cwd=tmp_path).exit_code == 0
    (tmp_path / "pyproject.toml").write_text('[tool.netpolkit]\nmasks = ["/spec/order"]\n', encoding="utf-8")
    assert run_diff("v1", "v1b", "--exit-code", cwd=tmp_path).exit_code == 0
    bad = run_diff("v1", "v1b", "--mask", "a..b", cwd=tmp_path)
    assert bad.exit_code == 2 and "not a path" in bad.stderr


def test_release_and_namespace_apply_to_both_sides(run_diff: Run, tmp_path: Path, v1: Path, v2: Path) -> None:
    result = run_diff("v1", "v2", "-n", "team-x", "--release", "r1", "-o", "json", cwd=tmp_path)
    namespaces = {o["identity"]["namespace"] for o in json.loads(result.stdout)["objects"]}
    assert namespaces == {"team-x"}


def test_values_for_both_and_each_side(run_diff: Run, tmp_path: Path, v1: Path) -> None:
    (tmp_path / "both.yaml").write_text("calicoNetworkPolicies: {db: {order: 10}}\n", encoding="utf-8")
    (tmp_path / "new.yaml").write_text("calicoNetworkPolicies: {db: {order: 20}}\n", encoding="utf-8")
    result = run_diff("v1", "v1", "-f", "both.yaml", "--values-new", "new.yaml", "-o", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert [(f["path"], f["old"], f["new"]) for o in data["objects"] for f in o["fields"]] == [("spec.order", 10, 20)]
    assert (data["old"], data["new"]) == ("v1", "new.yaml")
    same = run_diff("v1", "v1", "--set", "calicoNetworkPolicies.db.order=5", "--exit-code", cwd=tmp_path)
    assert same.exit_code == 0


def test_manifests_mode(run_diff: Run, tmp_path: Path, v1: Path, v2: Path, helm4: str) -> None:
    for name in ("v1", "v2"):
        out = subprocess.run(
            [helm4, "template", "network-policies", str(tmp_path / name)], capture_output=True, text=True, check=True
        )
        (tmp_path / f"{name}.yaml").write_text(out.stdout, encoding="utf-8")
    result = run_diff("--manifests", "v1.yaml", "v2.yaml", "-o", "json", "--exit-code", cwd=tmp_path)
    assert result.exit_code == 1
    assert reported(result.stdout) == EXPECTED
    conflict = run_diff("--manifests", "v1.yaml", "v2.yaml", "-f", "x.yaml", cwd=tmp_path)
    assert conflict.exit_code == 2 and "--manifests" in conflict.stderr


def test_packaged_chart(run_diff: Run, tmp_path: Path, v1: Path, v2: Path, helm4: str) -> None:
    subprocess.run([helm4, "package", str(v1), "-d", str(tmp_path)], capture_output=True, check=True)
    result = run_diff("network-policies-0.1.0.tgz", "v2", "-o", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert reported(result.stdout) == EXPECTED


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    chart = repo / "charts" / "network-policies"
    write_chart(chart)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1")
    shutil.rmtree(chart)
    write_v2(chart)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v2")
    return repo


def test_git_refs(run_diff: Run, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    status = git(repo, "status", "--porcelain")
    head = git(repo, "rev-parse", "HEAD")
    result = run_diff("git:v1", "git:main", "-o", "json", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert reported(result.stdout) == EXPECTED
    assert (json.loads(result.stdout)["old"], json.loads(result.stdout)["new"]) == ("git:v1", "git:main")
    assert run_diff("git:HEAD~1", "--exit-code", cwd=repo).exit_code == 1  # NEW = the working tree
    assert run_diff("git:HEAD", "--exit-code", cwd=repo).exit_code == 0
    assert (git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD")) == (status, head)


def test_git_ref_sees_committed_not_working_tree(run_diff: Run, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    values = repo / "charts" / "network-policies" / "values.yaml"
    values.write_text(values.read_text().replace("order: 50", "order: 51"), encoding="utf-8")
    result = run_diff("git:HEAD", "-o", "json", cwd=repo)
    assert [(f["path"], f["old"], f["new"]) for o in json.loads(result.stdout)["objects"] for f in o["fields"]] == [
        ("spec.order", 50, 51)
    ]
    assert git(repo, "status", "--porcelain") == " M charts/network-policies/values.yaml\n"


def test_git_errors(run_diff: Run, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    unknown = run_diff("git:nope", "git:main", cwd=repo)
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert unknown.stderr == f"netpolkit diff: error: git:nope: unknown revision 'nope' in {repo}\n"
    no_chart = run_diff("git:v1:charts/other", "git:main", cwd=repo)
    assert no_chart.exit_code == 2 and "no chart at charts/other in v1" in no_chart.stderr
    outside = run_diff("git:v1", "git:main", cwd=tmp_path)
    assert outside.exit_code == 2 and "not inside a git repository" in outside.stderr
    option = run_diff("git:--output=/tmp/x", "git:main", cwd=repo)
    assert option.exit_code == 2 and "expected git:REF" in option.stderr


def test_unknown_output_format(run_diff: Run, tmp_path: Path, v1: Path) -> None:
    result = run_diff("v1", "v1", "-o", "yaml", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "netpolkit diff: error: --output 'yaml': choose one of text, markdown, json\n",
    )


def test_capabilities_are_the_same_on_both_sides(run_diff: Run, tmp_path: Path, v1: Path) -> None:
    probe = write_chart(tmp_path / "probe")
    (probe / "templates" / "probe.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: probe}\n"
        "data: {kube: {{ .Capabilities.KubeVersion.Version | quote }},"
        ' api: {{ .Capabilities.APIVersions.Has "example.com/v9" | quote }}}\n',
        encoding="utf-8",
    )
    args = ("v1", "probe", "--kube-version", "1.29.3", "--api-versions", "example.com/v9", "-o", "json")
    (added,) = json.loads(run_diff(*args, cwd=tmp_path).stdout)["objects"]
    assert added["new"]["data"] == {"kube": "v1.29.3", "api": "true"}
    assert run_diff("probe", "probe", "--kube-version", "1.29.3", "--exit-code", cwd=tmp_path).exit_code == 0


def test_set_string_reaches_both_sides_and_threshold_one_keeps_renames_exact(
    run_diff: Run, tmp_path: Path, v1: Path, v2: Path
) -> None:
    # v2 dropped `legacy`; setting one of its fields on both sides brings it back in v2.
    key = "networkPolicies.legacy.podSelector.matchLabels.app"
    result = run_diff("v1", "v2", "-o", "json", "--set-string", f"{key}=0123", "--rename-threshold", "1", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    display = "NetworkPolicy default/legacy (networking.k8s.io)"
    legacy = next(o for o in reported(result.stdout) if o[1] == display)
    assert legacy == ("changed", display, [("removed", "spec.ingress", [], None)])
    assert [o[0] for o in reported(result.stdout)].count("renamed") == 1  # dns -> allow-dns is exact


def test_rename_threshold_must_be_a_fraction(run_diff: Run, tmp_path: Path, v1: Path, v2: Path) -> None:
    result = run_diff("v1", "v2", "--rename-threshold", "1.5", cwd=tmp_path)
    assert result.exit_code == 2
    assert "--rename-threshold" in result.stderr
