"""Turn an object read from a cluster or a file into the object a user would have written.

Drops what the API server, kubectl and helm add (status, uid, managedFields, the last-applied
annotation, this chart's own labels), undoes the legacy name prefixes Calico added before v3.32
(`default.`, `knp.default.`, `<tier>.`), and converts the legacy group/versions (Calico's internal
`crd.projectcalico.org/v1` storage format). Every change a user could care about becomes a `Note`.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from netpolkit.importer.kinds import CALICO_V1, LEGACY_API_VERSIONS
from netpolkit.importer.model import Note, Source
from netpolkit.kinds import BY_API_KIND

#: metadata fields the API server sets; never part of what a user writes.
SERVER_METADATA = frozenset({
    "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
    "deletionTimestamp", "deletionGracePeriodSeconds",
})
#: metadata fields that belong to one live object and cannot be carried into values (dropped, warned).
LIVE_METADATA = frozenset({"ownerReferences", "finalizers", "generateName"})
SERVER_ANNOTATIONS = frozenset({"kubectl.kubernetes.io/last-applied-configuration"})
#: Written by `helm install/upgrade` to claim ownership; kept, they would stop another release adopting it.
HELM_ANNOTATIONS = frozenset({"meta.helm.sh/release-name", "meta.helm.sh/release-namespace"})
#: The labels this chart puts on every object (docs/values-model.md); dropped when the object came from it.
CHART_LABELS = frozenset({
    "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by",
    "app.kubernetes.io/version", "helm.sh/chart",
})
CHART_NAME = "network-policies"
PRESET_LABEL = "netpolkit.io/preset"
#: Calico's v1 storage keeps the v3 object's labels and annotations in this annotation (JSON).
CALICO_METADATA_ANNOTATION = "projectcalico.org/metadata"
#: Added by Calico's defaulting (native v3 CRDs) and v1 storage; equal to spec.tier.
CALICO_TIER_LABEL = "projectcalico.org/tier"
KNP_PREFIX = "knp.default."


class Cleaner:
    """Cleans one object; collects the notes about it."""

    def __init__(self, source: Source, what: str) -> None:
        self.source = source
        self.what = what
        self.notes: list[Note] = []

    def note(self, message: str, *, warning: bool = False) -> None:
        self.notes.append(Note(self.source, self.what, message, "warning" if warning else "note"))

    def clean(self, body: dict[str, Any]) -> dict[str, Any]:
        """A cleaned deep copy of `body`."""
        body = drop_nulls(copy.deepcopy(body))
        self._api_version(body)
        body.pop("status", None)
        meta = body.get("metadata")
        if isinstance(meta, dict):
            self._metadata(body, meta)
        spec = BY_API_KIND.get((body["apiVersion"], body["kind"]))
        if spec is not None and spec.is_calico_policy and isinstance(meta, dict):
            self._name_prefix(meta, body.get("spec"))
        return body

    def _api_version(self, body: dict[str, Any]) -> None:
        old = body["apiVersion"]
        new = LEGACY_API_VERSIONS.get(old)
        if new is None:
            return
        body["apiVersion"] = new
        if old == CALICO_V1:
            self.note(
                f"converted from {CALICO_V1} (Calico's internal storage format, written without validation "
                f"or defaulting) to {new}",
                warning=True,
            )
            self._v1_policy_types(body)
        else:
            self.note(f"converted from the removed {old} to {new}", warning=True)

    def _v1_policy_types(self, body: dict[str, Any]) -> None:
        # Felix reads an empty `types` in a v1 policy as Ingress+Egress (felix/calc/policy_sorter.go);
        # v3 would default it from the rules, so keep what the cluster enforced.
        spec = body.get("spec")
        kind = BY_API_KIND.get((body["apiVersion"], body["kind"]))
        if kind and kind.is_calico_policy and isinstance(spec, dict) and not spec.get("types"):
            spec["types"] = ["Ingress", "Egress"]
            self.note("types set to [Ingress, Egress]: Felix enforces a v1 policy without types in both directions",
                      warning=True)

    def _metadata(self, body: dict[str, Any], meta: dict[str, Any]) -> None:
        for key in SERVER_METADATA & meta.keys():
            del meta[key]
        for key in sorted(LIVE_METADATA & meta.keys()):
            if key == "generateName" and not meta.get("name"):
                continue  # no name to import under: the structural check rejects the object
            self.note(f"metadata.{key} dropped: it belongs to the live object", warning=True)
            del meta[key]
        self._calico_v1_metadata(meta)
        annotations = meta.get("annotations")
        if isinstance(annotations, dict):
            for key in SERVER_ANNOTATIONS & annotations.keys():
                del annotations[key]
            for key in sorted(HELM_ANNOTATIONS & annotations.keys()):
                self.note(f"annotation {key} dropped: helm writes it when it installs the release")
                del annotations[key]
        labels = meta.get("labels")
        if isinstance(labels, dict):
            self._labels(body, labels)
        for key in ("labels", "annotations"):
            if meta.get(key) == {}:
                del meta[key]

    def _calico_v1_metadata(self, meta: dict[str, Any]) -> None:
        annotations = meta.get("annotations")
        if not isinstance(annotations, dict) or CALICO_METADATA_ANNOTATION not in annotations:
            return
        raw = annotations.pop(CALICO_METADATA_ANNOTATION)
        try:
            stored = json.loads(raw) if isinstance(raw, str) else {}
        except json.JSONDecodeError:
            stored = {}
        for key in ("labels", "annotations"):
            value = stored.get(key) if isinstance(stored, dict) else None
            if isinstance(value, dict) and value:
                merged = {**(meta.get(key) or {}), **value}
                meta[key] = merged
        self.note(f"labels and annotations restored from the {CALICO_METADATA_ANNOTATION} annotation")

    def _labels(self, body: dict[str, Any], labels: dict[str, Any]) -> None:
        chart = labels.get("helm.sh/chart")
        if isinstance(chart, str) and chart.startswith(f"{CHART_NAME}-"):
            for key in CHART_LABELS & labels.keys():
                del labels[key]
            preset = labels.pop(PRESET_LABEL, None)
            if preset is not None:
                self.note(f"rendered by preset {preset!r}; imported as a plain entry (label {PRESET_LABEL} dropped)")
        spec = body.get("spec")
        tier = spec.get("tier") if isinstance(spec, dict) else None
        if CALICO_TIER_LABEL in labels and labels[CALICO_TIER_LABEL] == (tier or "default"):
            del labels[CALICO_TIER_LABEL]
            self.note(f"label {CALICO_TIER_LABEL} dropped: Calico sets it from spec.tier")

    def _name_prefix(self, meta: dict[str, Any], spec: Any) -> None:
        name = meta.get("name")
        if not isinstance(name, str):
            return
        tier = spec.get("tier") if isinstance(spec, dict) else None
        tier = tier if isinstance(tier, str) and tier else "default"
        for prefix, message, warning in _prefixes(tier):
            if name.startswith(prefix) and len(name) > len(prefix):
                meta["name"] = name[len(prefix) :]
                self.note(f"name {name!r} imported as {meta['name']!r}: {message}", warning=warning)
                return


def _prefixes(tier: str) -> list[tuple[str, str, bool]]:
    """(prefix, why it is removed, whether that deserves a warning), most specific first."""
    tier_note = "" if tier == "default" else " (set calico.tierPrefixedNames: true to render it again)"
    return [
        (
            KNP_PREFIX,
            f"{KNP_PREFIX!r} marks Calico's copy of a Kubernetes NetworkPolicy; import the networking.k8s.io/v1 "
            "object instead, or both will be enforced",
            True,
        ),
        (f"{tier}.", f"removed the legacy tier prefix {tier + '.'!r} that Calico before v3.32 added{tier_note}", False),
    ]


def drop_nulls(value: Any) -> Any:
    """Remove null map values at any depth: the API server reads `key: null` as absent."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value
