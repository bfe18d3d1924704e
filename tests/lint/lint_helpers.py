"""Helpers for the lint tests: throwaway git repositories holding ct.yaml, .ct/ and a chart."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netpolkit.cli.app import app
from netpolkit.helm_install import RELEASES, installed_binary

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"
HELMS = {r.major: str(installed_binary(r)) for r in RELEASES}
HELM4 = HELMS[4]
HELM3 = HELMS[3]

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "netpolkit-test",
    "GIT_AUTHOR_EMAIL": "test@netpolkit.invalid",
    "GIT_COMMITTER_NAME": "netpolkit-test",
    "GIT_COMMITTER_EMAIL": "test@netpolkit.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

DEMO_CHART = {
    "Chart.yaml": "apiVersion: v2\nname: demo\ndescription: A test chart.\ntype: application\nversion: 0.1.0\n",
    "values.yaml": "greeting: hello\n",
    "templates/configmap.yaml": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-demo\n"
        "data:\n  greeting: {{ .Values.greeting | quote }}\n"
    ),
    "ci/basic-values.yaml": "greeting: hi\n",
}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def write(repo: Path, rel: str, text: str) -> Path:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def make_repo(root: Path, *, real_chart: bool = False) -> Path:
    """A git repo on `main` with ct.yaml, .ct/ and one committed chart (demo, or a copy of ours)."""
    repo = root / "repo"
    repo.mkdir()
    shutil.copy(REPO / "ct.yaml", repo / "ct.yaml")
    shutil.copytree(REPO / ".ct", repo / ".ct")
    if real_chart:
        shutil.copytree(CHART, repo / "charts" / "network-policies")
    else:
        for rel, text in DEMO_CHART.items():
            write(repo, f"charts/demo/{rel}", text)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "initial")
    return repo


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def run_cli(monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str) -> Run:
    """The CLI in-process, from `cwd`; library errors surface as `exception` (main() maps them)."""
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(app, list(args), catch_exceptions=True)
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return Run(result.exit_code, result.stdout, result.stderr, exception)
