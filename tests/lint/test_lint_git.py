"""`netpolkit lint` in throwaway git repositories: which charts it picks and what each check says.

These are the acceptance cases of the lint issue: a chart change without a version bump fails
with both versions named, the bump makes it pass, a broken Chart.yaml and a yamllint error each
fail with file and line, and a clone with nothing to compare with falls back and says so.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lint_helpers import HELM4, commit_all, git, make_repo, run_cli, write

VERSION_MESSAGE = (
    "charts/demo: chart files changed but version 0.1.0 was not incremented "
    "(target branch main has 0.1.0): bump `version` in Chart.yaml"
)


def feature_change(repo: Path, *, bump: str | None = None) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, "charts/demo/values.yaml", "greeting: hello world\n")
    if bump:
        chart_yaml = repo / "charts/demo/Chart.yaml"
        chart_yaml.write_text(chart_yaml.read_text().replace("version: 0.1.0", f"version: {bump}"))
    commit_all(repo, "change the chart")


def test_change_without_bump_fails_naming_both_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    feature_change(repo)
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 1, run.stdout
    assert f"charts/demo/Chart.yaml:5:1: error[version-increment]: {VERSION_MESSAGE}" in run.stdout
    assert "FAIL  version-increment" in run.stdout
    assert "  ok    yamllint" in run.stdout  # the other checks still ran
    assert "fix the problems above" in run.stdout


@pytest.mark.parametrize("bump", ["0.1.1", "0.2.0", "1.0.0", "0.1.1-rc.1"])
def test_change_with_bump_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bump: str) -> None:
    repo = make_repo(tmp_path)
    feature_change(repo, bump=bump)
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 0, run.stdout
    assert f"0.1.0 (target branch main) -> {bump}" not in run.stdout  # notes of passing checks stay quiet
    assert "ok    version-increment" in run.stdout
    assert "charts changed since target branch main" in run.stdout


def test_lower_or_prerelease_of_same_version_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    feature_change(repo, bump="0.1.0-rc.1")  # a pre-release sorts before its release
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 1
    assert "version 0.1.0-rc.1 was not incremented (target branch main has 0.1.0)" in run.stdout


def test_uncommitted_and_untracked_changes_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, "charts/demo/templates/extra.yaml", "# a new, untracked template\n")
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 1
    assert VERSION_MESSAGE in run.stdout


def test_broken_chart_yaml_fails_with_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature")
    write(
        repo,
        "charts/demo/Chart.yaml",
        "apiVersion: v2\nname: demo\ndescription: A test chart.\ntype: application\nversion: 0.2.0\n"
        "maintainers:\n  - email: team@example.com\nannotations:\n  artifacthub.io/license: 2\n",
    )
    commit_all(repo, "break Chart.yaml")
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 1
    assert "charts/demo/Chart.yaml:7:5: error[chart-schema]: maintainers.0.name: Required field missing" in run.stdout
    assert (
        "charts/demo/Chart.yaml:9:3: error[chart-schema]: annotations.artifacthub.io/license: '2' is not a str."
        in run.stdout
    )


def test_unknown_chart_yaml_key_fails_on_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    chart_yaml = repo / "charts/demo/Chart.yaml"
    chart_yaml.write_text(chart_yaml.read_text() + "maintainer: someone\n")
    run = run_cli(monkeypatch, repo, "lint", "--all", "--helm", HELM4)
    assert run.exit_code == 1
    assert "charts/demo/Chart.yaml:6:1: error[chart-schema]: maintainer: Unexpected element" in run.stdout


def test_yamllint_error_fails_with_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, "charts/demo/values.yaml", "greeting: hello \nlist: [ a]\nflag: yes\n")
    chart_yaml = repo / "charts/demo/Chart.yaml"
    chart_yaml.write_text(chart_yaml.read_text().replace("0.1.0", "0.1.1"))
    commit_all(repo, "lint errors")
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 1
    assert "charts/demo/values.yaml:1:16: error[yamllint/trailing-spaces]: trailing spaces" in run.stdout
    assert "charts/demo/values.yaml:2:8: error[yamllint/brackets]: too many spaces inside brackets" in run.stdout
    # truthy is a warning in ct's lintconf: shown, but it alone would not fail the check
    assert "charts/demo/values.yaml:3:7: warning[yamllint/truthy]" in run.stdout


def test_yamllint_covers_ci_values_files_and_syntax_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    write(repo, "charts/demo/ci/broken-values.yaml", "greeting: [hi\n")
    run = run_cli(monkeypatch, repo, "lint", "--all", "--helm", HELM4)
    assert run.exit_code == 1
    assert "charts/demo/ci/broken-values.yaml:2:1: error[yamllint/syntax]: syntax error" in run.stdout
    assert "FAIL  helm-lint (helm v4.3.1, charts/demo/ci/broken-values.yaml)" in run.stdout


def test_warnings_alone_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    write(repo, "charts/demo/values.yaml", "greeting: hello\nflag: yes\n")
    run = run_cli(monkeypatch, repo, "lint", "--all", "--helm", HELM4)
    assert run.exit_code == 0, run.stdout
    assert "warning[yamllint/truthy]" in run.stdout


def test_template_failure_names_the_values_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    write(repo, "charts/demo/templates/fail.yaml", '{{ if eq .Values.greeting "boom" }}{{ fail "no boom" }}{{ end }}\n')
    write(repo, "charts/demo/ci/boom-values.yaml", "greeting: boom\n")
    run = run_cli(monkeypatch, repo, "lint", "--all", "--helm", HELM4)
    assert run.exit_code == 1
    # helm lint runs templates in lint mode, where `fail` only logs: the render check catches it
    assert "ok    helm-lint (helm v4.3.1, charts/demo/ci/boom-values.yaml)" in run.stdout
    assert "FAIL  helm-template (helm v4.3.1, charts/demo/ci/boom-values.yaml)" in run.stdout
    assert "ok    helm-template (helm v4.3.1, charts/demo/ci/basic-values.yaml)" in run.stdout
    assert "charts/demo/ci/boom-values.yaml: error[helm-template]:" in run.stdout
    assert "no boom" in run.stdout


def test_no_chart_change_lints_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, "README.md", "not a chart file\n")
    commit_all(repo, "docs only")
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 0
    assert "no chart changes detected: nothing to lint" in run.stdout
    assert "charts changed since target branch main" in run.stdout


def test_on_main_itself_lints_all_and_skips_version_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 0, run.stdout
    assert (
        "note: HEAD is the target branch main itself, nothing to compare with: "
        "linting all charts; version increment check skipped" in run.stdout
    )
    assert "==> charts/demo" in run.stdout
    assert "skip  version-increment" in run.stdout


def test_fresh_clone_uses_remote_target_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    upstream = make_repo(tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    # CI on main itself: origin/main is HEAD, so everything is linted, version check skipped.
    run = run_cli(monkeypatch, clone, "lint", "--helm", HELM4)
    assert run.exit_code == 0, run.stdout
    assert "HEAD is the target branch origin/main itself" in run.stdout
    # A pull request: a branch ahead of origin/main without a bump.
    feature_change(clone)
    run = run_cli(monkeypatch, clone, "lint", "--helm", HELM4)
    assert run.exit_code == 1
    assert VERSION_MESSAGE in run.stdout


def test_missing_target_branch_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    git(repo, "branch", "-m", "main", "trunk")
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 0, run.stdout
    assert "target branch main not found (neither origin/main nor a local branch)" in run.stdout
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4, "--target-branch", "trunk")
    assert "HEAD is the target branch trunk itself" in run.stdout


def test_not_a_git_repository_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(repo / "ct.yaml", plain)
    for name in (".ct", "charts"):
        shutil.copytree(repo / name, plain / name)
    run = run_cli(monkeypatch, plain, "lint", "--helm", HELM4)
    assert run.exit_code == 0, run.stdout
    assert "not a git repository with commits: linting all charts" in run.stdout


def test_since_compares_with_the_given_ref(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    write(repo, "charts/demo/values.yaml", "greeting: changed on main\n")
    commit_all(repo, "second commit on main")
    run = run_cli(monkeypatch, repo, "lint", "--since", "HEAD~1", "--helm", HELM4)
    assert run.exit_code == 1
    assert "version 0.1.0 was not incremented (HEAD~1 has 0.1.0)" in run.stdout
    bad = run_cli(monkeypatch, repo, "lint", "--since", "no-such-ref", "--helm", HELM4)
    assert bad.exit_code == 2
    assert bad.stderr == "netpolkit: error: --since no-such-ref: not a git revision\n"


def test_all_and_charts_skip_the_version_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    feature_change(repo)
    for args in (["--all"], ["--charts", "charts/demo"]):
        run = run_cli(monkeypatch, repo, "lint", *args, "--helm", HELM4)
        assert run.exit_code == 0, run.stdout
        assert "version increment check skipped (as in ct)" in run.stdout


def test_new_chart_has_no_version_to_compare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature")
    for rel in ("Chart.yaml", "values.yaml", "templates/configmap.yaml"):
        source = (repo / "charts/demo" / rel).read_text()
        write(repo, f"charts/other/{rel}", source.replace("name: demo", "name: other"))
    commit_all(repo, "add a chart")
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 0, run.stdout
    assert "==> charts/other" in run.stdout and "==> charts/demo" not in run.stdout
    assert "skip  version-increment: new chart: no charts/other/Chart.yaml at target branch main" in run.stdout


def test_excluded_charts_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    (repo / "ct.yaml").write_text((repo / "ct.yaml").read_text() + "excluded-charts: [demo]\n")
    feature_change(repo)
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 0
    assert "no chart changes detected" in run.stdout


def test_version_must_exceed_the_target_branch_tip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As ct: a bump that landed on main after the branch forked must be out-versioned too."""
    repo = make_repo(tmp_path)
    feature_change(repo, bump="0.1.1")
    git(repo, "checkout", "-q", "main")
    chart_yaml = repo / "charts/demo/Chart.yaml"
    chart_yaml.write_text(chart_yaml.read_text().replace("version: 0.1.0", "version: 0.2.0"))
    commit_all(repo, "release 0.2.0 on main")
    git(repo, "checkout", "-q", "feature")
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 1
    assert "version 0.1.1 was not incremented (target branch main has 0.2.0)" in run.stdout
    assert "e.g. 0.2.1" in run.stdout


def test_junit_output_and_bad_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    feature_change(repo)
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4, "--output", "junit")
    assert run.exit_code == 1
    suite = ET.fromstring(run.stdout).find("testsuite")
    assert suite is not None and suite.attrib["name"] == "charts/demo" and suite.attrib["failures"] == "1"
    assert "1 failed" in run.stderr
    bad = run_cli(monkeypatch, repo, "lint", "--output", "sarif")
    assert bad.exit_code == 2 and "netpolkit: error: --output 'sarif': choose one of text, junit" in bad.stderr
    missing = run_cli(monkeypatch, repo, "lint", "--charts", "charts/demo,charts/nope")
    assert missing.exit_code == 2 and "charts/nope" in missing.stderr


def test_chart_yaml_without_valid_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature")
    chart_yaml = repo / "charts/demo/Chart.yaml"
    chart_yaml.write_text(chart_yaml.read_text().replace("version: 0.1.0", "version: latest"))
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4)
    assert run.exit_code == 1
    assert (
        "charts/demo/Chart.yaml:5:1: error[version-increment]: charts/demo: Chart.yaml `version` 'latest' "
        "is not a semantic version (MAJOR.MINOR.PATCH)" in run.stdout
    )
