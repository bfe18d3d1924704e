"""Round trip over the policy corpus: render(import(X)) == X, after normalisation, through real helm.

For every corpus file: import it (Enterprise files with edition enterprise), write the values files,
render them with the pinned helm (namespace files with `--namespace <ns>`, the cluster file as a
cluster install) and compare each rendered object with the corpus object: identity, spec and user
labels/annotations. Normalisation fills what helm or the API server would add anyway (policyTypes,
types, podSelector {}, tier `default`, stagedAction `Set`, Tier defaultAction `Deny`) and undoes
the legacy name prefixes the importer removes on purpose. It is written here independently of the
importer, so the importer cannot agree with itself by construction.

Files with upstream errors are negative cases: they must be rejected, naming the field.
Several values files go through one helm call (`-f a.yaml -f b.yaml`, merged by helm as a user's
overlays would be), batched so that no two objects in a call share a kind and name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from netpolkit.errors import RenderError
from netpolkit.helm import RenderOptions, ValuesInput, pinned_helm
from netpolkit.importer import ImportOptions, ImportResult, import_paths
from netpolkit.importer.model import Edition
from netpolkit.importer.writing import plan_outputs, write_outputs
from netpolkit.manifests import parse_manifests

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"
CORPUS = REPO.parent / "shared" / "reference" / "policy-corpus"
DOC = REPO / "docs" / "import.md"
EDGE_CASES = Path(__file__).parent / "data" / "edge-cases.yaml"

NO_CORPUS = f"policy corpus not found at {CORPUS} (the shared reference folder is absent)"

#: Corpus files that are invalid as the upstream docs wrote them (or as the corpus normalised them),
#: with the field the rejection must name and why.
INVALID: dict[str, tuple[str, str]] = {
    "calico-oss__services__services-cluster-ips-01.yaml": (
        "spec.ingress[0].source.nets",
        "the erratum fix commented out `destination:`, so `nets` appears twice in `source`",
    ),
    "calico-oss__services__services-cluster-ips-03.yaml": (
        "spec.types[1]", "rules listed under `types` (the `ingress:` key is missing upstream)",
    ),
    "calico-reference__ref-hostendpoint-01.yaml": (
        "spec.expectedIPs[2]", "profile names in expectedIPs (the `profiles:` key became a comment)",
    ),
    "calico-oss__services__kubernetes-node-ports-03.yaml": ("spec.expectedIPs[0]", "placeholder INSERT_IP_HERE"),
    "calico-oss__hosts__protect-hosts-01.yaml": ("spec.ingress[0].source.nets[0]", "placeholder CIDR"),
    "calico-enterprise__hosts__protect-hosts-01.yaml": ("spec.ingress[0].source.nets[0]", "placeholder CIDR"),
    "calico-oss__policy-rules__log-rules-01.yaml": ("metadata.name", "placeholder name <log-everything-in-cluster>"),
    "calico-oss__policy-rules__log-rules-02.yaml": ("metadata.namespace", "placeholder namespace <namespace>"),
    "calico-oss__get-started__calico-policy__calico-network-policy-01.yaml": ("spec", "policy without a spec"),
    "calico-oss__get-started__calico-policy__calico-network-policy-02.yaml": ("spec", "policy without a spec"),
    "calico-oss__get-started__calico-policy__calico-labels-01.yaml": (
        "spec.ingress[0].destination.ports[0]", "numeric port without a protocol (Calico requires TCP, UDP or SCTP)",
    ),
    "calico-oss__get-started__calico-policy__calico-labels-02.yaml": (
        "spec.ingress[0].destination.ports[0]", "numeric port without a protocol",
    ),
    "calico-enterprise__policy-best-practices-01.yaml": (
        "spec.ingress[0].destination.ports[0]", "the erratum fix commented out `protocol: TCP`",
    ),
    "calico-oss__services__kubernetes-node-ports-01.yaml": (
        "spec.ingress[0].source.nets[0]",
        "1.2.3.4/16 has host bits set: Calico masks them, netpolkit's validator (NPK211) refuses them",
    ),
}

NAMESPACED = {
    ("networking.k8s.io", "NetworkPolicy"), ("projectcalico.org", "NetworkPolicy"),
    ("projectcalico.org", "StagedNetworkPolicy"), ("projectcalico.org", "StagedKubernetesNetworkPolicy"),
    ("projectcalico.org", "NetworkSet"),
}
NATIVE = {("networking.k8s.io", "NetworkPolicy"), ("projectcalico.org", "StagedKubernetesNetworkPolicy")}
CALICO_POLICIES = {"NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy"}
CHART_LABELS = {
    "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by",
    "app.kubernetes.io/version", "helm.sh/chart",
}
Identity = tuple[str, str, str, str]


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.yaml")) if CORPUS.is_dir() else []


def edition_of(path: Path) -> Edition:
    return "enterprise" if path.name.startswith("calico-enterprise__") else "oss"


# --- normalisation (independent of the importer) --------------------------------------------------


def drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


def normalise(body: dict[str, Any], *, rendered: bool) -> tuple[Identity, dict[str, Any]]:
    """(identity, comparable form): spec with API defaults filled, user labels/annotations."""
    body = drop_nulls(body)
    group = body["apiVersion"].rsplit("/", 1)[0]
    kind = body["kind"]
    meta = body.get("metadata") or {}
    spec = dict(body.get("spec") or {})
    name = meta["name"]
    if group == "projectcalico.org" and kind in CALICO_POLICIES:
        spec.setdefault("tier", "default")
        if kind.startswith("Staged"):
            spec.setdefault("stagedAction", "Set")
        for prefix in ("knp.default.", f"{spec['tier']}."):
            if name.startswith(prefix):
                name = name[len(prefix) :]
                break
        if "types" not in spec:
            ingress, egress = bool(spec.get("ingress")), bool(spec.get("egress"))
            spec["types"] = (["Ingress"] if ingress or not egress else []) + (["Egress"] if egress else [])
    if (group, kind) in NATIVE:
        spec.setdefault("podSelector", {})
        spec.setdefault("policyTypes", ["Ingress", *(["Egress"] if spec.get("egress") else [])])
        if kind.startswith("Staged"):
            spec.setdefault("stagedAction", "Set")
        for direction in ("ingress", "egress"):
            for rule in spec.get(direction) or []:
                for port in rule.get("ports") or []:
                    port.setdefault("protocol", "TCP")
    if kind == "Tier":
        spec.setdefault("defaultAction", "Deny")
    namespace = (meta.get("namespace") or "default") if (group, kind) in NAMESPACED else ""
    labels = {k: v for k, v in (meta.get("labels") or {}).items() if not (rendered and k in CHART_LABELS)}
    if "tier" in spec and labels.get("projectcalico.org/tier") == spec["tier"]:
        del labels["projectcalico.org/tier"]  # Calico's defaulting adds it from spec.tier
    annotations = dict(meta.get("annotations") or {})
    annotations.pop("kubectl.kubernetes.io/last-applied-configuration", None)  # kubectl's, not the user's
    return (group, kind, namespace, name), {"labels": labels, "annotations": annotations, "spec": spec}


def corpus_objects(path: Path) -> Iterator[tuple[Identity, dict[str, Any]]]:
    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        for obj in doc.get("items", []) if doc and doc.get("kind") == "List" else [doc]:
            if obj:
                yield normalise(obj, rendered=False)


# --- importing and batching -----------------------------------------------------------------------


@dataclass
class ValuesFileCase:
    corpus_file: Path
    path: Path
    scope: str
    namespace: str
    edition: str
    keys: set[tuple[str, str]]
    expected: dict[Identity, dict[str, Any]]


@dataclass
class Batch:
    scope: str
    namespace: str
    edition: str
    cases: list[ValuesFileCase] = field(default_factory=list)
    keys: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Corpus:
    results: dict[str, ImportResult]
    cases: list[ValuesFileCase]

    def batches(self) -> list[Batch]:
        """Greedy packing: a values file joins the first batch of its release with no shared key."""
        batches: list[Batch] = []
        for case in self.cases:
            for batch in batches:
                release = (batch.scope, batch.namespace, batch.edition)
                if release == (case.scope, case.namespace, case.edition) and not batch.keys & case.keys:
                    break
            else:
                batch = Batch(case.scope, case.namespace, case.edition)
                batches.append(batch)
            batch.cases.append(case)
            batch.keys |= case.keys
        return batches


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    if not CORPUS.is_dir():
        pytest.skip(NO_CORPUS)
    return import_files(corpus_files(), tmp_path_factory.mktemp("imported"))


def import_files(paths: list[Path], out_root: Path) -> Corpus:
    """Import each file on its own (as a user would), write its values files, note what to expect."""
    results: dict[str, ImportResult] = {}
    cases: list[ValuesFileCase] = []
    for path in paths:
        edition = edition_of(path)
        result = import_paths([str(path)], ImportOptions(chart=CHART, edition=edition))
        results[path.name] = result
        if not result.ok:
            continue
        out_dir = out_root / path.stem
        outputs = plan_outputs(
            result.files, out=None, out_dir=out_dir, chart=CHART, repo_root=REPO, sources=[path.name]
        )
        write_outputs(outputs, force=False)
        expected = dict(corpus_objects(path))
        for output in outputs:
            assert output.path is not None
            values = yaml.safe_load(output.path.read_text(encoding="utf-8"))
            scope = values["scope"]
            namespace = output.values_file.namespace or ""
            keys = {(k, name) for k, v in values.items() if isinstance(v, dict) and k != "calico" for name in v}
            mine = {
                ident: body for ident, body in expected.items()
                if (ident[2] == namespace if scope == "namespace" else ident[2] == "")
            }
            cases.append(ValuesFileCase(path, output.path, scope, namespace, edition, keys, mine))
    return Corpus(results, cases)


def render_batch(batch: Batch, helm_major: int) -> dict[Identity, dict[str, Any]]:
    values = ValuesInput(files=tuple(str(c.path) for c in batch.cases))
    options = RenderOptions(release="imported", namespace=batch.namespace or "default")
    try:
        text = pinned_helm(helm_major).template(CHART, values, options)
    except RenderError as exc:
        if len(batch.cases) > 1:
            raise
        raise RenderError(f"{batch.cases[0].corpus_file.name}: helm {helm_major}: {exc.message}") from None
    rendered: dict[Identity, dict[str, Any]] = {}
    for resource in parse_manifests(text):
        ident, body = normalise(resource.body, rendered=True)
        assert ident not in rendered, f"{ident} rendered twice"
        rendered[ident] = body
    return rendered


def try_render(batch: Batch, helm_major: int) -> dict[Identity, dict[str, Any]] | RenderError:
    try:
        return render_batch(batch, helm_major)
    except RenderError as exc:
        return exc


def roundtrip_failures(batches: list[Batch], helm_major: int) -> list[str]:
    failures: list[str] = []
    # helm runs as a subprocess: a few at a time keeps the corpus well under a minute.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda b: try_render(b, helm_major), batches))
    for batch, rendered in zip(batches, results, strict=True):
        if isinstance(rendered, RenderError):
            if len(batch.cases) == 1:
                failures.append(rendered.message)
                continue
            # Render each file alone, so the failure names its file and the others still count.
            single = [Batch(batch.scope, batch.namespace, batch.edition, [case], case.keys) for case in batch.cases]
            failures += roundtrip_failures(single, helm_major)
            continue
        expected: dict[Identity, tuple[Path, dict[str, Any]]] = {}
        for case in batch.cases:
            for ident, body in case.expected.items():
                expected[ident] = (case.corpus_file, body)
        for ident in sorted(expected.keys() - rendered.keys()):
            failures.append(f"{expected[ident][0].name}: {ident} was not rendered")
        for ident in sorted(rendered.keys() - expected.keys()):
            failures.append(f"{ident} rendered but not in the corpus files {[c.corpus_file.name for c in batch.cases]}")
        for ident in sorted(expected.keys() & rendered.keys()):
            source, want = expected[ident]
            got = rendered[ident]
            if got != want:
                failures.append(
                    f"{source.name}: {ident} differs after the round trip:\n"
                    f"  corpus:   {json.dumps(want, sort_keys=True)}\n  rendered: {json.dumps(got, sort_keys=True)}"
                )
    return failures


def coverage(corpus: Corpus) -> tuple[int, set[tuple[str, str]]]:
    objects = [ident for case in corpus.cases for ident in case.expected]
    return len(objects), {(ident[0], ident[1]) for ident in objects}


# --- tests ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_corpus_file_is_rejected_naming_the_field(corpus: Corpus, name: str) -> None:
    field_path, why = INVALID[name]
    result = corpus.results[name]
    assert not result.ok, f"{name} ({why}) was converted"
    messages = [r.one_line() for r in result.rejections]
    assert any(f": {field_path}: " in m for m in messages), (
        f"{name}: no rejection names {field_path} ({why}); got:\n" + "\n".join(messages)
    )
    assert all(name in m for m in messages)


def test_every_other_corpus_file_imports(corpus: Corpus) -> None:
    failed = {
        name: [r.one_line() for r in result.rejections]
        for name, result in corpus.results.items()
        if not result.ok and name not in INVALID
    }
    assert not failed, json.dumps(failed, indent=1)


def test_notes_flag_the_invalid_files_we_know() -> None:
    """NOTES.json flags some invalid samples in prose; each such file must be in INVALID."""
    if not CORPUS.is_dir():
        pytest.skip(NO_CORPUS)
    notes = json.loads((CORPUS / "NOTES.json").read_text(encoding="utf-8"))
    flagged = {
        entry["file"].replace("/", "__", 1)
        for entry in notes
        if "invalid" in entry.get("semantic_note", "")
    }
    assert flagged, "NOTES.json no longer flags any invalid sample: update this test"
    assert flagged <= INVALID.keys()


def test_roundtrip_helm4(corpus: Corpus) -> None:
    failures = roundtrip_failures(corpus.batches(), 4)
    assert not failures, "\n".join(failures)
    objects, kinds = coverage(corpus)
    assert objects > 100 and len(kinds) == 10


@pytest.mark.parametrize(
    ("old", "new"),
    [("- 6379", "- 6380"), ("role == 'frontend'", "role == 'backend'"), ("action: Allow", "action: Deny")],
)
def test_the_roundtrip_notices_a_changed_field(corpus: Corpus, tmp_path: Path, old: str, new: str) -> None:
    """The comparison is not vacuous: a one-token change in a written values file is a failure."""
    case = next(c for c in corpus.cases if c.corpus_file.name == "calico-reference__ref-networkpolicy-01.yaml")
    text = case.path.read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    batch = Batch(case.scope, case.namespace, case.edition, [replace(case, path=changed)], case.keys)
    failures = roundtrip_failures([batch], 4)
    assert len(failures) == 1 and "differs after the round trip" in failures[0]


def test_roundtrip_helm3(corpus: Corpus) -> None:
    failures = roundtrip_failures(corpus.batches(), 3)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("helm_major", [3, 4])
def test_edge_cases_roundtrip(tmp_path: Path, helm_major: int) -> None:
    """Our own corpus of awkward values, independent of the shared one."""
    edge = import_files([EDGE_CASES], tmp_path)
    assert edge.results[EDGE_CASES.name].ok, [r.one_line() for r in edge.results[EDGE_CASES.name].rejections]
    objects, kinds = coverage(edge)
    assert (objects, len(kinds)) == (10, 8)
    failures = roundtrip_failures(edge.batches(), helm_major)
    assert not failures, "\n".join(failures)


def test_docs_state_the_coverage(corpus: Corpus) -> None:
    objects, kinds = coverage(corpus)
    files = len(corpus.results) - len(INVALID)
    text = DOC.read_text(encoding="utf-8")
    figures = re.search(r"round-trips (\d+) objects of (\d+) kinds from (\d+) files", text)
    assert figures, f"{DOC.name} must state 'round-trips N objects of K kinds from F files'"
    assert figures.groups() == (str(objects), str(len(kinds)), str(files)), (
        f"{DOC.name} states {figures.group(0)!r}; the corpus gives {objects} objects, {len(kinds)} kinds, {files} files"
    )
    assert f"{len(INVALID)} files" in text, f"{DOC.name} must say how many corpus files are rejected"
