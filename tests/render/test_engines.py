"""Every way netpolkit renders gives the objects `helm template` gives, over the whole values corpus.

* embedded engine (helm-python-sdk, Helm's Go SDK in-process) vs the helm 4 binary;
* batched rendering (one umbrella chart, many aliased cases) vs one `helm template` per case, under
  both helm majors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netpolkit.batch import BatchRenderer, batchable_chart, batchable_values_text
from netpolkit.embedded import EmbeddedEngine
from netpolkit.errors import RenderError, UsageError
from netpolkit.helm import RenderOptions, ValuesInput, pinned_helm
from netpolkit.manifests import parse_manifests
from netpolkit.render import BinaryEngine, RenderRequest, render
from netpolkit.snapshot import Case

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"
CORPUS = [*sorted((REPO / "values-examples").glob("*.yaml")), *sorted((CHART / "ci").glob("*.yaml"))]


def _options(path: Path) -> RenderOptions:
    return Case(path.stem, path).options(RenderOptions("network-policies", "default"))


def _embedded() -> EmbeddedEngine:
    try:
        return EmbeddedEngine()
    except UsageError as exc:
        pytest.skip(f"embedded engine not installable here: {exc}")


@pytest.mark.parametrize("values", CORPUS, ids=lambda p: p.name)
def test_embedded_engine_renders_the_same_objects_as_the_binary(values: Path) -> None:
    request = RenderRequest(CHART, ValuesInput(files=(str(values),)), _options(values))
    binary = render(request, BinaryEngine(pinned_helm(4)))
    embedded = render(request, _embedded())
    assert binary, f"{values.name} renders nothing"
    assert [r.body for r in embedded] == [r.body for r in binary]


def test_embedded_engine_reports_helm_errors() -> None:
    request = RenderRequest(CHART, ValuesInput(inline={"scope": "galaxy"}), RenderOptions())
    with pytest.raises(RenderError, match="scope"):
        render(request, _embedded())


def test_the_chart_and_corpus_are_batchable() -> None:
    # Otherwise the parity test below would compare per-case renders with themselves.
    assert batchable_chart(CHART)
    assert all(batchable_values_text(p.read_text()) for p in CORPUS)


@pytest.mark.parametrize("major", [3, 4])
def test_batched_rendering_equals_one_helm_template_per_case(major: int) -> None:
    helm = pinned_helm(major)
    # Half the corpus shares one release; the rest keep their own (`# netpolkit:`), so groups of
    # every size share the pool.
    options = [RenderOptions("np", "team-a") if i % 2 else _options(p) for i, p in enumerate(CORPUS)]
    outcomes = BatchRenderer(helm, CHART, workers=2).render_files(CORPUS, options)
    for path, outcome, option in zip(CORPUS, outcomes, options, strict=True):
        alone = helm.template(CHART, ValuesInput(files=(str(path),)), option)
        assert not outcome.error, f"{path.name}: {outcome.error}"
        assert [r.body for r in parse_manifests(outcome.text)] == [r.body for r in parse_manifests(alone)], path.name
        assert {r.source for r in parse_manifests(outcome.text)} == {r.source for r in parse_manifests(alone)}


def test_a_failing_case_in_a_batch_gets_its_own_helm_error(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("networkPolicies:\n  web: {}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("scope: cluster\nnetworkPolicies:\n  web: {}\n")
    helm = pinned_helm(4)
    outcomes = BatchRenderer(helm, CHART, workers=1).render_files([good, bad, good])
    assert [bool(o.error) for o in outcomes] == [False, True, False]
    alone = helm.run(["template", "x", str(CHART), "-f", str(bad)])
    assert outcomes[1].error.splitlines()[0] in alone.stderr
    assert "networkPolicies.web" in outcomes[1].error


@pytest.mark.parametrize(
    "text",
    ["---\na: 1\n", "global:\n  x: 1\n", "a: null\n", "", "# only a comment\n", "- a\n", "a:\n\t- b\n"],
    ids=["doc-marker", "global", "null", "empty", "comment", "list", "tab"],
)
def test_values_that_could_differ_in_a_subchart_are_rendered_alone(text: str) -> None:
    assert not batchable_values_text(text)


def test_templates_that_see_the_chart_name_are_never_batched(tmp_path: Path) -> None:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.0.0\n")
    (chart / "templates" / "x.yaml").write_text("name: {{ .Chart.Name }}\n")
    assert not batchable_chart(chart)
