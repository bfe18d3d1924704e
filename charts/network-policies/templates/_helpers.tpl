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
tier), global, staged}}, and the fixed order in which kinds are checked, under "order".
*/}}
{{- define "network-policies.kinds" -}}
{{- $calico := "projectcalico.org/v3" -}}
{{- dict
  "order" (list "networkPolicies" "calicoNetworkPolicies" "calicoGlobalNetworkPolicies" "stagedNetworkPolicies" "stagedGlobalNetworkPolicies" "stagedKubernetesNetworkPolicies" "networkSets" "globalNetworkSets" "hostEndpoints" "tiers")
  "networkPolicies" (dict "apiVersion" "networking.k8s.io/v1" "kind" "NetworkPolicy" "namespaced" true "family" "k8s" "global" false "staged" false)
  "calicoNetworkPolicies" (dict "apiVersion" $calico "kind" "NetworkPolicy" "namespaced" true "family" "calico" "global" false "staged" false)
  "calicoGlobalNetworkPolicies" (dict "apiVersion" $calico "kind" "GlobalNetworkPolicy" "namespaced" false "family" "calico" "global" true "staged" false)
  "stagedNetworkPolicies" (dict "apiVersion" $calico "kind" "StagedNetworkPolicy" "namespaced" true "family" "calico" "global" false "staged" true)
  "stagedGlobalNetworkPolicies" (dict "apiVersion" $calico "kind" "StagedGlobalNetworkPolicy" "namespaced" false "family" "calico" "global" true "staged" true)
  "stagedKubernetesNetworkPolicies" (dict "apiVersion" $calico "kind" "StagedKubernetesNetworkPolicy" "namespaced" true "family" "k8s" "global" false "staged" true)
  "networkSets" (dict "apiVersion" $calico "kind" "NetworkSet" "namespaced" true "family" "set" "global" false "staged" false)
  "globalNetworkSets" (dict "apiVersion" $calico "kind" "GlobalNetworkSet" "namespaced" false "family" "set" "global" true "staged" false)
  "hostEndpoints" (dict "apiVersion" $calico "kind" "HostEndpoint" "namespaced" false "family" "hostendpoint" "global" true "staged" false)
  "tiers" (dict "apiVersion" $calico "kind" "Tier" "namespaced" false "family" "tier" "global" true "staged" false)
  | toJson -}}
{{- end -}}

{{/*
network-policies.metaKeys: the entry keys that are not spec fields. Expects: nothing. Returns JSON.
*/}}
{{- define "network-policies.metaKeys" -}}
{{- list "enabled" "name" "labels" "annotations" | toJson -}}
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
network-policies.lib.metadata.merge: labels and annotations of one object. Expects: dict "root"
"labels" "annotations" (the object's own maps, may be nil). Labels: the standard labels, then
commonLabels, then the object's (later wins); annotations: commonAnnotations, then the object's.
Values become strings. Returns JSON {labels, annotations} (annotations omitted when empty).
*/}}
{{- define "network-policies.lib.metadata.merge" -}}
{{- $root := .root -}}
{{- $labels := merge (deepCopy (.labels | default dict)) (deepCopy ($root.Values.commonLabels | default dict)) (include "network-policies.labels" $root | fromYaml) -}}
{{- $annotations := merge (deepCopy (.annotations | default dict)) (deepCopy ($root.Values.commonAnnotations | default dict)) -}}
{{- $out := dict "labels" (dict) -}}
{{- range $k, $v := $labels }}{{ $_ := set $out.labels $k (toString $v) }}{{ end -}}
{{- if $annotations -}}
  {{- $_ := set $out "annotations" (dict) -}}
  {{- range $k, $v := $annotations }}{{ $_ := set $out.annotations $k (toString $v) }}{{ end -}}
{{- end -}}
{{- $out | toJson -}}
{{- end -}}

{{/*
network-policies.metadata: the metadata block of a typed object, as YAML: name (from the object
record, see network-policies.lib.names.objectName), namespace (the release namespace, for
namespaced kinds), labels and annotations (network-policies.lib.metadata.merge).
Expects: dict "root" "obj" (an object record from network-policies.objects: name, entry)
"namespaced" (bool).
*/}}
{{- define "network-policies.metadata" -}}
{{- $meta := include "network-policies.lib.metadata.merge" (dict "root" .root "labels" .obj.entry.labels "annotations" .obj.entry.annotations) | fromJson -}}
name: {{ include "network-policies.lib.yaml.scalar" .obj.name }}
{{- if .namespaced }}
namespace: {{ include "network-policies.lib.yaml.scalar" (include "network-policies.namespace" .root) }}
{{- end }}
{{ include "network-policies.lib.yaml" $meta }}
{{- end -}}

{{/*
network-policies.render.object: a whole typed object (apiVersion, kind, metadata, spec) as YAML;
the body of every kind template. Expects: dict "root" "obj" (object record) "kindKey" (values
key, e.g. calicoGlobalNetworkPolicies). The spec comes from the kind family's spec helper.
*/}}
{{- define "network-policies.render.object" -}}
{{- $k := index (include "network-policies.kinds" . | fromJson) .kindKey -}}
{{- $spec := "" -}}
{{- if eq $k.family "calico" -}}
  {{- $spec = include "network-policies.class.calicoPolicySpec" (dict "entry" .obj.entry "path" .obj.path) -}}
{{- else if eq $k.family "k8s" -}}
  {{- $spec = include "network-policies.class.networkPolicySpec" (dict "entry" .obj.entry) -}}
{{- else -}}
  {{- $spec = include "network-policies.lib.yaml" (include "network-policies.class.passthroughSpec" .obj.entry | fromJson) -}}
{{- end -}}
apiVersion: {{ $k.apiVersion }}
kind: {{ $k.kind }}
metadata:
  {{- include "network-policies.metadata" (dict "root" .root "obj" .obj "namespaced" $k.namespaced) | nindent 2 }}
spec:
  {{- $spec | nindent 2 }}
{{- end -}}

{{/*
network-policies.render.extraObject: an extraObjects entry as YAML: the object as given, its
metadata.labels merged over the standard labels and commonLabels, its annotations over
commonAnnotations. Expects: dict "root" "obj" (record: path, object).
*/}}
{{- define "network-policies.render.extraObject" -}}
{{- $o := deepCopy .obj.object -}}
{{- $meta := include "network-policies.lib.metadata.merge" (dict "root" .root "labels" $o.metadata.labels "annotations" $o.metadata.annotations) | fromJson -}}
{{- $_ := set $o "metadata" (merge $meta $o.metadata) -}}
{{- include "network-policies.lib.yaml" $o -}}
{{- end -}}
