{{/*
network-policies.objects.build: every object this release renders, per kind, with all guards applied.
Expects: dict "root" (the root context) "kinds" (network-policies.kinds, parsed) "out" (a map).
Sets out.<values key> to a list of records and out.extraObjects; a record is {path (values path),
key, name (metadata.name), preset ("" or the preset key), entry}. Order per kind: preset objects
(fixed preset order), then the user's enabled entries by key.
Guards, in this order: scope and edition values; presets; the scope of each enabled object;
metadata names (valid, unique per kind); each object's own rules. Every kind template renders
through this (once per render, see network-policies.documents), so the first problem is reported
the same way whichever template helm renders first.
*/}}
{{- define "network-policies.objects.build" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $scope := toString $v.scope -}}
{{- if not (has $scope (list "namespace" "cluster")) -}}
  {{- fail "network-policies: scope: must be namespace or cluster" -}}
{{- end -}}
{{- $edition := toString (($v.calico | default dict).edition | default "oss") -}}
{{- if not (has $edition (list "oss" "enterprise")) -}}
  {{- fail "network-policies: calico.edition: must be oss or enterprise" -}}
{{- end -}}
{{- $enterprise := eq $edition "enterprise" -}}
{{- $kinds := .kinds -}}
{{- $presets := dict -}}
{{- include "network-policies.presets.expand" (dict "root" $root "out" $presets) -}}
{{- $out := .out -}}
{{- range $kindKey := $kinds.order -}}
  {{- $k := index $kinds $kindKey -}}
  {{- $records := index $presets $kindKey | default list -}}
  {{- $map := index $v $kindKey | default dict -}}
  {{- if not (kindIs "map" $map) -}}
    {{- fail (printf "network-policies: %s: must be a map of object name to entry" $kindKey) -}}
  {{- end -}}
  {{- range $key := keys $map | sortAlpha -}}
    {{- $e := index $map $key -}}
    {{- $path := printf "%s.%s" $kindKey $key -}}
    {{- if not (kindIs "invalid" $e) -}}
      {{- if not (kindIs "map" $e) -}}
        {{- fail (printf "network-policies: %s: must be a map (the object's fields)" $path) -}}
      {{- end -}}
      {{- if or (not (hasKey $e "enabled")) (kindIs "invalid" $e.enabled) $e.enabled -}}
        {{- if $k.namespaced -}}
          {{- if ne $scope "namespace" -}}
            {{- fail (printf "network-policies: %s: %s is namespaced; enable it only with scope: namespace (this install has scope: cluster)" $path $k.kind) -}}
          {{- end -}}
        {{- else if ne $scope "cluster" -}}
          {{- fail (printf "network-policies: %s: %s is cluster-scoped; enable it only with scope: cluster (this install has scope: namespace)" $path $k.kind) -}}
        {{- end -}}
        {{- $records = append $records (dict "path" $path "key" $key "preset" "" "entry" $e) -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
  {{- $_ := set $out $kindKey $records -}}
{{- end -}}
{{- /* Names: computed once, checked for validity and uniqueness per kind. */ -}}
{{- range $kindKey := $kinds.order -}}
  {{- $k := index $kinds $kindKey -}}
  {{- $records := index $out $kindKey -}}
  {{- if $records -}}
    {{- range $r := $records -}}
      {{- $_ := set $r "name" (include "network-policies.lib.names.objectName" (dict "root" $root "key" $r.key "entry" $r.entry "family" $k.family "rawName" false)) -}}
    {{- end -}}
    {{- include "network-policies.validate.names" (dict "records" $records "kind" $k) -}}
  {{- end -}}
{{- end -}}
{{- /* denyCloudMetadata (api calico, cluster install) also renders its Tier, unless `tiers` has it. */ -}}
{{- $dcm := ($v.presets | default dict).denyCloudMetadata | default dict -}}
{{- if and $dcm.enabled (eq (toString $dcm.api) "calico") (eq $scope "cluster") -}}
  {{- $tierName := toString $dcm.tier -}}
  {{- $declared := hasKey ($v.tiers | default dict) $tierName -}}
  {{- range $r := $out.tiers }}{{ if eq $r.name $tierName }}{{ $declared = true }}{{ end }}{{ end -}}
  {{- if not $declared -}}
    {{- $entry := dict "name" $tierName "defaultAction" "Pass" "labels" (dict "netpolkit.io/preset" "denyCloudMetadata") -}}
    {{- if not (kindIs "invalid" $dcm.tierOrder) }}{{ $_ := set $entry "order" $dcm.tierOrder }}{{ end -}}
    {{- $r := dict "path" "presets.denyCloudMetadata.tier" "key" $tierName "preset" "denyCloudMetadata" "entry" $entry "name" $tierName -}}
    {{- include "network-policies.validate.name" (dict "obj" $r "kind" $kinds.tiers) -}}
    {{- $_ := set $out "tiers" (prepend $out.tiers $r) -}}
  {{- end -}}
{{- end -}}
{{- /* The tiers this release renders, for the Pass guard. */ -}}
{{- $tiers := dict -}}
{{- range $r := $out.tiers -}}
  {{- $_ := set $tiers $r.name (dict "order" $r.entry.order) -}}
{{- end -}}
{{- range $kindKey := $kinds.order -}}
  {{- range $r := index $out $kindKey -}}
    {{- include "network-policies.validate.object" (dict "obj" $r "kind" (index $kinds $kindKey) "tiers" $tiers "enterprise" $enterprise) -}}
  {{- end -}}
{{- end -}}
{{- /* extraObjects: rendered as given; only what every object needs is checked. */ -}}
{{- $extra := list -}}
{{- $extraMap := $v.extraObjects | default dict -}}
{{- if not (kindIs "map" $extraMap) -}}
  {{- fail "network-policies: extraObjects: must be a map of label to object" -}}
{{- end -}}
{{- range $key := keys $extraMap | sortAlpha -}}
  {{- $o := index $extraMap $key -}}
  {{- $path := printf "extraObjects.%s" $key -}}
  {{- if not (kindIs "invalid" $o) -}}
    {{- if or (not (kindIs "map" $o)) (not $o.apiVersion) (not $o.kind) (not (kindIs "map" $o.metadata)) (not ($o.metadata | default dict).name) -}}
      {{- fail (printf "network-policies: %s: needs apiVersion, kind and metadata.name" $path) -}}
    {{- end -}}
    {{- if hasPrefix "crd.projectcalico.org/" (toString $o.apiVersion) -}}
      {{- fail (printf "network-policies: %s.apiVersion: %s is Calico's internal storage API (writing it bypasses validation and defaulting); use projectcalico.org/v3" $path $o.apiVersion) -}}
    {{- end -}}
    {{- $extra = append $extra (dict "path" $path "key" $key "object" $o) -}}
  {{- end -}}
{{- end -}}
{{- $_ := set $out "extraObjects" $extra -}}
{{- end -}}

{{/*
network-policies.documents.build: the text of every kind template. Expects: dict "root" "out" (a
map). Every object of the release is built and checked (network-policies.objects.build), turned
into data (network-policies.render.object, .render.extraObject) and written as YAML in one pass
(network-policies.lib.yaml.documents). Sets out.<values key> (and out.extraObjects) to
"\n---\n<object as YAML>" per object, for the keys that have objects. Errors raised while
rendering (selector conversion; the schema rejects the same values first) come in kinds order.
*/}}
{{- define "network-policies.documents.build" -}}
{{- $root := .root -}}
{{- $kinds := include "network-policies.kinds" $root | fromJson -}}
{{- $objects := dict -}}
{{- include "network-policies.objects.build" (dict "root" $root "kinds" $kinds "out" $objects) -}}
{{- $base := dict -}}
{{- include "network-policies.lib.metadata.base" (dict "root" $root "out" $base) -}}
{{- $namespace := include "network-policies.namespace" $root -}}
{{- $groups := dict -}}
{{- range $key := append $kinds.order "extraObjects" -}}
  {{- $docs := list -}}
  {{- range $obj := index $objects $key -}}
    {{- $doc := dict -}}
    {{- if eq $key "extraObjects" -}}
      {{- include "network-policies.render.extraObject" (dict "obj" $obj "base" $base "out" $doc) -}}
    {{- else -}}
      {{- include "network-policies.render.object" (dict "obj" $obj "kind" (index $kinds $key) "namespace" $namespace "base" $base "out" $doc) -}}
    {{- end -}}
    {{- $docs = append $docs $doc -}}
  {{- end -}}
  {{- if $docs }}{{ $_ := set $groups $key $docs }}{{ end -}}
{{- end -}}
{{- if $groups -}}
  {{- $out := .out -}}
  {{- include "network-policies.lib.yaml.documents" (dict "groups" $groups "out" $out) -}}
  {{- /* A typed object's spec is a block even when empty (`spec:` then `{}` on its own line). */ -}}
  {{- range $key, $text := $out -}}
    {{- if and (ne $key "extraObjects") (contains "\nspec: {}" $text) -}}
      {{- $_ := set $out $key (regexReplaceAll `(?m)^spec: \{\}$` $text "spec:\n  {}") -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.documents: the output of one kind template (network-policies.documents.build), or
"" when the values key has no object. Expects: dict "root" "kindKey" (a values key of
network-policies.kinds, or extraObjects). Computed on the first call of a render and kept in the
root context (key `networkPoliciesDocuments`): helm shares the root context between the templates
of one chart. Where it is not shared, every template computes the same result again; either way
the output depends on the values alone.
*/}}
{{- define "network-policies.documents" -}}
{{- $root := .root -}}
{{- if not (hasKey $root "networkPoliciesDocuments") -}}
  {{- $texts := dict -}}
  {{- include "network-policies.documents.build" (dict "root" $root "out" $texts) -}}
  {{- $_ := set $root "networkPoliciesDocuments" $texts -}}
{{- end -}}
{{- index $root.networkPoliciesDocuments .kindKey | default "" -}}
{{- end -}}
