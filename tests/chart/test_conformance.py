"""Every values example renders, identically under helm 3 and helm 4, into objects the APIs accept.

- Kubernetes NetworkPolicies: kubernetes-validate's strict schemas (the chart's lowest supported
  Kubernetes version and the newest the package knows).
- Calico `projectcalico.org/v3` objects: the `openAPIV3Schema` of the upstream v3.32.1 CRDs, made strict
  (the API server prunes unknown fields silently, which for a policy means a rule that quietly does
  something else), plus the CRDs' CEL rules, translated by hand and keyed by their message so that a
  new upstream rule fails here until it is translated.
- Object names and namespaces: the API's name rules, and the install scope.
- `helm lint --strict` under both majors.

The CRDs are read from `<repo>/../shared/reference` and never copied into the repository.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from netpolkit.helm import RenderOptions, ValuesInput, pinned_helm

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"
EXAMPLES = sorted((REPO / "values-examples").glob("*.yaml"))
EXAMPLE_IDS = [p.stem for p in EXAMPLES]
REFERENCE = REPO.parent / "shared" / "reference"
CALICO_CRDS = REFERENCE / "calico-crds" / "v3.32.1" / "api" / "config" / "crd"
NETPOL_API_CRD = REFERENCE / "netpol-api-crds" / "v0.2.0" / "standard_clusternetworkpolicies.yaml"

#: The chart's kubeVersion floor (Chart.yaml `>=1.25.0-0`) and the newest schemas kubernetes-validate ships.
K8S_VERSIONS = ("1.25.0", kubernetes_validate.latest_version())

CALICO_NAMESPACED = {"NetworkPolicy", "StagedNetworkPolicy", "StagedKubernetesNetworkPolicy", "NetworkSet"}
CALICO_CLUSTER = {"GlobalNetworkPolicy", "StagedGlobalNetworkPolicy", "GlobalNetworkSet", "HostEndpoint", "Tier"}
STANDARD_LABELS = {
    "app.kubernetes.io/name": "network-policies",
    "app.kubernetes.io/instance": "np",
    "app.kubernetes.io/managed-by": "Helm",
}

LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
NAME_RULES: dict[str, tuple[str, int]] = {
    # kind -> (metadata.name regex, max length), from the API's validators (api-reference.md "Names").
    "networking.k8s.io/NetworkPolicy": (rf"^{LABEL}(\.{LABEL})*$", 253),
    "projectcalico.org/NetworkPolicy": (rf"^{LABEL}(\.{LABEL})?$", 253),
    "projectcalico.org/StagedNetworkPolicy": (rf"^{LABEL}(\.{LABEL})?$", 253),
    "projectcalico.org/StagedKubernetesNetworkPolicy": (rf"^{LABEL}(\.{LABEL})?$", 253),
    "projectcalico.org/GlobalNetworkPolicy": (rf"^({LABEL}\.)?{LABEL}$", 253),
    "projectcalico.org/StagedGlobalNetworkPolicy": (rf"^({LABEL}\.)?{LABEL}$", 253),
    "projectcalico.org/Tier": (rf"^{LABEL}$", 63),
    "projectcalico.org/NetworkSet": (rf"^{LABEL}(\.{LABEL})*$", 253),
    "projectcalico.org/GlobalNetworkSet": (rf"^{LABEL}(\.{LABEL})*$", 253),
    "projectcalico.org/HostEndpoint": (rf"^{LABEL}(\.{LABEL})*$", 253),
}
LABEL_KEY = re.compile(rf"^({LABEL}(\.{LABEL})*/)?([A-Za-z0-9][-A-Za-z0-9_.]{{0,61}})?[A-Za-z0-9]$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$")


# ----------------------------------------------------------------------------- examples and rendering


def example_namespace(path: Path) -> str:
    """The namespace the example documents in its `helm template ... -n <ns>` comment line."""
    match = re.search(r"^#\s+helm template \S+ \S+ -n ([a-z0-9-]+) ", path.read_text(encoding="utf-8"), re.M)
    assert match, f"{path.name}: the header should show the helm template command with -n"
    return match.group(1)


def example_values(path: Path) -> dict[str, Any]:
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(values, dict), path.name
    return values


Rendered = Callable[[Path, int], list[dict[str, Any]]]


@pytest.fixture(scope="session")
def rendered(render_chart: Callable[..., list[dict[str, Any]]]) -> Rendered:
    """rendered(example, helm_major) -> objects, rendered once per session (and worker)."""
    results: dict[tuple[Path, int], list[dict[str, Any]]] = {}

    def get(path: Path, helm_major: int) -> list[dict[str, Any]]:
        key = (path, helm_major)
        if key not in results:
            results[key] = render_chart(path, namespace=example_namespace(path), helm_major=helm_major)
        return results[key]

    return get


def identity(obj: dict[str, Any]) -> tuple[str, str, str, str]:
    meta = obj.get("metadata", {})
    return (obj.get("apiVersion", ""), obj.get("kind", ""), meta.get("namespace", ""), meta.get("name", ""))


def group_kind(obj: dict[str, Any]) -> str:
    return f"{obj['apiVersion'].split('/')[0]}/{obj['kind']}"


# ----------------------------------------------------------------------------- CRD schemas


def _need_reference(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"upstream reference data not found at {path} (expected next to the repo in ../shared)")


def strict_schema(node: Any) -> Any:
    """An OpenAPI v3 structural schema as a strict JSON Schema: objects with `properties` reject unknown
    fields (the API server would prune them), `x-kubernetes-int-or-string` means integer or string, and
    the other `x-kubernetes-*` keys are annotations (kept, and ignored by jsonschema)."""
    if isinstance(node, list):
        return [strict_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: strict_schema(v) for k, v in node.items()}
    if node.get("x-kubernetes-int-or-string") and "anyOf" not in node and "type" not in node:
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if (
        "properties" in node
        and "additionalProperties" not in node
        and not node.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


@cache
def crd_schemas() -> dict[str, dict[str, Any]]:
    """group/kind -> openAPIV3Schema of the served version, for the Calico v3 CRDs (and CNP)."""
    schemas: dict[str, dict[str, Any]] = {}
    files = sorted(CALICO_CRDS.glob("*.yaml"))
    if NETPOL_API_CRD.exists():
        files.append(NETPOL_API_CRD)
    for path in files:
        crd = yaml.safe_load(path.read_text(encoding="utf-8"))
        version = next(v for v in crd["spec"]["versions"] if v.get("served"))
        api_version = f"{crd['spec']['group']}/{version['name']}"
        schemas[f"{crd['spec']['group']}/{crd['spec']['names']['kind']}"] = {
            "apiVersion": api_version,
            "scope": crd["spec"]["scope"],
            "schema": version["schema"]["openAPIV3Schema"],
        }
    return schemas


def with_enterprise_fields(schema: dict[str, Any]) -> dict[str, Any]:
    """The OSS CRDs lack the Calico Enterprise/Cloud fields; add them (tigera/api shapes) for examples
    with `calico.edition: enterprise`, so everything else stays strict."""
    schema = copy.deepcopy(schema)
    spec = schema["properties"]["spec"]
    strings = {"type": "array", "items": {"type": "string"}}
    if "nets" in spec["properties"] and "ingress" not in spec["properties"]:
        spec["properties"]["allowedEgressDomains"] = strings
    for direction in ("ingress", "egress"):
        rule = spec["properties"].get(direction, {}).get("items", {}).get("properties", {})
        if "destination" in rule and "action" in rule:
            rule["destination"]["properties"]["domains"] = strings
            rule["http"]["properties"]["headers"] = {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["header", "operator"],
                    "additionalProperties": False,
                    "properties": {
                        "header": {"type": "string"},
                        "operator": {"type": "string"},
                        "values": strings,
                    },
                },
            }
    return schema


# ----------------------------------------------------------------------------- CEL rules, translated


def _has(obj: dict[str, Any], key: str) -> bool:
    return key in obj and obj[key] is not None


def _empty(obj: dict[str, Any], key: str) -> bool:
    return not _has(obj, key) or len(obj[key]) == 0


def _true(obj: dict[str, Any], key: str) -> bool:
    return bool(obj.get(key))


#: CEL `x-kubernetes-validations` of the CRDs, keyed by message; `self` is the object at the rule's level.
CEL_RULES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "ICMP code specified without an ICMP type": lambda s: not _has(s, "code") or _has(s, "type"),
    "rules with HTTP match must have protocol TCP or unset": lambda s: (
        not _has(s, "http") or not _has(s, "protocol") or s["protocol"] in ("TCP", 6)
    ),
    "HTTP match is only valid on Allow rules": lambda s: s.get("action") == "Allow" or not _has(s, "http"),
    "ports and notPorts cannot be specified with services": lambda s: (
        not _has(s, "destination")
        or not _has(s["destination"], "services")
        or (_empty(s["destination"], "ports") and _empty(s["destination"], "notPorts"))
    ),
    "preDNAT and doNotTrack cannot both be true": lambda s: not (_true(s, "doNotTrack") and _true(s, "preDNAT")),
    "preDNAT policy cannot have any egress rules": lambda s: not _true(s, "preDNAT") or _empty(s, "egress"),
    "preDNAT policy cannot have 'Egress' type": lambda s: not _true(s, "preDNAT") or "Egress" not in s.get("types", []),
    "applyOnForward must be true if either preDNAT or doNotTrack is true": lambda s: (
        _true(s, "applyOnForward") or (not _true(s, "doNotTrack") and not _true(s, "preDNAT"))
    ),
    "at least one of interfaceName or expectedIPs must be specified": lambda s: (
        not _empty(s, "interfaceName") or not _empty(s, "expectedIPs")
    ),
    "node must be specified": lambda s: not _empty(s, "node"),
    "The 'kube-admin' tier must have default action 'Pass'": lambda s: (
        s["metadata"]["name"] != "kube-admin" or s.get("spec", {}).get("defaultAction") == "Pass"
    ),
    "The 'kube-baseline' tier must have default action 'Pass'": lambda s: (
        s["metadata"]["name"] != "kube-baseline" or s.get("spec", {}).get("defaultAction") == "Pass"
    ),
    "The 'default' tier must have default action 'Deny'": lambda s: (
        s["metadata"]["name"] != "default" or s.get("spec", {}).get("defaultAction") == "Deny"
    ),
}


def cel_violations(schema: dict[str, Any], obj: Any, path: str = "") -> Iterator[str]:
    """Walk schema and object together and evaluate each CEL rule at its level."""
    if isinstance(obj, dict):
        for rule in schema.get("x-kubernetes-validations", []):
            message = " ".join(rule["message"].split())
            assert message in CEL_RULES, f"untranslated CEL rule {message!r}: {rule['rule']}"
            if not CEL_RULES[message](obj):
                yield f"{path or '/'}: {message}"
        for key, sub in schema.get("properties", {}).items():
            if key in obj:
                yield from cel_violations(sub, obj[key], f"{path}/{key}")
    elif isinstance(obj, list) and "items" in schema:
        for i, item in enumerate(obj):
            yield from cel_violations(schema["items"], item, f"{path}/{i}")


def calico_problems(obj: dict[str, Any], enterprise: bool) -> list[str]:
    """Strict CRD schema errors and CEL violations for one rendered object (empty: conforms)."""
    known = crd_schemas()[group_kind(obj)]
    assert obj["apiVersion"] == known["apiVersion"], obj["apiVersion"]
    schema = with_enterprise_fields(known["schema"]) if enterprise else known["schema"]
    validator = jsonschema.Draft7Validator(strict_schema(schema))
    problems = [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in validator.iter_errors(obj)]
    return problems + list(cel_violations(schema, obj))


# ----------------------------------------------------------------------------- tests


def test_every_example_has_a_documented_namespace() -> None:
    assert len(EXAMPLES) >= 12
    for path in EXAMPLES:
        assert example_namespace(path)


@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_helm_majors_render_the_same_objects(path: Path, rendered: Rendered) -> None:
    helm3 = sorted(rendered(path, 3), key=identity)
    helm4 = sorted(rendered(path, 4), key=identity)
    assert helm4, f"{path.name} renders nothing"
    assert [identity(o) for o in helm3] == [identity(o) for o in helm4]
    assert helm3 == helm4
    assert len({identity(o) for o in helm4}) == len(helm4), "duplicate objects"


@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_metadata_fits_the_install_scope(path: Path, rendered: Rendered) -> None:
    values = example_values(path)
    scope = values.get("scope", "namespace")
    namespace = example_namespace(path)
    extra_names = {o["metadata"]["name"] for o in (values.get("extraObjects") or {}).values()}
    for obj in rendered(path, 4):
        meta = obj["metadata"]
        where = f"{obj['kind']}/{meta['name']}"
        labels = meta.get("labels", {})
        for key, value in STANDARD_LABELS.items():
            assert labels.get(key) == value, f"{where}: label {key}"
        for key, value in labels.items():
            assert LABEL_KEY.match(key) and isinstance(value, str) and LABEL_VALUE.match(value), f"{where}: {key}"
        if meta["name"] in extra_names:
            continue
        kind = group_kind(obj)
        assert kind in NAME_RULES, f"{where}: unexpected kind {kind}"
        pattern, limit = NAME_RULES[kind]
        assert re.match(pattern, meta["name"]) and len(meta["name"]) <= limit, f"{where}: bad name"
        if obj["kind"] in CALICO_CLUSTER:
            assert scope == "cluster" and "namespace" not in meta, where
        else:
            assert scope == "namespace" and meta.get("namespace") == namespace, where


@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_kubernetes_network_policies_validate(path: Path, rendered: Rendered) -> None:
    policies = [o for o in rendered(path, 4) if o["apiVersion"] == "networking.k8s.io/v1"]
    for obj in policies:
        for version in K8S_VERSIONS:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as exc:
                at = "/".join(str(p) for p in exc.path)
                pytest.fail(f"{obj['metadata']['name']} against Kubernetes {version}: /{at}: {exc.message}")


@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_calico_objects_validate_against_the_crds(path: Path, rendered: Rendered) -> None:
    _need_reference(CALICO_CRDS)
    enterprise = (example_values(path).get("calico") or {}).get("edition") == "enterprise"
    objects = [o for o in rendered(path, 4) if o["apiVersion"].startswith("projectcalico.org/")]
    problems = {f"{o['kind']}/{o['metadata']['name']}": p for o in objects if (p := calico_problems(o, enterprise))}
    assert problems == {}


def test_extra_objects_validate_where_a_schema_is_known(rendered: Rendered) -> None:
    """extraObjects are rendered as given: check the ones whose CRD we have (ClusterNetworkPolicy)."""
    _need_reference(NETPOL_API_CRD)
    checked = 0
    for path in EXAMPLES:
        extra = (example_values(path).get("extraObjects") or {}).values()
        names = {(o["kind"], o["metadata"]["name"]) for o in extra}
        for obj in rendered(path, 4):
            if (obj["kind"], obj["metadata"]["name"]) not in names or group_kind(obj) not in crd_schemas():
                continue
            schema = strict_schema(crd_schemas()[group_kind(obj)]["schema"])
            errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(obj)]
            assert errors == [], f"{path.name}: {obj['metadata']['name']}"
            checked += 1
    assert checked, "no example renders an extra object with a known schema"


def test_kubernetes_validation_is_strict() -> None:
    policy: dict[str, Any] = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": "p", "namespace": "a"},
        "spec": {"podSelector": {}, "ingress": [{"ports": [{"port": 80, "endPort": 90}]}]},
    }
    for version in K8S_VERSIONS:
        kubernetes_validate.validate(policy, version, strict=True)
    policy["spec"]["ingress"][0]["ports"][0]["action"] = "Allow"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(policy, K8S_VERSIONS[-1], strict=True)


def test_the_crd_check_catches_what_the_api_server_would_reject() -> None:
    """The strict CRD check itself: unknown fields, wrong types, CEL rules and Enterprise gating."""
    _need_reference(CALICO_CRDS)
    base: dict[str, Any] = {
        "apiVersion": "projectcalico.org/v3",
        "kind": "GlobalNetworkPolicy",
        "metadata": {"name": "p"},
        "spec": {"selector": "all()", "ingress": [{"action": "Allow", "protocol": "TCP"}]},
    }
    assert calico_problems(base, enterprise=False) == []

    def broken(change: Callable[[dict[str, Any]], None], enterprise: bool = False) -> list[str]:
        obj = copy.deepcopy(base)
        change(obj)
        return calico_problems(obj, enterprise)

    assert broken(lambda o: o["spec"].update(podSelector={}))  # a Kubernetes field on a Calico policy
    assert broken(lambda o: o["spec"]["ingress"][0].update(action="allow"))
    assert broken(lambda o: o["spec"]["ingress"][0].update(icmp={"code": 1}))
    assert broken(lambda o: o["spec"].update(preDNAT=True, applyOnForward=True, types=["Egress"]))
    assert broken(lambda o: o["spec"].update(doNotTrack=True))
    assert broken(lambda o: o["spec"]["ingress"][0].update(http={"methods": ["GET"]}, protocol="UDP"))
    domains = {"destination": {"domains": ["example.com"]}}
    assert broken(lambda o: o["spec"]["ingress"][0].update(domains))
    assert not broken(lambda o: o["spec"]["ingress"][0].update(domains), enterprise=True)
    hep = {
        "apiVersion": "projectcalico.org/v3",
        "kind": "HostEndpoint",
        "metadata": {"name": "h"},
        "spec": {"node": "n1"},
    }
    assert calico_problems(hep, enterprise=False) == [
        "/spec: at least one of interfaceName or expectedIPs must be specified"
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_helm_lint_strict(path: Path, helm_major: int) -> None:
    helm = pinned_helm(helm_major)
    result = helm.lint(
        CHART, ValuesInput(files=(str(path),)), RenderOptions(release="np", namespace=example_namespace(path))
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "[ERROR]" not in output and "[WARNING]" not in output, output
    assert "1 chart(s) linted, 0 chart(s) failed" in output, output
