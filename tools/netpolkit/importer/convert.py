"""One input object -> one values entry, or the reasons it cannot be converted.

The structural checks here cover what the values schema cannot see, because it only sees the
entry: the envelope (apiVersion, kind, metadata, spec), namespaces, keys written twice in the input,
and fields that would collide with the entry's own keys. The semantic rules (selectors, CIDRs,
ports, ICMP, Calico invariants) are the validator's, run on the produced values (`checking`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from netpolkit.importer import kinds
from netpolkit.importer.cleaning import Cleaner
from netpolkit.importer.kinds import ENTRY_META, STRUCTURES
from netpolkit.importer.model import Entry, Rejection, SourceObject, describe_object
from netpolkit.importer.reading import duplicate_message
from netpolkit.kinds import BY_API_KIND, KINDS, Kind
from netpolkit.problems import KeyPath

DEFAULT_NAMESPACE = "default"
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_API_VERSION = re.compile(r"^(?:(?P<group>[a-z0-9]([-a-z0-9.]*[a-z0-9])?)/)?(?P<version>v[0-9]+((alpha|beta)[0-9]+)?)$")
_EXTRA_KEY_BAD = re.compile(r"[^-A-Za-z0-9_.]+")
#: The envelope of a typed object; anything else at the top level is not part of the kind.
ENVELOPE = ("apiVersion", "kind", "metadata", "spec")
ENTRY_METADATA = ("name", "namespace", "labels", "annotations")


@dataclass(frozen=True)
class ConvertOptions:
    #: `--namespace`: the namespace for every namespaced object (None: metadata.namespace, else default).
    namespace: str | None = None


def convert(obj: SourceObject, options: ConvertOptions) -> Entry | list[Rejection]:
    """Convert one object; a list of rejections when it cannot be."""
    what = describe_object(obj.body)

    def reject(path: KeyPath, message: str, hint: str = "") -> Rejection:
        return Rejection(obj.source, what, path, message, hint)

    if obj.duplicate_keys:
        return [reject(path, duplicate_message(path)) for path in obj.duplicate_keys]
    problem = _api_version_problem(obj.body)
    if problem:
        return [reject(("apiVersion",), *problem)]
    if obj.body["kind"] in kinds.CALICO_INTERNAL_KINDS:
        return [reject(("kind",), f"{obj.body['kind']} is Calico's internal IPAM state, not configuration",
                       "leave it out of the input")]
    cleaner = Cleaner(obj.source, what)
    body = cleaner.clean(obj.body)
    rejections = _metadata_problems(body, reject)
    if rejections:
        return rejections
    spec = BY_API_KIND.get((body["apiVersion"], body["kind"]))
    if spec is None:
        return _extra_entry(body, obj, what, cleaner, options)
    rejections = _typed_problems(body, spec, reject)
    if rejections:
        return rejections
    return _typed_entry(body, spec, obj, what, cleaner, options)


def _api_version_problem(body: Mapping[str, Any]) -> tuple[str, str] | None:
    api_version = str(body["apiVersion"])
    match = _API_VERSION.match(api_version)
    if not match:
        return f"not a Kubernetes apiVersion: {api_version!r}", "expected <group>/<version>, e.g. projectcalico.org/v3"
    group, version = match.group("group") or "", match.group("version")
    known = kinds.KNOWN_GROUP_VERSIONS.get(group)
    if known is not None and version not in known:
        return f"unknown apiVersion {api_version!r}", f"{group} serves {', '.join(known)}"
    kind = str(body["kind"])
    if kind in kinds.TYPED_KINDS and api_version not in kinds.LEGACY_API_VERSIONS:
        expected = sorted(k.api_version for k in KINDS if k.kind == kind)
        if api_version not in expected:
            return f"unknown apiVersion {api_version!r} for kind {kind}", f"expected {' or '.join(expected)}"
    return None


def _metadata_problems(body: dict[str, Any], reject: Any) -> list[Rejection]:
    meta = body.get("metadata")
    if not isinstance(meta, dict):
        return [reject(("metadata",), "required: a mapping with at least a name")]
    name = meta.get("name")
    if not isinstance(name, str) or not name:
        hint = "generateName cannot be imported: give the object a name" if meta.get("generateName") else ""
        return [reject(("metadata", "name"), "required: a non-empty string", hint)]
    namespace = meta.get("namespace")
    if namespace is not None and (not isinstance(namespace, str) or not _DNS_LABEL.match(namespace)):
        return [reject(("metadata", "namespace"),
                       f"must be a DNS-1123 label (lower-case letters, digits and '-'), got {namespace!r}")]
    out = []
    for key in ("labels", "annotations"):
        if key in meta and not isinstance(meta[key], dict):
            out.append(reject(("metadata", key), f"must be a mapping of strings, got {meta[key]!r}"))
    return out


def _typed_problems(body: dict[str, Any], spec: Kind, reject: Any) -> list[Rejection]:
    out = [
        reject((key,), f"not a field of {spec.kind} (expected {', '.join(ENVELOPE)})")
        for key in body
        if key not in ENVELOPE
    ]
    if "spec" not in body:
        out.append(reject(("spec",), f"required: a {spec.kind} needs a spec"))
    elif not isinstance(body["spec"], dict):
        out.append(reject(("spec",), f"must be a mapping, got {body['spec']!r}"))
    else:
        out += [
            reject(("spec", key), f"not a field of {spec.kind}")
            for key in body["spec"]
            if key in ENTRY_META or not isinstance(key, str)
        ]
    return out


def _drop_other_metadata(meta: dict[str, Any], cleaner: Cleaner) -> None:
    for key in [k for k in meta if k not in ENTRY_METADATA]:
        cleaner.note(f"metadata.{key} dropped: the chart sets only name, namespace, labels and annotations",
                     warning=True)
        del meta[key]


def _namespace(meta: dict[str, Any], cleaner: Cleaner, options: ConvertOptions) -> str:
    given = meta.get("namespace")
    if options.namespace:
        if given and given != options.namespace:
            cleaner.note(f"namespace {given!r} replaced by --namespace {options.namespace!r}")
        return options.namespace
    if given:
        return str(given)
    cleaner.note(f"no metadata.namespace: imported into namespace {DEFAULT_NAMESPACE!r}")
    return DEFAULT_NAMESPACE


def _typed_entry(
    body: dict[str, Any], spec: Kind, obj: SourceObject, what: str, cleaner: Cleaner, options: ConvertOptions
) -> Entry:
    meta: dict[str, Any] = body["metadata"]
    _drop_other_metadata(meta, cleaner)
    namespace: str | None = None
    if spec.scope == "namespace":
        namespace = _namespace(meta, cleaner, options)
    elif meta.get("namespace"):
        cleaner.note(f"metadata.namespace {meta['namespace']!r} ignored: {spec.kind} is cluster-scoped")
    entry: dict[str, Any] = {key: meta[key] for key in ("labels", "annotations") if key in meta}
    entry.update(order_fields(body["spec"], spec.family))
    return Entry(obj.source, what, spec.values_key, meta["name"], entry, spec.scope, namespace, cleaner.notes, obj)


def _extra_entry(
    body: dict[str, Any], obj: SourceObject, what: str, cleaner: Cleaner, options: ConvertOptions
) -> Entry:
    kind = str(body["kind"])
    meta: dict[str, Any] = body["metadata"]
    _drop_other_metadata(meta, cleaner)
    scope: Any = "cluster" if kind in kinds.CLUSTER_SCOPED_EXTRA else "namespace"
    namespace: str | None = None
    if scope == "namespace":
        had_namespace = bool(meta.get("namespace"))
        namespace = _namespace(meta, cleaner, options)
        if had_namespace:
            meta["namespace"] = namespace
    cleaner.note(f"{body['apiVersion']} {kind} is not a kind the chart types: imported under extraObjects as given",
                 warning=True)
    ordered: dict[str, Any] = {k: body[k] for k in ("apiVersion", "kind", "metadata") if k in body}
    ordered["metadata"] = {k: meta[k] for k in ENTRY_METADATA if k in meta}
    ordered.update({k: v for k, v in body.items() if k not in ordered})
    key = _EXTRA_KEY_BAD.sub("-", f"{kind.lower()}-{meta['name']}").strip("-._") or kind.lower()
    return Entry(obj.source, what, "extraObjects", key, ordered, scope, namespace, cleaner.notes, obj)


def order_fields(value: Any, structure: str) -> Any:
    """`value` with the keys of known structures in reading order (unknown keys after, as given)."""
    if isinstance(value, list):
        return [order_fields(item, structure) for item in value]
    if not isinstance(value, dict) or structure not in STRUCTURES:
        return value
    order, children = STRUCTURES[structure]
    keys = [k for k in order if k in value] + [k for k in value if k not in order]
    return {k: order_fields(value[k], children.get(k, "")) for k in keys}
