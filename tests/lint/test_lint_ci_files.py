"""The GitHub workflow and the pre-commit hook: their structure, and their commands run for real.

A fork runs the workflow as is, and a values repository runs the hook through pre-commit, so the
commands they contain are executed here the way those tools would execute them.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from lint_helpers import CHART, REPO, commit_all, git, make_repo, write

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

WORKFLOW = REPO / ".github" / "workflows" / "ci.yaml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent


def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(data, dict)
    return data


def steps(job: str) -> list[dict[str, Any]]:
    return list(workflow()["jobs"][job]["steps"])


def runs(job: str) -> str:
    return "\n".join(str(s.get("run", "")) for s in steps(job))


def uses(job: str) -> list[str]:
    return [str(s["uses"]).split("@")[0] for s in steps(job) if "uses" in s]


def test_workflow_triggers_and_least_privilege() -> None:
    data = workflow()
    triggers = data.get("on", data.get(True))  # PyYAML reads the bare key `on` as a boolean
    assert set(triggers) == {"push", "pull_request"}
    assert data["permissions"] == {"contents": "read"}
    for name, job in data["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", name
        checkout = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout@"))
        assert checkout["with"]["fetch-depth"] == 0, name
        assert "actions/setup-python" in [str(s.get("uses", "")).split("@")[0] for s in job["steps"]], name


def test_workflow_runs_tests_ct_lint_and_netpolkit_lint() -> None:
    assert "make test" in runs("test")
    assert uses("chart-lint")[:4] == [
        "actions/checkout",
        "actions/setup-python",
        "azure/setup-helm",
        "helm/chart-testing-action",
    ]
    assert 'ct lint --config ct.yaml --target-branch "$TARGET_BRANCH"' in runs("chart-lint")
    assert ".venv/bin/netpolkit lint --config ct.yaml" in runs("chart-lint")
    matrix = workflow()["jobs"]["chart-lint"]["strategy"]["matrix"]["helm"]
    assert {v.split(".")[0] for v in matrix} == {"v3", "v4"}


def test_policy_diff_job_comments_on_pull_requests_only() -> None:
    job = workflow()["jobs"]["policy-diff"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"]["pull-requests"] == "write"
    assert '.venv/bin/netpolkit diff "git:${BASE}" git:HEAD --output markdown' in runs("policy-diff")
    assert "gh pr comment" in runs("policy-diff")


def test_workflow_diff_command_runs_on_a_chart_change(tmp_path: Path) -> None:
    """The exact diff invocation of the workflow, in a repo where a pull request changed the chart."""
    repo = make_repo(tmp_path, real_chart=True)
    (repo / "pyproject.toml").write_text('[tool.netpolkit]\nchart = "charts/network-policies"\n')
    commit_all(repo, "settings")
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, "charts/network-policies/ci/namespace-values.yaml", (CHART / "ci/namespace-values.yaml").read_text())
    values = repo / "charts/network-policies/values.yaml"
    values.write_text(values.read_text().replace("namePrefix: \"\"", "namePrefix: \"x-\""))
    commit_all(repo, "change the chart defaults")
    command = re.search(r"\.venv/bin/(netpolkit diff .*)", runs("policy-diff"))
    assert command is not None
    argv = [str(BIN / "netpolkit"), *shlex.split(command.group(1).replace("${BASE}", base))[1:]]
    result = subprocess.run(argv, cwd=repo, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "an empty comment"


def hook() -> dict[str, Any]:
    (entry,) = yaml.safe_load(HOOKS.read_text())
    assert isinstance(entry, dict)
    return entry


def test_hook_manifest_is_what_pre_commit_expects() -> None:
    entry = hook()
    assert entry["id"] == "netpolkit-validate"
    assert {"id", "name", "entry", "language"} <= set(entry)
    assert entry["language"] == "python" and entry["pass_filenames"] is True
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert shlex.split(entry["entry"])[0] in scripts  # pre-commit installs this repo and runs the script


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("values.yaml", True),
        ("envs/prod/values.yaml", True),
        ("values-prod.yaml", True),
        ("prod-values.yml", True),
        ("team_a.values.yaml", True),
        ("charts/network-policies/ci/namespace-values.yaml", True),
        ("values.schema.json", False),
        ("Chart.yaml", False),
        ("valuesless/readme.yaml", False),
        ("myvalues.yaml", False),
    ],
)
def test_hook_files_pattern(path: str, matches: bool) -> None:
    assert bool(re.search(hook()["files"], path)) is matches


def run_hook(cwd: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """As pre-commit does: entry split with shlex, then `args`, then the file names."""
    entry = hook()
    argv = [*shlex.split(entry["entry"]), "--chart", str(CHART), *entry.get("args", []), *files]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300)


def test_hook_validates_several_files_each_on_its_own(tmp_path: Path) -> None:
    # Each file alone is valid; merged, the second's scope would clash with the first's kinds.
    write(tmp_path, "team-values.yaml", (CHART / "ci/namespace-values.yaml").read_text())
    write(tmp_path, "platform-values.yaml", (CHART / "ci/cluster-values.yaml").read_text())
    result = run_hook(tmp_path, "team-values.yaml", "platform-values.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_fails_naming_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "good-values.yaml", "scope: namespace\n")
    write(tmp_path, "bad-values.yaml", "scope: namespace\ncalico:\n  edition: premium\n")
    result = run_hook(tmp_path, "good-values.yaml", "bad-values.yaml")
    assert result.returncode == 1
    assert "bad-values.yaml:3:" in result.stdout
    assert "good-values.yaml" not in result.stdout
    assert "1 of 2 file(s) have errors" in result.stderr
