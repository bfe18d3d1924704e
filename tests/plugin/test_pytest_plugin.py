"""The pytest plugin as another chart's repository would use it (pytester runs a child session)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from netpolkit.helm import pinned_helm

pytest_plugins = ["pytester"]

CHART_YAML = "apiVersion: v2\nname: demo\nversion: 1.0.0\n"
TEMPLATE = textwrap.dedent(
    """\
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: {{ .Values.name }}
      namespace: {{ .Release.Namespace }}
      labels:
        helm.sh/chart: demo-{{ .Chart.Version }}
    spec:
      podSelector: {}
      policyTypes: [Ingress]
      ingress: {{ .Values.ingress | toJson }}
    """
)
TEST_MODULE = textwrap.dedent(
    """\
    def test_web(netpolkit_render, netpolkit_snapshot):
        resources = netpolkit_render({"name": "web", "ingress": []}, namespace="team-a")
        assert [r.identity.name for r in resources] == ["web"]
        assert netpolkit_snapshot == resources
    """
)


@pytest.fixture
def chart_repo(pytester: pytest.Pytester) -> pytest.Pytester:
    chart = pytester.path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(CHART_YAML)
    (chart / "values.yaml").write_text("name: x\ningress: []\n")
    (chart / "templates" / "np.yaml").write_text(TEMPLATE)
    pytester.makepyfile(test_policies=TEST_MODULE)
    return pytester


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    helm = pinned_helm(4).path
    return pytester.runpytest("-p", "no:cacheprovider", "--netpolkit-chart", "chart", "--netpolkit-helm", helm, *args)


def _snapshot(pytester: pytest.Pytester) -> Path:
    return pytester.path / "__snapshots__" / "test_policies" / "test_web.yaml"


def test_missing_snapshot_fails_and_update_writes_it(chart_repo: pytest.Pytester) -> None:
    result = _run(chart_repo)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no snapshot*--netpolkit-update*"])
    assert not _snapshot(chart_repo).exists()

    _run(chart_repo, "--netpolkit-update").assert_outcomes(passed=1)
    text = _snapshot(chart_repo).read_text()
    assert "name: web" in text and "namespace: team-a" in text
    assert "helm.sh/chart" not in text  # masked by default
    _run(chart_repo).assert_outcomes(passed=1)


def test_changed_render_shows_object_diff(chart_repo: pytest.Pytester) -> None:
    _run(chart_repo, "--netpolkit-update").assert_outcomes(passed=1)
    template = chart_repo.path / "chart" / "templates" / "np.yaml"
    template.write_text(template.read_text().replace("policyTypes: [Ingress]", "policyTypes: [Ingress, Egress]"))
    result = _run(chart_repo)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*NetworkPolicy/team-a/web*", "*+*- Egress*"])


def test_unused_snapshot_fails_the_session_unless_warned(chart_repo: pytest.Pytester) -> None:
    _run(chart_repo, "--netpolkit-update").assert_outcomes(passed=1)
    stale = _snapshot(chart_repo).with_name("test_gone.yaml")
    stale.write_text("# old\n")
    result = _run(chart_repo)
    result.stdout.fnmatch_lines(["*unused snapshot*test_gone.yaml"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert _run(chart_repo, "--netpolkit-warn-unused").ret == pytest.ExitCode.OK
    assert _run(chart_repo, "-k", "web").ret == pytest.ExitCode.OK  # a narrowed run cannot judge
    assert stale.exists()
    _run(chart_repo, "--netpolkit-update")
    assert not stale.exists()
