"""The chart's ci/*-values.yaml cases and its packaging, through both pinned helm majors.

ct lints (and would install) the chart once per ci/*-values.yaml, so these cases are the chart's
smoke tests in every chart-testing run: each must be valid, lint clean, render, and together
cover every kind and preset. `helm package` must produce a chart that renders exactly like the
directory (nothing the templates need is left out by .helmignore).
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from lint_helpers import CHART, HELMS, REPO

from netpolkit.errors import RenderError
from netpolkit.helm import Helm, RenderOptions, ValuesInput, probe
from netpolkit.manifests import Resource, parse_manifests

CI_FILES = sorted((CHART / "ci").glob("*-values.yaml"))
EXAMPLES = sorted((REPO / "values-examples").glob("*.yaml"))
OPTIONS = RenderOptions(release="ci", namespace="team-a")

NAMESPACED_KINDS = {
    ("networking.k8s.io", "NetworkPolicy"),
    ("projectcalico.org", "NetworkPolicy"),
    ("projectcalico.org", "StagedNetworkPolicy"),
    ("projectcalico.org", "StagedKubernetesNetworkPolicy"),
    ("projectcalico.org", "NetworkSet"),
}
CLUSTER_KINDS = {
    ("projectcalico.org", "GlobalNetworkPolicy"),
    ("projectcalico.org", "StagedGlobalNetworkPolicy"),
    ("projectcalico.org", "GlobalNetworkSet"),
    ("projectcalico.org", "HostEndpoint"),
    ("projectcalico.org", "Tier"),
}


def helm(major: int) -> Helm:
    return probe(HELMS[major])


def merged_values(path: Path) -> dict[str, Any]:
    """values.yaml under the case, merged the way helm merges maps (lists replace)."""

    def merge(base: Any, over: Any) -> Any:
        if isinstance(base, dict) and isinstance(over, dict):
            return {**base, **{k: merge(base.get(k), v) for k, v in over.items()}}
        return over

    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    return dict(merge(defaults, yaml.safe_load(path.read_text()) or {}))


def render(major: int, chart: Path, values: Path) -> list[Resource]:
    return parse_manifests(helm(major).template(chart, ValuesInput(files=(str(values),)), OPTIONS))


def kinds(resources: list[Resource]) -> set[tuple[str, str]]:
    return {(r.identity.group.split("/")[0], r.identity.kind) for r in resources}


def presets_rendered(resources: list[Resource]) -> set[str]:
    return {str(r.body["metadata"]["labels"].get("netpolkit.io/preset")) for r in resources} - {"None"}


def test_the_three_cases_exist() -> None:
    assert {p.name for p in CI_FILES} >= {"namespace-values.yaml", "cluster-values.yaml", "enterprise-values.yaml"}


@pytest.mark.parametrize("case", CI_FILES, ids=[p.stem for p in CI_FILES])
def test_case_is_valid_against_the_schema(case: Path) -> None:
    schema = json.loads((CHART / "values.schema.json").read_text())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(merged_values(case)), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


@pytest.mark.parametrize("major", [3, 4])
@pytest.mark.parametrize("case", CI_FILES, ids=[p.stem for p in CI_FILES])
def test_case_lints_strict_and_renders_under_both_helms(case: Path, major: int) -> None:
    result = helm(major).run(["lint", "--strict", str(CHART), "--values", str(case)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert render(major, CHART, case), f"{case.name} renders nothing"


def test_namespace_case_covers_every_namespaced_kind_and_preset() -> None:
    resources = render(4, CHART, CHART / "ci/namespace-values.yaml")
    assert kinds(resources) >= NAMESPACED_KINDS
    every_preset = set(yaml.safe_load((CHART / "values.yaml").read_text())["presets"]) - {"namespaceSelector"}
    assert presets_rendered(resources) == every_preset
    assert all(r.identity.namespace == "team-a" for r in resources if r.identity.kind != "BaselineAdminNetworkPolicy")


def test_cluster_case_covers_every_cluster_kind() -> None:
    resources = render(4, CHART, CHART / "ci/cluster-values.yaml")
    assert kinds(resources) == CLUSTER_KINDS
    assert all(not r.identity.namespace for r in resources)
    assert presets_rendered(resources) >= {"defaultDeny", "allowDNS", "denyCloudMetadata"}


def test_enterprise_case_uses_enterprise_only_fields() -> None:
    values = merged_values(CHART / "ci/enterprise-values.yaml")
    assert values["calico"]["edition"] == "enterprise"
    text = (CHART / "ci/enterprise-values.yaml").read_text()
    for field in ("allowedEgressDomains", "domains", "headers"):
        assert f"{field}:" in text
    oss = {**values, "calico": {**values["calico"], "edition": "oss"}}
    with pytest.raises(RenderError, match="enterprise"):
        helm(4).template(CHART, ValuesInput(inline=oss), OPTIONS)


def test_both_helm_majors_render_the_cases_identically() -> None:
    for case in CI_FILES:
        assert render(3, CHART, case) == render(4, CHART, case), case.name


@pytest.mark.parametrize("major", [3, 4])
def test_packaged_chart_renders_like_the_directory(tmp_path: Path, major: int) -> None:
    result = helm(major).run(["package", str(CHART), "--destination", str(tmp_path)])
    assert result.returncode == 0, result.stderr
    (package,) = tmp_path.glob("network-policies-*.tgz")
    with tarfile.open(package) as tar:
        names = tar.getnames()
    assert "network-policies/values.schema.json" in names
    assert not [n for n in names if "/ci/" in n], "ci/ is test input, kept out of the package by .helmignore"
    for values in [*CI_FILES, *EXAMPLES]:
        assert render(major, package, values) == render(major, CHART, values), values.name
