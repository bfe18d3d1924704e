"""The embedded engine's fast paths give exactly what `helm template` gives, errors included.

* The schema check by a validator compiled once never accepts values helm's own check rejects:
  every catalogue file renders (or fails, with the same message) as under the helm 4 binary.
* Batched rendering (many cases per SDK call, through a driver template) equals rendering each
  case alone, for the corpus and for small charts built to tell the difference: template order,
  the root context, notes, a failing case, charts that must not be batched.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from netpolkit.embedded import EmbeddedEngine
from netpolkit.errors import EngineUnavailable, NetpolkitError, UsageError
from netpolkit.helm import RenderOptions, ValuesInput, pinned_helm
from netpolkit.manifests import parse_manifests
from netpolkit.render import BinaryEngine, EngineFallbackWarning, Outcome, RenderRequest, get_engine
from netpolkit.snapshot import Case

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"
CORPUS = [*sorted((REPO / "values-examples").glob("*.yaml")), *sorted((CHART / "ci").glob("*.yaml"))]
# NPK010 is a YAML syntax error: netpolkit's reader words it, before any engine runs.
CATALOGUE = [p for p in sorted((REPO / "tests" / "catalogue").glob("*.yaml")) if not p.name.startswith("NPK010")]
OPTIONS = RenderOptions("np", "team-a")


@pytest.fixture(scope="module")
def engine() -> EmbeddedEngine:
    try:
        return EmbeddedEngine()
    except UsageError as exc:
        pytest.skip(f"embedded engine not installable here: {exc}")


def _objects_or_error(outcome: Outcome) -> tuple[str, list[dict[str, object]]]:
    if outcome.error:
        return outcome.error, []
    return "", [r.body for r in parse_manifests(outcome.text)]


def _options(path: Path) -> RenderOptions:
    """The release and namespace a values example asks for (`# netpolkit:`): they differ within a batch."""
    return Case(path.stem, path).options(OPTIONS)


def _binary(chart: Path, values: ValuesInput, options: RenderOptions = OPTIONS) -> Outcome:
    try:
        return Outcome(text=BinaryEngine(pinned_helm(4)).render_text(RenderRequest(chart, values, options)))
    except NetpolkitError as exc:
        return Outcome(error=exc.message)


def _many(
    engine: EmbeddedEngine,
    chart: Path,
    values: list[ValuesInput],
    workers: int = 2,
    options: list[RenderOptions] | None = None,
) -> list[Outcome]:
    requests = [RenderRequest(chart, v, o) for v, o in zip(values, options or [OPTIONS] * len(values), strict=True)]
    return list(engine.render_many(requests, workers=workers))


def test_every_catalogue_file_gets_the_binarys_objects_or_error(engine: EmbeddedEngine) -> None:
    """The compiled validator and the batches never let through what helm rejects, nor word it differently."""
    files = [*CORPUS, *CATALOGUE]
    options = [_options(p) for p in files]
    outcomes = _many(engine, CHART, [ValuesInput(files=(str(p),)) for p in files], options=options)
    rejected = 0
    for path, outcome, option in zip(files, outcomes, options, strict=True):
        expected = _binary(CHART, ValuesInput(files=(str(path),)), option)
        assert _objects_or_error(outcome) == _objects_or_error(expected), path.name
        rejected += bool(expected.error)
    assert rejected >= 60, "the catalogue should exercise helm's rejections"


def test_valid_values_take_the_fast_paths_and_schema_errors_do_not(engine: EmbeddedEngine) -> None:
    prepared = engine._prepare(str(CHART.resolve()))
    assert prepared.batch is not None and prepared.fast is not prepared.full
    for path in CORPUS:
        values = engine._read_chunk(prepared, [RenderRequest(CHART, ValuesInput(files=(str(path),)), OPTIONS)])[0]
        assert values.coalesced is not None, f"{path.name} would render through helm's schema check"
    for path in (p for p in CATALOGUE if p.name.startswith("NPK1")):
        values = engine._read_chunk(prepared, [RenderRequest(CHART, ValuesInput(files=(str(path),)), OPTIONS)])[0]
        assert values.coalesced is None, f"{path.name}: the compiled validator accepts what helm's schema rejects"


def test_batched_cases_equal_cases_rendered_alone(engine: EmbeddedEngine) -> None:
    values = [ValuesInput(files=(str(p),)) for p in CORPUS]
    options = [_options(p) for p in CORPUS]
    assert len(set(options)) > 1
    batched = _many(engine, CHART, values, options=options)
    alone = [engine.render_text(RenderRequest(CHART, v, o)) for v, o in zip(values, options, strict=True)]
    assert [o.text for o in batched] == alone


def test_a_failing_case_gets_its_own_error_and_the_others_still_render(engine: EmbeddedEngine) -> None:
    good = ValuesInput(inline={"networkPolicies": {"web": {}}})
    bad = ValuesInput(inline={"scope": "cluster", "networkPolicies": {"web": {}}})
    unreadable = ValuesInput(files=("/nonexistent/values.yaml",))
    outcomes = _many(engine, CHART, [good, bad, good, unreadable, good], workers=1)
    assert [bool(o.error) for o in outcomes] == [False, True, False, True, False]
    assert outcomes[1].error == _binary(CHART, bad).error
    assert "networkPolicies.web" in outcomes[1].error
    assert "/nonexistent/values.yaml" in outcomes[3].error
    assert outcomes[0].text == outcomes[2].text == outcomes[4].text != ""


def _chart(root: Path, templates: dict[str, str], *, values: str = "") -> Path:
    chart = root / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.2.3\n")
    (chart / "values.yaml").write_text(values)
    for name, text in templates.items():
        (chart / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (chart / "templates" / name).write_text(text)
    return chart


def test_batches_keep_helms_template_order_root_context_and_notes(engine: EmbeddedEngine, tmp_path: Path) -> None:
    """Helm renders deeper paths first, then names in reverse order, sharing one root context per case."""
    chart = _chart(
        tmp_path,
        {
            "a.yaml": "kind: A\nseen: {{ .seen | default list | join \",\" }}\n"
            "{{- $_ := set . \"seen\" (append (.seen | default list) \"a\") }}\n"
            "template: {{ .Template.Name }}\nbase: {{ .Template.BasePath }}\n",
            "b.yaml": "kind: B\nseen: {{ .seen | default list | join \",\" }}\n"
            "{{- $_ := set . \"seen\" (append (.seen | default list) \"b\") }}\n"
            "release: {{ .Release.Name }}/{{ .Release.Namespace }}/{{ .Release.Service }}\n"
            "chart: {{ .Chart.Name }}-{{ .Chart.Version }}\nreplicas: {{ .Values.replicas }}\n",
            "sub/c.yaml": "kind: C\nseen: {{ .seen | default list | join \",\" }}\n"
            "{{- $_ := set . \"seen\" (append (.seen | default list) \"c\") }}\n"
            "file: {{ .Files.Get \"data.txt\" | trim }}\nkube: {{ .Capabilities.KubeVersion.Major }}\n",
            "_helpers.tpl": "{{ define \"c.name\" }}c{{ end }}",
            "NOTES.txt": "Thanks for installing {{ .Release.Name }}.",
        },
        values="replicas: 1\n",
    )
    (chart / "data.txt").write_text("hello\n")
    values = [ValuesInput(inline={"replicas": n}) for n in (2, 3, 4)]
    options = [RenderOptions(f"r{n}", f"ns{n}") for n in (2, 3, 4)]
    batched = _many(engine, chart, values, workers=1, options=options)
    for value, option, outcome in zip(values, options, batched, strict=True):
        assert outcome.text == engine.render_text(RenderRequest(chart, value, option))
        assert _objects_or_error(outcome) == _objects_or_error(_binary(chart, value, option))
    docs = {r.body["kind"]: r.body for r in parse_manifests(batched[1].text)}
    assert docs["C"]["seen"] is None and docs["B"]["seen"] == "c" and docs["A"]["seen"] == "c,b"
    assert docs["A"]["template"] == "c/templates/a.yaml" and docs["B"]["replicas"] == 3
    assert docs["B"]["release"] == "r3/ns3/Helm"
    assert "Thanks" not in batched[0].text


@pytest.mark.parametrize(
    "template",
    ["kind: X\ntype: {{ typeOf .Values }}\n", "kind: X\nkeys: {{ .Values.AsMap | keys | sortAlpha | join \",\" }}\n"],
    ids=["typeOf", "values-method"],
)
def test_templates_that_could_tell_a_batch_apart_are_rendered_alone(
    engine: EmbeddedEngine, tmp_path: Path, template: str
) -> None:
    chart = _chart(tmp_path, {"x.yaml": template}, values="a: 1\n")
    assert engine._prepare(str(chart.resolve())).batch is None
    values = [ValuesInput(inline={"b": n}) for n in (1, 2)]
    for value, outcome in zip(values, _many(engine, chart, values), strict=True):
        assert _objects_or_error(outcome) == _objects_or_error(_binary(chart, value))


def test_a_chart_without_a_schema_is_batched_and_one_with_dependencies_is_not(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    plain = _chart(tmp_path / "plain", {"x.yaml": "kind: X\nv: {{ .Values.v }}\n"})
    prepared = engine._prepare(str(plain.resolve()))
    assert prepared.fast is prepared.full and prepared.batch is not None
    assert [o.text for o in _many(engine, plain, [ValuesInput(inline={"v": n}) for n in (1, 2)])] == [
        engine.render_text(RenderRequest(plain, ValuesInput(inline={"v": n}), OPTIONS)) for n in (1, 2)
    ]
    parent = _chart(tmp_path / "parent", {"x.yaml": "kind: X\nv: {{ .Values.v }}\n"})
    (parent / "charts").mkdir()
    _chart(parent / "charts", {"y.yaml": "kind: Y\n"}).rename(parent / "charts" / "child")
    assert engine._prepare(str(parent.resolve())).batch is None


def test_an_engine_that_cannot_run_here_falls_back_to_the_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "helm_python", None)  # as on a platform without a wheel
    with pytest.warns(EngineFallbackWarning, match=r"helm-python-sdk.*rendering with the helm binary instead"):
        engine = get_engine("embedded")
    assert isinstance(engine, BinaryEngine)
    with pytest.raises(EngineUnavailable):
        EmbeddedEngine()
