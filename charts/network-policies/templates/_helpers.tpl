{{/*
network-policies.name: the chart name (value of app.kubernetes.io/name). A literal, not the chart
metadata name: an umbrella chart that aliases this chart (and netpolkit's batched snapshot
rendering) renames it, and the labels of a policy should not change with how the chart is consumed.
Expects: the root context.
*/}}
{{- define "network-policies.name" -}}
network-policies
{{- end -}}

{{/*
network-policies.fullname: release-qualified name (`<release>-<chart>`, or the release name when it
already contains the chart name). Not used for object names (those come from the values keys);
kept as the standard helper. Expects: the root context.
*/}}
{{- define "network-policies.fullname" -}}
{{- $name := include "network-policies.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.chart: `<chart>-<version>` for the helm.sh/chart label. Expects: the root context.
*/}}
{{- define "network-policies.chart" -}}
{{- printf "%s-%s" (include "network-policies.name" .) .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
network-policies.namespace: the namespace of namespaced objects (the release namespace).
Expects: the root context.
*/}}
{{- define "network-policies.namespace" -}}
{{- .Release.Namespace | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
network-policies.selectorLabels: the labels that identify this release's objects.
Expects: the root context. Returns YAML.
*/}}
{{- define "network-policies.selectorLabels" -}}
app.kubernetes.io/name: {{ include "network-policies.name" . }}
app.kubernetes.io/instance: {{ .Release.Name | trunc 63 | trimSuffix "-" | quote }}
{{- end -}}

{{/*
network-policies.labels: the standard labels on every object, before commonLabels and the entry's
labels. Expects: the root context. Returns YAML.
*/}}
{{- define "network-policies.labels" -}}
{{ include "network-policies.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
app.kubernetes.io/version: {{ .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
helm.sh/chart: {{ include "network-policies.chart" . | quote }}
{{- end -}}

{{/*
network-policies.kinds: what the chart knows about each typed values map. Expects: nothing.
Returns JSON {<values key>: {apiVersion, kind, namespaced, family (k8s|calico|set|hostendpoint|
tier), global, staged}}, and the fixed order in which kinds are checked, under "order". A JSON
literal: the table is read once per render, and building it with dict would cost more.
*/}}
{{- define "network-policies.kinds" -}}
{"order": ["networkPolicies", "calicoNetworkPolicies", "calicoGlobalNetworkPolicies", "stagedNetworkPolicies", "stagedGlobalNetworkPolicies", "stagedKubernetesNetworkPolicies", "networkSets", "globalNetworkSets", "hostEndpoints", "tiers"],
  "networkPolicies": {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "namespaced": true, "family": "k8s", "global": false, "staged": false},
  "calicoNetworkPolicies": {"apiVersion": "projectcalico.org/v3", "kind": "NetworkPolicy", "namespaced": true, "family": "calico", "global": false, "staged": false},
  "calicoGlobalNetworkPolicies": {"apiVersion": "projectcalico.org/v3", "kind": "GlobalNetworkPolicy", "namespaced": false, "family": "calico", "global": true, "staged": false},
  "stagedNetworkPolicies": {"apiVersion": "projectcalico.org/v3", "kind": "StagedNetworkPolicy", "namespaced": true, "family": "calico", "global": false, "staged": true},
  "stagedGlobalNetworkPolicies": {"apiVersion": "projectcalico.org/v3", "kind": "StagedGlobalNetworkPolicy", "namespaced": false, "family": "calico", "global": true, "staged": true},
  "stagedKubernetesNetworkPolicies": {"apiVersion": "projectcalico.org/v3", "kind": "StagedKubernetesNetworkPolicy", "namespaced": true, "family": "k8s", "global": false, "staged": true},
  "networkSets": {"apiVersion": "projectcalico.org/v3", "kind": "NetworkSet", "namespaced": true, "family": "set", "global": false, "staged": false},
  "globalNetworkSets": {"apiVersion": "projectcalico.org/v3", "kind": "GlobalNetworkSet", "namespaced": false, "family": "set", "global": true, "staged": false},
  "hostEndpoints": {"apiVersion": "projectcalico.org/v3", "kind": "HostEndpoint", "namespaced": false, "family": "hostendpoint", "global": true, "staged": false},
  "tiers": {"apiVersion": "projectcalico.org/v3", "kind": "Tier", "namespaced": false, "family": "tier", "global": true, "staged": false}}
{{- end -}}

{{/*
network-policies.lib.names.objectName: metadata.name of a typed entry: `[<tier>.]` + namePrefix + (name or
key). Tiers never get namePrefix: policies (here and in other installs) refer to them by name. The tier prefix is added only with calico.tierPrefixedNames, for Calico policies whose tier
is set and not `default`, and only when the name does not already start with `<tier>.`.
Expects: dict "root" "key" (map key) "entry" "family" (from network-policies.kinds) "rawName"
(optional bool: use entry.name as is, without namePrefix; the denyCloudMetadata preset's Tier).
*/}}
{{- define "network-policies.lib.names.objectName" -}}
{{- $entry := .entry -}}
{{- $name := toString ($entry.name | default .key) -}}
{{- if not (or .rawName (eq .family "tier")) -}}
  {{- $name = printf "%s%s" (toString (.root.Values.namePrefix | default "")) $name -}}
{{- end -}}
{{- $tier := toString ($entry.tier | default "") -}}
{{- if and (eq .family "calico") .root.Values.calico.tierPrefixedNames $tier (ne $tier "default") (not (hasPrefix (printf "%s." $tier) $name)) -}}
  {{- $name = printf "%s.%s" $tier $name -}}
{{- end -}}
{{- $name -}}
{{- end -}}

{{/*
network-policies.lib.metadata.base: what every object's labels and annotations start from, computed
once per render. Expects: dict "root" "out" (a map). Sets out.labels (the standard labels, then
commonLabels over them) and out.annotations (commonAnnotations); values become strings.
*/}}
{{- define "network-policies.lib.metadata.base" -}}
{{- $root := .root -}}
{{- $labels := merge (deepCopy ($root.Values.commonLabels | default dict)) (include "network-policies.labels" $root | fromYaml) -}}
{{- $annotations := $root.Values.commonAnnotations | default dict -}}
{{- $out := .out -}}
{{- range $key, $m := dict "labels" $labels "annotations" $annotations -}}
  {{- $s := dict -}}
  {{- range $k, $v := $m }}{{ $_ := set $s $k (toString $v) }}{{ end -}}
  {{- $_ := set $out $key $s -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.lib.metadata.merge: labels and annotations of one object. Expects: dict "base"
(from network-policies.lib.metadata.base) "labels" "annotations" (the object's own maps, may be
nil) "out" (the metadata map to fill). Labels: the standard labels, then commonLabels, then the
object's (later wins, as sprig's merge decides: an empty value gives way); annotations:
commonAnnotations, then the object's. Values become strings. Sets out.labels and, when not
empty, out.annotations. An object without labels (annotations) of its own gets base's map
itself: callers must not modify these maps.
*/}}
{{- define "network-policies.lib.metadata.merge" -}}
{{- $out := .out -}}
{{- range $key, $own := dict "labels" .labels "annotations" .annotations -}}
  {{- $merged := index $.base $key -}}
  {{- if $own -}}
    {{- $merged = dict -}}
    {{- range $k, $v := merge (deepCopy $own) (index $.base $key) }}{{ $_ := set $merged $k (toString $v) }}{{ end -}}
  {{- end -}}
  {{- if or $merged (eq $key "labels") }}{{ $_ := set $out $key $merged }}{{ end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.render.object: a whole typed object (apiVersion, kind, metadata, spec) as data for
network-policies.lib.yaml.documents. Expects: dict "obj" (object record: path, name, entry) "kind"
(from network-policies.kinds) "namespace" (the release namespace) "base" (from
network-policies.lib.metadata.base) "out" (the map to fill). The spec comes from the kind
family's spec helper; metadata keys are "\x01"-prefixed so that name and namespace print first.
*/}}
{{- define "network-policies.render.object" -}}
{{- $k := .kind -}}
{{- $entry := .obj.entry -}}
{{- $metadata := dict "\x01name" .obj.name -}}
{{- if $k.namespaced }}{{ $_ := set $metadata "\x01namespace" .namespace }}{{ end -}}
{{- include "network-policies.lib.metadata.merge" (dict "base" .base "labels" $entry.labels "annotations" $entry.annotations "out" $metadata) -}}
{{- $out := .out -}}
{{- $_ := set $out "apiVersion" $k.apiVersion -}}
{{- $_ := set $out "kind" $k.kind -}}
{{- $_ := set $out "metadata" $metadata -}}
{{- if eq $k.family "calico" -}}
  {{- include "network-policies.class.calicoPolicySpec" (dict "entry" $entry "path" .obj.path "out" $out) -}}
{{- else if eq $k.family "k8s" -}}
  {{- include "network-policies.class.networkPolicySpec" (dict "entry" $entry "out" $out) -}}
{{- else -}}
  {{- include "network-policies.class.passthroughSpec" (dict "entry" $entry "out" $out) -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.render.extraObject: an extraObjects entry as data for
network-policies.lib.yaml.documents: the object as given, its metadata.labels merged over the
standard labels and commonLabels, its annotations over commonAnnotations. Expects: dict "obj"
(record: path, object) "base" (from network-policies.lib.metadata.base) "out" (the map to fill).
*/}}
{{- define "network-policies.render.extraObject" -}}
{{- $o := .obj.object -}}
{{- $meta := dict -}}
{{- include "network-policies.lib.metadata.merge" (dict "base" .base "labels" $o.metadata.labels "annotations" $o.metadata.annotations "out" $meta) -}}
{{- $out := .out -}}
{{- range $k, $v := $o }}{{ $_ := set $out $k $v }}{{ end -}}
{{- /* merge writes into its first map, nested maps included: give it a copy, not base's maps. */ -}}
{{- $_ := set $out "metadata" (merge (deepCopy $meta) $o.metadata) -}}
{{- end -}}
