"""`netpolkit lint` on the project itself: the real chart, ci cases and ct config pass every check.

Linted in a temp git repo holding a copy of the working tree's chart, on a branch that changed
and bumped it, so the version check runs too. The README reference is regenerated on the copy:
whether the real README is current is `netpolkit docs --check`'s job in `make test`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_helpers import HELM3, HELM4, commit_all, git, make_repo, run_cli

from netpolkit import docs


def test_real_chart_passes_netpolkit_lint_under_both_helms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path, real_chart=True)
    chart = repo / "charts/network-policies"
    git(repo, "checkout", "-q", "-b", "feature")
    chart_yaml = chart / "Chart.yaml"
    text = chart_yaml.read_text()
    old = next(line for line in text.splitlines() if line.startswith("version:"))
    major, minor, patch = old.split(":", 1)[1].strip().split("-")[0].split(".")
    chart_yaml.write_text(text.replace(old, f"version: {major}.{minor}.{int(patch) + 1}"))
    if (chart / "README.md").is_file() and docs.START_MARKER in (chart / "README.md").read_text():
        docs.update_docs(chart)
    commit_all(repo, "bump")
    run = run_cli(monkeypatch, repo, "lint", "--helm", HELM4, "--helm", HELM3, "-o", "junit", "--output-file", "r.xml")
    assert run.exit_code == 0, run.stdout
    assert "FAIL" not in run.stdout
    for case in ("namespace", "cluster", "enterprise"):
        for version in ("v4.3.1", "v3.17.2"):
            assert f"ok    helm-lint (helm {version}, charts/network-policies/ci/{case}-values.yaml)" in run.stdout
            assert f"ok    helm-template (helm {version}, charts/network-policies/ci/{case}-values.yaml)" in run.stdout
    assert "ok    version-increment" in run.stdout
    assert "ok    chart-schema" in run.stdout and "ok    yamllint" in run.stdout
    assert (repo / "r.xml").read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
