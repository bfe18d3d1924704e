"""values.schema.json: a valid, strict, documented draft-07 schema that helm 3 and helm 4 both enforce.

The Python half checks the schema itself (draft-07 meta-schema, descriptions, closed objects,
portable regexes, defaults in step with values.yaml) and a table of good and bad values; the helm
half checks that both pinned helm majors reject bad values with the offending key path in the message.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"
SCHEMA_PATH = CHART / "values.schema.json"
EXAMPLES = sorted((REPO / "values-examples").glob("*.yaml"))
EXAMPLE_IDS = [p.stem for p in EXAMPLES]

SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
DEFAULTS: dict[str, Any] = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))


def _go_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    """`pattern` with Go (RE2) semantics, as both helms apply it: Python's `$` also matches before a
    final newline, so `^[^\\n]*$` would let a selector ending in a newline (a YAML `|` block) through."""
    if validator.is_type(instance, "string") and not re.search(pattern.replace("$", r"\Z"), instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


GoDraft7Validator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": _go_pattern})  # type: ignore[no-untyped-call]
VALIDATOR = GoDraft7Validator(SCHEMA)

#: The only objects allowed to take unknown keys: the extraObjects escape hatch and helm's `global`.
OPEN_OBJECTS = {"/definitions/extraObject", "/properties/global"}
#: Enterprise/Cloud-only fields, as the values model lists them (destination.domains,
#: allowedEgressDomains, http.headers), plus the header-match definition itself.
ENTERPRISE_FIELDS = {
    "/definitions/destinationEntityRule/properties/domains",
    "/definitions/networkSet/properties/allowedEgressDomains",
    "/definitions/globalNetworkSet/properties/allowedEgressDomains",
    "/definitions/httpMatch/properties/headers",
    "/definitions/httpHeader",
}
SCHEMA_HEADER = "# yaml-language-server: $schema=../charts/network-policies/values.schema.json"


# ----------------------------------------------------------------------------- helpers


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema with its JSON pointer (properties, items, maps, combinators, definitions)."""
    if not isinstance(node, dict):
        return
    yield pointer, node
    for key in ("properties", "definitions"):
        for name, sub in node.get(key, {}).items():
            yield from walk(sub, f"{pointer}/{key}/{name}")
    for key in ("additionalProperties", "propertyNames", "not", "if", "then", "else", "items"):
        if isinstance(node.get(key), dict):
            yield from walk(node[key], f"{pointer}/{key}")
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(node.get(key, [])):
            yield from walk(sub, f"{pointer}/{key}/{i}")


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/definitions/"), ref
        node = SCHEMA["definitions"][ref.removeprefix("#/definitions/")]
    return node


def schema_at(path: list[str]) -> dict[str, Any] | None:
    """The subschema for a values path (following $ref, properties and map entries)."""
    node = resolve(SCHEMA)
    for key in path:
        if key in node.get("properties", {}):
            node = resolve(node["properties"][key])
        elif isinstance(node.get("additionalProperties"), dict):
            node = resolve(node["additionalProperties"])
        else:
            return None
    return node


def errors(values: Any) -> list[tuple[str, str]]:
    """(values path as a/b/0, message) for every schema error, Python side."""
    return [("/".join(str(p) for p in e.absolute_path), e.message) for e in VALIDATOR.iter_errors(values)]


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def with_defaults(values: dict[str, Any]) -> dict[str, Any]:
    """What helm validates: the chart defaults merged with the user's values."""
    return deep_merge(DEFAULTS, values)


def helm_path(path: str, helm_major: int) -> str:
    """How each helm major prints a values path in a schema error."""
    parts = path.split("/")
    if helm_major == 3:
        return ".".join(parts)
    return "at '/" + "/".join(parts) + "'"


# ----------------------------------------------------------------------------- the schema itself


def test_schema_is_valid_draft_07() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    # The meta-schema does not look inside `definitions` entries that are never referenced.
    for definition in SCHEMA["definitions"].values():
        jsonschema.Draft7Validator.check_schema(definition)


def test_refs_are_internal_and_resolve() -> None:
    refs = [(ptr, node["$ref"]) for ptr, node in walk(SCHEMA) if "$ref" in node]
    assert refs, "the schema is expected to use #/definitions refs"
    for ptr, ref in refs:
        assert ref.startswith("#/definitions/"), f"{ptr}: relative or external $ref {ref!r}"
        assert ref.removeprefix("#/definitions/") in SCHEMA["definitions"], f"{ptr}: dangling {ref}"
    used = {ref.removeprefix("#/definitions/") for _, ref in refs}
    assert set(SCHEMA["definitions"]) - used == set(), "unused definitions"


def test_every_property_and_definition_has_a_description() -> None:
    missing = []
    for ptr, node in walk(SCHEMA):
        for name, sub in node.get("properties", {}).items():
            if not str(sub.get("description", "")).strip():
                missing.append(f"{ptr}/properties/{name}")
    missing += [f"/definitions/{n}" for n, d in SCHEMA["definitions"].items() if not d.get("description")]
    assert SCHEMA.get("description")
    assert missing == []


def test_descriptions_are_short_sentences() -> None:
    for ptr, node in walk(SCHEMA):
        text = node.get("description")
        if text is None:
            continue
        assert "\n" not in text, ptr
        assert text[0].isupper() or text[0] in "`[", f"{ptr}: {text!r}"
        assert text.rstrip().endswith((".", ")")), f"{ptr}: {text!r}"
        assert len(text) <= 420, f"{ptr}: description too long ({len(text)})"


def test_every_object_is_closed() -> None:
    """additionalProperties: false everywhere; maps keyed by names constrain the keys instead."""
    problems = []
    for ptr, node in walk(SCHEMA):
        types = node.get("type")
        is_object = types == "object" or (isinstance(types, list) and "object" in types)
        if not is_object:
            continue
        extra = node.get("additionalProperties")
        if ptr in OPEN_OBJECTS:
            if extra is not True:
                problems.append(f"{ptr}: the escape hatch should say additionalProperties: true")
        elif isinstance(extra, dict):
            if "propertyNames" not in node:
                problems.append(f"{ptr}: a map needs propertyNames")
        elif extra is not False:
            problems.append(f"{ptr}: additionalProperties is {extra!r}")
    assert problems == []


def test_map_keys_are_constrained() -> None:
    for ptr, node in walk(SCHEMA):
        if "propertyNames" in node:
            names = node["propertyNames"]
            assert names.get("pattern", "").startswith("^") and names["pattern"].endswith("$"), ptr
            assert isinstance(names.get("maxLength"), int), ptr


def test_python_pattern_check_follows_go() -> None:
    block_scalar = cnp({"selector": "all()\n"})
    assert jsonschema.Draft7Validator(SCHEMA).is_valid(block_scalar)  # plain Python re: `$` before "\n"
    assert errors(block_scalar) == [(f"{CNP}/selector", "'all()\\n' does not match '^[^\\\\n\\\\r]*$'")]


def test_patterns_are_portable() -> None:
    """helm 3 and helm 4 compile patterns with Go's RE2, editors with ECMA 262: no lookaround, no
    inline flags, no Python- or Perl-only escapes; every pattern is anchored."""
    patterns = [(p, n["pattern"]) for p, n in walk(SCHEMA) if "pattern" in n]
    assert len(patterns) > 20
    for ptr, pattern in patterns:
        assert "(?" not in pattern, f"{ptr}: lookaround or inline flag in {pattern!r}"
        assert not re.search(r"\\[AZzdDwWsSbB]", pattern), f"{ptr}: non-portable escape in {pattern!r}"
        assert pattern.startswith("^"), ptr
        re.compile(pattern)


def test_combinators_are_rare() -> None:
    """oneOf/anyOf give poor helm messages: int-or-string and selector-or-map use type lists instead."""
    uses = [ptr for ptr, n in walk(SCHEMA) if "oneOf" in n or "anyOf" in n or "allOf" in n]
    assert uses == ["/definitions/hostEndpoint"]


def test_enterprise_fields_are_marked() -> None:
    marked = {ptr for ptr, n in walk(SCHEMA) if str(n.get("description", "")).startswith("[Enterprise]")}
    assert marked == ENTERPRISE_FIELDS
    for ptr in marked:
        assert "calico.edition: enterprise" in dict(walk(SCHEMA))[ptr]["description"]


def test_top_level_keys_match_the_values_model() -> None:
    kinds = {
        "networkPolicies",
        "calicoNetworkPolicies",
        "calicoGlobalNetworkPolicies",
        "stagedNetworkPolicies",
        "stagedGlobalNetworkPolicies",
        "stagedKubernetesNetworkPolicies",
        "networkSets",
        "globalNetworkSets",
        "hostEndpoints",
        "tiers",
        "extraObjects",
    }
    expected = kinds | {"global", "scope", "namePrefix", "calico", "commonLabels", "commonAnnotations", "presets"}
    assert set(SCHEMA["properties"]) == expected
    assert set(DEFAULTS) == expected - {"global"}
    for kind in kinds:
        node = SCHEMA["properties"][kind]
        assert node["type"] == "object" and "$ref" in node["additionalProperties"], kind


def test_preset_fields_match_values_yaml() -> None:
    presets = resolve(SCHEMA["properties"]["presets"])["properties"]
    assert set(presets) == set(DEFAULTS["presets"])
    for name, default in DEFAULTS["presets"].items():
        if isinstance(default, dict):
            # Selector-like keys have no values.yaml default (absent = the built-in one), so a value
            # the user gives replaces it instead of deep-merging into it.
            no_default = {"podSelector", "controllerPodLabels", "scraperPodLabels"}
            assert set(resolve(presets[name])["properties"]) - no_default == set(default), name


def _leaves(values: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    yield path, values
    if isinstance(values, dict):
        for key, value in values.items():
            yield from _leaves(value, [*path, key])


def test_schema_defaults_agree_with_values_yaml() -> None:
    checked = 0
    for path, value in _leaves(DEFAULTS, []):
        node = schema_at(path)
        assert node is not None, f"values.yaml key {'.'.join(path)} is not in the schema"
        if not path:
            continue
        parent = schema_at(path[:-1]) or {}
        declared = parent.get("properties", {}).get(path[-1], {})
        default = declared.get("default", node.get("default"))
        if "default" in declared or "default" in node:
            assert default == value, f"{'.'.join(path)}: schema default {default!r} != values.yaml {value!r}"
            checked += 1
    assert checked > 30


def test_values_yaml_defaults_validate() -> None:
    assert errors(DEFAULTS) == []


# ----------------------------------------------------------------------------- examples


def test_there_are_enough_examples() -> None:
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_example_is_valid(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_HEADER
    assert text.count("\n#") >= 3, "examples explain themselves in comments"
    values = yaml.safe_load(text)
    assert errors(values) == []
    assert errors(with_defaults(values)) == []


def test_examples_cover_every_kind_preset_and_setting() -> None:
    loaded = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    kinds = {k for k, v in SCHEMA["properties"].items() if isinstance(v.get("additionalProperties"), dict)}
    used_kinds = {k for values in loaded for k in kinds if values.get(k)}
    assert used_kinds == kinds
    presets = set(resolve(SCHEMA["properties"]["presets"])["properties"]) - {"namespaceSelector"}
    enabled = {
        (name, preset.get("api", "native"), values.get("scope", "namespace"))
        for values in loaded
        for name, preset in values.get("presets", {}).items()
        if isinstance(preset, dict) and preset.get("enabled")
    }
    assert {name for name, _, _ in enabled} == presets
    assert {api for _, api, _ in enabled} == {"native", "calico"}
    assert {scope for _, _, scope in enabled} == {"namespace", "cluster"}
    assert {v.get("scope") for v in loaded} == {"namespace", "cluster"}
    assert any(v.get("calico", {}).get("edition") == "enterprise" for v in loaded)
    assert any(v.get("calico", {}).get("tierPrefixedNames") for v in loaded)
    assert any(v.get("namePrefix") for v in loaded)


# ----------------------------------------------------------------------------- good and bad values

NP = "networkPolicies/web"
CNP = "calicoNetworkPolicies/api"


def np(spec: dict[str, Any]) -> dict[str, Any]:
    return {"networkPolicies": {"web": spec}}


def cnp(spec: dict[str, Any]) -> dict[str, Any]:
    return {"calicoNetworkPolicies": {"api": spec}}


def rule(**fields: Any) -> dict[str, Any]:
    return cnp({"ingress": [{"action": "Allow", **fields}]})


def k8s_port(port: Any, **more: Any) -> dict[str, Any]:
    return np({"ingress": [{"ports": [{"port": port, **more}]}]})


GOOD: list[tuple[str, dict[str, Any]]] = [
    ("calico protocol names", cnp({"egress": [{"action": "Allow", "protocol": p} for p in ("UDPLite", "ICMPv6")]})),
    ("calico protocol number", rule(protocol=132, notProtocol=255)),
    ("calico port range", rule(protocol="TCP", destination={"ports": [1, 65535, "1:65535", "8000:8999"]})),
    ("calico named ports", rule(destination={"ports": ["http-alt", "metrics_port", "a.b", "x"]})),
    ("k8s named port", k8s_port("http")),
    ("k8s named port with digits", k8s_port("h2c-1")),
    ("k8s port range", k8s_port(8000, endPort=8080, protocol="SCTP")),
    ("integer-valued float port", k8s_port(443.0)),
    ("ipv6 nets", rule(source={"nets": ["::/0", "fe80::a9fe:a9fe/128", "2001:db8::/32"]})),
    ("calico bare address", rule(source={"nets": ["10.0.0.1", "2001:db8::1"]})),
    ("selector map", cnp({"selector": {}, "serviceAccountSelector": {"matchLabels": {"a": "b"}}})),
    ("selector string", cnp({"selector": "all()"})),
    ("icmp type and code", rule(protocol="ICMP", icmp={"type": 254, "code": 255}, notICMP={"type": 0})),
    ("fractional order", cnp({"order": 100.5, "tier": "security"})),
    ("empty label value and prefixed key", {"commonLabels": {"example.com/flag": "", "a_b.c-d": "V_1.2-x"}}),
    ("http paths", rule(protocol="TCP", http={"methods": ["GET"], "paths": [{"exact": "/"}, {"prefix": "/a"}]})),
    ("preset order null", {"presets": {"defaultDeny": {"order": None, "api": "calico"}}}),
    ("empty rules", np({"podSelector": {}, "ingress": [], "egress": [{}], "policyTypes": ["Egress"]})),
    ("staged delete", {"stagedNetworkPolicies": {"old": {"stagedAction": "Delete"}}}),
    ("tier name with policy prefix", {"calicoNetworkPolicies": {"security.web": {"tier": "security"}}}),
    ("host endpoint with ips only", {"hostEndpoints": {"h": {"node": "n1", "expectedIPs": ["10.0.0.1"]}}}),
    ("host endpoint all interfaces", {"hostEndpoints": {"h": {"node": "n1", "interfaceName": "*"}}}),
    ("global values of a parent chart", {"global": {"imageRegistry": "x"}}),
    (
        "extra object with any body",
        {
            "extraObjects": {
                "cm": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"k": "v"}}
            }
        },
    ),
]

BAD: list[tuple[str, dict[str, Any], str]] = [
    ("unknown top-level key", {"policies": {}}, ""),
    ("scope enum", {"scope": "global"}, "scope"),
    ("edition enum", {"calico": {"edition": "cloud"}}, "calico/edition"),
    ("name prefix upper case", {"namePrefix": "Team-"}, "namePrefix"),
    ("map key not a DNS name", {"networkPolicies": {"Web": {}}}, "networkPolicies"),
    ("calico name with two dots", {"calicoNetworkPolicies": {"a.b.c": {}}}, "calicoNetworkPolicies"),
    ("tier key with a dot", {"tiers": {"a.b": {}}}, "tiers"),
    ("null entry", {"networkPolicies": {"web": None}}, NP),
    ("unknown entry key", np({"podSelektor": {}}), NP),
    ("unknown peer key", np({"ingress": [{"from": [{"pods": {}}]}]}), f"{NP}/ingress/0/from/0"),
    ("port 0", k8s_port(0), f"{NP}/ingress/0/ports/0/port"),
    ("port 65536", k8s_port(65536), f"{NP}/ingress/0/ports/0/port"),
    ("fractional port", k8s_port(443.5), f"{NP}/ingress/0/ports/0/port"),
    ("numeric string port", k8s_port("80"), f"{NP}/ingress/0/ports/0/port"),
    ("upper-case port name", k8s_port("HTTP"), f"{NP}/ingress/0/ports/0/port"),
    ("doubled dash port name", k8s_port("a--b"), f"{NP}/ingress/0/ports/0/port"),
    ("port name too long", k8s_port("abcdefghijklmnop"), f"{NP}/ingress/0/ports/0/port"),
    ("endPort too large", k8s_port(80, endPort=70000), f"{NP}/ingress/0/ports/0/endPort"),
    ("k8s protocol is case-sensitive", k8s_port(80, protocol="tcp"), f"{NP}/ingress/0/ports/0/protocol"),
    ("policyTypes enum", np({"policyTypes": ["ingress"]}), f"{NP}/policyTypes/0"),
    ("policyTypes repeated", np({"policyTypes": ["Ingress", "Ingress"]}), f"{NP}/policyTypes"),
    ("ipBlock without cidr", np({"egress": [{"to": [{"ipBlock": {}}]}]}), f"{NP}/egress/0/to/0/ipBlock"),
    (
        "cidr without prefix",
        np({"egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.1"}}]}]}),
        f"{NP}/egress/0/to/0/ipBlock/cidr",
    ),
    (
        "cidr prefix too long",
        np({"egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/33"}}]}]}),
        f"{NP}/egress/0/to/0/ipBlock/cidr",
    ),
    (
        "ipv6 prefix too long",
        np({"egress": [{"to": [{"ipBlock": {"cidr": "2001:db8::/129"}}]}]}),
        f"{NP}/egress/0/to/0/ipBlock/cidr",
    ),
    (
        "match expression operator",
        np({"podSelector": {"matchExpressions": [{"key": "a", "operator": "Is"}]}}),
        f"{NP}/podSelector/matchExpressions/0/operator",
    ),
    (
        "match expression without key",
        np({"podSelector": {"matchExpressions": [{"operator": "Exists"}]}}),
        f"{NP}/podSelector/matchExpressions/0",
    ),
    ("null matchLabels", np({"podSelector": {"matchLabels": None}}), f"{NP}/podSelector/matchLabels"),
    ("label value with space", {"commonLabels": {"a": "b c"}}, "commonLabels/a"),
    ("label value not a string", {"commonLabels": {"a": 1}}, "commonLabels/a"),
    ("label value too long", {"commonLabels": {"a": "x" * 64}}, "commonLabels/a"),
    ("label key with space", {"commonLabels": {"a b": "c"}}, "commonLabels"),
    ("annotation value not a string", {"commonAnnotations": {"a": True}}, "commonAnnotations/a"),
    ("rule action enum", rule(action="allow"), f"{CNP}/ingress/0/action"),
    ("rule without action", cnp({"egress": [{"protocol": "TCP"}]}), f"{CNP}/egress/0"),
    ("calico protocol name", rule(protocol="TCPX"), f"{CNP}/ingress/0/protocol"),
    # The v3 API reads names verbatim (no case folding) and validates ^(TCP|UDP|ICMP|ICMPv6|SCTP|UDPLite)$.
    ("calico protocol lower case", rule(protocol="tcp"), f"{CNP}/ingress/0/protocol"),
    ("calico protocol mixed case", rule(notProtocol="IcMpV6"), f"{CNP}/ingress/0/notProtocol"),
    ("calico protocol 0", rule(protocol=0), f"{CNP}/ingress/0/protocol"),
    ("calico protocol 256", rule(notProtocol=256), f"{CNP}/ingress/0/notProtocol"),
    ("icmp type 255", rule(icmp={"type": 255}), f"{CNP}/ingress/0/icmp/type"),
    ("icmp code 256", rule(icmp={"type": 3, "code": 256}), f"{CNP}/ingress/0/icmp/code"),
    ("icmp code without type", rule(notICMP={"code": 1}), f"{CNP}/ingress/0/notICMP"),
    ("ipVersion", rule(ipVersion=5), f"{CNP}/ingress/0/ipVersion"),
    ("port range past 65535", rule(destination={"ports": ["1:70000"]}), f"{CNP}/ingress/0/destination/ports/0"),
    ("calico port 0", rule(destination={"notPorts": [0]}), f"{CNP}/ingress/0/destination/notPorts/0"),
    ("bad net", rule(source={"nets": ["300.0.0.0/8"]}), f"{CNP}/ingress/0/source/nets/0"),
    ("too many ports", rule(destination={"ports": list(range(1, 52))}), f"{CNP}/ingress/0/destination/ports"),
    ("selector with a newline", cnp({"selector": "a == 'b' &&\nc == 'd'"}), f"{CNP}/selector"),
    ("selector from a YAML block scalar", cnp({"selector": "a == 'b'\n"}), f"{CNP}/selector"),
    ("selector too long", cnp({"selector": "a == '" + "x" * 1020 + "'"}), f"{CNP}/selector"),
    ("selector map key", cnp({"selector": {"matchLabel": {"a": "b"}}}), f"{CNP}/selector"),
    ("selector wrong type", cnp({"selector": ["a"]}), f"{CNP}/selector"),
    ("domains in a source", rule(source={"domains": ["example.com"]}), f"{CNP}/ingress/0/source"),
    ("http path not absolute", rule(http={"paths": [{"prefix": "api"}]}), f"{CNP}/ingress/0/http/paths/0/prefix"),
    (
        "http path with two matches",
        rule(http={"paths": [{"exact": "/a", "prefix": "/b"}]}),
        f"{CNP}/ingress/0/http/paths/0",
    ),
    ("http path empty", rule(http={"paths": [{}]}), f"{CNP}/ingress/0/http/paths/0"),
    ("http methods limit", rule(http={"methods": ["GET"] * 21}), f"{CNP}/ingress/0/http/methods"),
    (
        "header operator",
        rule(http={"headers": [{"header": "x", "operator": "Equals"}]}),
        f"{CNP}/ingress/0/http/headers/0/operator",
    ),
    ("types empty", cnp({"types": []}), f"{CNP}/types"),
    ("performance hint", cnp({"performanceHints": ["Fast"]}), f"{CNP}/performanceHints/0"),
    ("order as string", cnp({"order": "100"}), f"{CNP}/order"),
    ("tier name", cnp({"tier": "Security"}), f"{CNP}/tier"),
    ("doNotTrack on a namespaced policy", cnp({"doNotTrack": True}), CNP),
    (
        "staged action",
        {"stagedNetworkPolicies": {"s": {"stagedAction": "Apply"}}},
        "stagedNetworkPolicies/s/stagedAction",
    ),
    (
        "staged k8s policyTypes empty",
        {"stagedKubernetesNetworkPolicies": {"s": {"policyTypes": []}}},
        "stagedKubernetesNetworkPolicies/s/policyTypes",
    ),
    ("tier default action", {"tiers": {"t": {"defaultAction": "Allow"}}}, "tiers/t/defaultAction"),
    ("host endpoint without node", {"hostEndpoints": {"h": {"interfaceName": "eth0"}}}, "hostEndpoints/h"),
    ("host endpoint without interface or IPs", {"hostEndpoints": {"h": {"node": "n1"}}}, "hostEndpoints/h"),
    (
        "interface name too long",
        {"hostEndpoints": {"h": {"node": "n", "interfaceName": "x" * 16}}},
        "hostEndpoints/h/interfaceName",
    ),
    (
        "expected IP with prefix",
        {"hostEndpoints": {"h": {"node": "n", "expectedIPs": ["10.0.0.1/32"]}}},
        "hostEndpoints/h/expectedIPs/0",
    ),
    (
        "host endpoint port protocol",
        {
            "hostEndpoints": {
                "h": {"node": "n", "interfaceName": "eth0", "ports": [{"name": "p", "port": 1, "protocol": "ICMP"}]}
            }
        },
        "hostEndpoints/h/ports/0/protocol",
    ),
    (
        "host endpoint port protocol number",
        {
            "hostEndpoints": {
                "h": {"node": "n", "interfaceName": "eth0", "ports": [{"name": "p", "port": 1, "protocol": 1}]}
            }
        },
        "hostEndpoints/h/ports/0/protocol",
    ),
    ("network set net", {"networkSets": {"s": {"nets": ["example.com"]}}}, "networkSets/s/nets/0"),
    ("unknown preset", {"presets": {"allowAll": {"enabled": True}}}, "presets"),
    ("preset api", {"presets": {"allowDNS": {"api": "cilium"}}}, "presets/allowDNS/api"),
    ("preset bool", {"presets": {"defaultDeny": {"ingress": "yes"}}}, "presets/defaultDeny/ingress"),
    ("preset port", {"presets": {"allowDNS": {"ports": [70000]}}}, "presets/allowDNS/ports/0"),
    (
        "preset cidr",
        {"presets": {"denyCloudMetadata": {"cidrs": ["169.254.169.254"]}}},
        "presets/denyCloudMetadata/cidrs/0",
    ),
    (
        "extra object without name",
        {"extraObjects": {"x": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {}}}},
        "extraObjects/x/metadata",
    ),
    (
        "extra object without kind",
        {"extraObjects": {"x": {"apiVersion": "v1", "metadata": {"name": "a"}}}},
        "extraObjects/x",
    ),
]


@pytest.mark.parametrize(("values"), [v for _, v in GOOD], ids=[n for n, _ in GOOD])
def test_good_values_are_accepted(values: dict[str, Any]) -> None:
    assert errors(with_defaults(values)) == []


@pytest.mark.parametrize(("values", "path"), [(v, p) for _, v, p in BAD], ids=[n for n, _, _ in BAD])
def test_bad_values_are_rejected_at_their_path(values: dict[str, Any], path: str) -> None:
    found = errors(with_defaults(values))
    assert found, "accepted"
    assert path in [p for p, _ in found], found


# ----------------------------------------------------------------------------- through real helm

HELM_CASES = [
    # (id, values, path helm must name, a regex for the rest of the message)
    ("unknown key", np({"podSelektor": {}}), NP, "podSelektor"),
    ("wrong type", {"presets": {"defaultDeny": {"ingress": "yes"}}}, "presets/defaultDeny/ingress", "boolean"),
    ("bad enum", rule(action="allow"), f"{CNP}/ingress/0/action", "Allow"),
    ("bad port", k8s_port(70000), f"{NP}/ingress/0/ports/0/port", "65,?535"),
    ("newline in selector", cnp({"selector": "a == 'b'\n"}), f"{CNP}/selector", "pattern"),
    ("null entry", {"networkPolicies": {"web": None}}, NP, "null"),
    ("host endpoint needs an interface", {"hostEndpoints": {"h": {"node": "n1"}}}, "hostEndpoints/h", "interfaceName"),
]


@pytest.mark.parametrize(("values", "path", "word"), [c[1:] for c in HELM_CASES], ids=[c[0] for c in HELM_CASES])
def test_helm_rejects_bad_values(
    helm_major: int, render_error: Callable[..., str], values: dict[str, Any], path: str, word: str
) -> None:
    message = render_error(values, helm_major=helm_major)
    assert "don't meet the specifications of the schema" in message, message
    assert helm_path(path, helm_major) in message, message
    assert re.search(word, message), message


def test_helm_rejects_bad_map_keys(helm_major: int, render_error: Callable[..., str]) -> None:
    # helm 4 (santhosh-tekuri/jsonschema) prints propertyNames errors at a wrong location, so only
    # the key and the pattern are asserted for both.
    message = render_error({"networkPolicies": {"Web": {}}}, helm_major=helm_major)
    assert "Web" in message, message
    assert "pattern" in message, message
    if helm_major == 3:
        assert 'networkPolicies: Property name of "Web" does not match' in message, message


def test_helm_accepts_integer_valued_ports_and_null_order(
    helm_major: int, render_chart: Callable[..., list[dict[str, Any]]]
) -> None:
    """helm 3 passes numbers as float64 and helm 4 as json.Number: an integer-valued float must pass
    `type: integer`, and a preset `order: null` (the chart default, dropped by helm 4 but kept by
    helm 3) must render as "no order"."""
    values = {
        "networkPolicies": {"web": {"ingress": [{"ports": [{"port": 443.0}, {"port": 8000, "endPort": 8080}]}]}},
        "presets": {"defaultDeny": {"enabled": True, "api": "calico", "order": None}},
    }
    objects = render_chart(values, helm_major=helm_major)
    by_name = {o["metadata"]["name"]: o for o in objects}
    ports = by_name["web"]["spec"]["ingress"][0]["ports"]
    assert ports[0]["port"] == 443 and isinstance(ports[0]["port"], int)
    assert (ports[1]["port"], ports[1]["endPort"]) == (8000, 8080)
    deny = by_name["default-deny"]
    assert deny["kind"] == "NetworkPolicy" and deny["apiVersion"] == "projectcalico.org/v3"
    assert "order" not in deny["spec"]


def test_helm_null_removes_a_chart_default(helm_major: int, render_chart: Callable[..., list[dict[str, Any]]]) -> None:
    """Both helms delete a key whose chart default is overridden with null *before* validating, so a
    null is accepted there even where the schema has no `null` type (a Python validator has to
    coalesce the same way); a null with no chart default underneath reaches the schema and fails
    (see the `null entry` cases)."""
    values = {"presets": {"allowDNS": {"enabled": True, "extraCIDRs": None}}}
    assert [p for p, _ in errors(with_defaults(values))] == ["presets/allowDNS/extraCIDRs"]  # a naive merge
    objects = render_chart(values, helm_major=helm_major)
    (dns,) = [o for o in objects if o["metadata"]["name"] == "allow-dns"]
    peers = [peer for rule in dns["spec"]["egress"] for peer in rule.get("to", [])]
    assert peers and not any("ipBlock" in peer for peer in peers)
