"""`netpolkit snapshot check|update` and `netpolkit render` on a copy of the project, end to end."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netpolkit.cli import app

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = ("namespace-baseline.yaml", "cluster-baseline-tiers.yaml", "three-tier-app.yaml")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small project: the real chart, three values examples, settings in pyproject.toml."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "charts", root / "charts")
    (root / "values-examples").mkdir()
    for name in EXAMPLES:
        shutil.copy(REPO / "values-examples" / name, root / "values-examples" / name)
    (root / "pyproject.toml").write_text('[tool.netpolkit]\nchart = "charts/network-policies"\n')
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_COLOR", "1")
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def tree_digest(directory: Path) -> str:
    files = sorted(directory.rglob("*")) if directory.exists() else []
    return hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in files if p.is_file())).hexdigest()


def test_check_update_cycle(project: Path) -> None:
    snapshots = project / "tests" / "snapshots"
    code, out, err = run("snapshot", "check")
    assert code == 1
    assert "missing: namespace-baseline" in out and "netpolkit snapshot update namespace-baseline" in out
    assert not snapshots.exists(), "check must never write"

    code, out, err = run("snapshot", "update")
    assert code == 0 and "snapshots updated: 3 written" in err
    assert sorted(p.name for p in snapshots.iterdir()) == sorted(EXAMPLES)
    assert run("snapshot", "check")[0] == 0

    # A one-line template change fails the check, naming the case and the object; nothing is written.
    template = project / "charts/network-policies/templates/lib/_presets.tpl"
    text = template.read_text()
    needle = '"kubernetes.io/metadata.name" $p.dnsNamespace'
    assert needle in text
    template.write_text(text.replace(needle, '"team" $p.dnsNamespace', 1))
    before = tree_digest(snapshots)
    code, out, err = run("snapshot", "check")
    assert code == 1
    assert "changed: namespace-baseline" in out
    assert "changed: NetworkPolicy/team-a/allow-dns (networking.k8s.io)" in out
    assert "-          kubernetes.io/metadata.name: kube-system" in out
    assert "+          team: kube-system" in out
    assert tree_digest(snapshots) == before

    code, out, err = run("snapshot", "update", "namespace-baseline")
    assert code == 0 and "written: namespace-baseline" in out
    assert run("snapshot", "check")[0] == 1, "the other cases still render the old text"
    assert run("snapshot", "update")[0] == 0
    assert run("snapshot", "check")[0] == 0


def test_obsolete_snapshot_is_reported_and_only_a_full_update_removes_it(project: Path) -> None:
    assert run("snapshot", "update")[0] == 0
    stale = project / "tests/snapshots/gone.yaml"
    stale.write_text("# netpolkit snapshot v1: case gone\n")
    code, out, _ = run("snapshot", "check")
    assert code == 1 and "obsolete: gone" in out
    assert run("snapshot", "update", "three-tier-app")[0] == 0
    assert stale.exists(), "a narrowed update cannot know what is obsolete"
    code, out, _ = run("snapshot", "update")
    assert code == 0 and "removed: gone" in out and not stale.exists()


def test_junit_report_and_unknown_case(project: Path, tmp_path: Path) -> None:
    junit = tmp_path / "out" / "snap.xml"
    code, _, _ = run("snapshot", "check", "--junit", str(junit))
    assert code == 1
    xml = junit.read_text()
    assert 'tests="3"' in xml and 'failures="3"' in xml and 'name="three-tier-app"' in xml
    code, _, err = run("snapshot", "check", "nope")
    assert code == 2 and "no snapshot case 'nope'" in err


def test_masks_from_pyproject_and_flag(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.netpolkit]\nchart = "charts/network-policies"\n'
        'masks = ["metadata.labels[app.kubernetes.io/instance]"]\n'
    )
    assert run("snapshot", "update")[0] == 0
    text = (project / "tests/snapshots/three-tier-app.yaml").read_text()
    assert "app.kubernetes.io/instance" not in text and "helm.sh/chart" not in text
    assert run("snapshot", "update", "--mask", "/metadata/annotations")[0] == 0
    assert "annotations" not in (project / "tests/snapshots/namespace-baseline.yaml").read_text()


def test_render_prints_sorted_objects_and_refuses_invalid_values(project: Path, tmp_path: Path) -> None:
    code, out, err = run("render", "-f", "values-examples/three-tier-app.yaml", "-n", "orders")
    assert code == 0
    assert out.startswith("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n")
    assert "namespace: orders" in out

    bad = tmp_path / "bad.yaml"
    bad.write_text("networkPolicys:\n  web: {}\n")
    code, out, err = run("render", "-f", str(bad))
    assert code == 1 and out == ""
    assert f"{bad}:1:1: error[NPK101]" in err and "networkPolicies" in err

    split = tmp_path / "split"
    code, _, err = run("render", "-f", "values-examples/three-tier-app.yaml", "--split-dir", str(split))
    assert code == 0
    assert "networkpolicy_default_allow-dns.yaml" in {p.name for p in split.iterdir()}
    code, _, err = run("render", "-f", "values-examples/three-tier-app.yaml", "--split-dir", str(split))
    assert code == 2 and "--force" in err
    assert run("render", "-f", "values-examples/three-tier-app.yaml", "--split-dir", str(split), "--force")[0] == 0


def test_engines_share_snapshots_and_the_embedded_one_catches_a_template_change(project: Path) -> None:
    pytest.importorskip("helm_python", reason="the embedded engine needs helm-python-sdk")
    assert run("snapshot", "update")[0] == 0  # written by the binary engine
    assert run("snapshot", "check", "--engine", "embedded")[0] == 0

    template = project / "charts/network-policies/templates/lib/_presets.tpl"
    needle = '"kubernetes.io/metadata.name" $p.dnsNamespace'
    template.write_text(template.read_text().replace(needle, '"team" $p.dnsNamespace', 1))
    before = tree_digest(project / "tests" / "snapshots")
    code, out, _ = run("snapshot", "check", "--engine", "embedded")
    assert code == 1
    assert "changed: NetworkPolicy/team-a/allow-dns (networking.k8s.io)" in out
    assert tree_digest(project / "tests" / "snapshots") == before
    assert run("snapshot", "update", "--engine", "embedded")[0] == 0
    assert run("snapshot", "check")[0] == 0, "the binary engine agrees with what the embedded one wrote"


def test_without_the_embedded_engine_snapshots_fall_back_to_the_binary_and_say_so(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("snapshot", "update")[0] == 0
    monkeypatch.setitem(sys.modules, "helm_python", None)  # as on a platform without a wheel
    code, out, err = run("snapshot", "check", "--engine", "embedded")
    assert code == 0, out + err
    warning = [line for line in err.splitlines() if line.startswith("netpolkit: warning:")]
    assert len(warning) == 1 and "helm-python-sdk" in warning[0]
    assert warning[0].endswith("rendering with the helm binary instead")
