{{/*
network-policies.lib.calico.entityRule: a rule's source or destination with its selectors converted
to strings. Expects: dict "value" (the EntityRule map) "path" (its values path) "out" (a map).
Converted: selector, notSelector, namespaceSelector, serviceAccounts.selector; the rest as given.
Every selector is checked (network-policies.lib.selector.toCalico); when one was a label-selector
map, sets out.value to a converted copy (`omit` with no key is a shallow copy); a string
selector stays as it is, and then out stays empty.
*/}}
{{- define "network-policies.lib.calico.entityRule" -}}
{{- $er := .value -}}
{{- $changes := dict -}}
{{- range $f := list "selector" "notSelector" "namespaceSelector" -}}
  {{- $v := index $er $f -}}
  {{- if not (kindIs "invalid" $v) -}}
    {{- $s := include "network-policies.lib.selector.toCalico" (dict "value" $v "path" (printf "%s.%s" $.path $f)) -}}
    {{- if not (kindIs "string" $v) }}{{ $_ := set $changes $f $s }}{{ end -}}
  {{- end -}}
{{- end -}}
{{- $sa := $er.serviceAccounts -}}
{{- if and (kindIs "map" $sa) (not (kindIs "invalid" (index ($sa | default dict) "selector"))) -}}
  {{- $s := include "network-policies.lib.selector.toCalico" (dict "value" $sa.selector "path" (printf "%s.serviceAccounts.selector" .path)) -}}
  {{- if not (kindIs "string" $sa.selector) }}{{ $_ := set $changes "serviceAccounts" (set (omit $sa) "selector" $s) }}{{ end -}}
{{- end -}}
{{- if $changes -}}
  {{- $copy := omit $er -}}
  {{- range $k, $v := $changes }}{{ $_ := set $copy $k $v }}{{ end -}}
  {{- $_ := set .out "value" $copy -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.class.calicoPolicySpec: the spec of a Calico NetworkPolicy, GlobalNetworkPolicy,
StagedNetworkPolicy or StagedGlobalNetworkPolicy. Expects: dict "entry" (the values entry) "path"
(its values path, for selector errors) "out". Sets out.spec.
Fields pass through as given (empty lists and selectors kept), null fields dropped; selector maps
become Calico selector strings (spec selector, namespaceSelector, serviceAccountSelector and each
rule's source/destination); `types` absent renders Calico's default ([Egress] with egress rules
only, [Ingress, Egress] with both, else [Ingress]). stagedAction Delete renders only stagedAction
and tier (the API requires every other field to be empty). Rules and entity rules are copied
only where a selector changes (`omit` with no key is a shallow copy): values are never modified.
*/}}
{{- define "network-policies.class.calicoPolicySpec" -}}
{{- $path := .path -}}
{{- include "network-policies.class.passthroughSpec" . -}}
{{- $spec := .out.spec -}}
{{- if eq (toString ($spec.stagedAction | default "")) "Delete" -}}
  {{- $_ := set .out "spec" (pick $spec "stagedAction" "tier") -}}
{{- else -}}
  {{- /* Fast path: when the JSON shows only one-line string selectors there is nothing to convert or reject. */ -}}
  {{- if regexMatch `\\[nr]|"(selector|notSelector|namespaceSelector|serviceAccountSelector)":[^"]` (toJson $spec) -}}
    {{- range $f := list "selector" "namespaceSelector" "serviceAccountSelector" -}}
      {{- if hasKey $spec $f -}}
        {{- $_ := set $spec $f (include "network-policies.lib.selector.toCalico" (dict "value" (index $spec $f) "path" (printf "%s.%s" $path $f))) -}}
      {{- end -}}
    {{- end -}}
    {{- range $dir := list "ingress" "egress" -}}
      {{- if kindIs "slice" (index $spec $dir) -}}
        {{- $rules := list -}}
        {{- range $i, $r := index $spec $dir -}}
          {{- $rule := $r -}}
          {{- range $side := list "source" "destination" -}}
            {{- if kindIs "map" (index $r $side) -}}
              {{- $er := dict -}}
              {{- include "network-policies.lib.calico.entityRule" (dict "value" (index $r $side) "path" (printf "%s.%s[%d].%s" $path $dir $i $side) "out" $er) -}}
              {{- if $er }}{{ $rule = set (omit $rule) $side $er.value }}{{ end -}}
            {{- end -}}
          {{- end -}}
          {{- $rules = append $rules $rule -}}
        {{- end -}}
        {{- $_ := set $spec $dir $rules -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
  {{- if not (hasKey $spec "types") -}}
    {{- $hasIngress := not (empty $spec.ingress) -}}
    {{- $hasEgress := not (empty $spec.egress) -}}
    {{- $types := list -}}
    {{- if or $hasIngress (not $hasEgress) }}{{ $types = append $types "Ingress" }}{{ end -}}
    {{- if $hasEgress }}{{ $types = append $types "Egress" }}{{ end -}}
    {{- $_ := set $spec "types" $types -}}
  {{- end -}}
{{- end -}}
{{- end -}}
