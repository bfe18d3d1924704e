{{/*
network-policies.lib.calico.entityRule: a Calico EntityRule with its selectors converted to strings.
Expects: dict "value" (the EntityRule map) "path" (its values path). Returns JSON.
Converted: selector, notSelector, namespaceSelector, serviceAccounts.selector; the rest as given.
*/}}
{{- define "network-policies.lib.calico.entityRule" -}}
{{- $path := .path -}}
{{- $er := deepCopy .value -}}
{{- range $f := list "selector" "notSelector" "namespaceSelector" -}}
  {{- if not (kindIs "invalid" (index $er $f)) -}}
    {{- $_ := set $er $f (include "network-policies.lib.selector.toCalico" (dict "value" (index $er $f) "path" (printf "%s.%s" $path $f))) -}}
  {{- end -}}
{{- end -}}
{{- if and (kindIs "map" $er.serviceAccounts) (not (kindIs "invalid" (index ($er.serviceAccounts | default dict) "selector"))) -}}
  {{- $_ := set $er.serviceAccounts "selector" (include "network-policies.lib.selector.toCalico" (dict "value" $er.serviceAccounts.selector "path" (printf "%s.serviceAccounts.selector" $path))) -}}
{{- end -}}
{{- $er | toJson -}}
{{- end -}}

{{/*
network-policies.class.calicoPolicySpec: the spec of a Calico NetworkPolicy, GlobalNetworkPolicy,
StagedNetworkPolicy or StagedGlobalNetworkPolicy, as YAML. Expects: dict "entry" (the values
entry) "path" (its values path, for selector errors).
Fields pass through as given (empty lists and selectors kept), null fields dropped; selector maps
become Calico selector strings (spec selector, namespaceSelector, serviceAccountSelector and each
rule's source/destination); `types` absent renders Calico's default ([Egress] with egress rules
only, [Ingress, Egress] with both, else [Ingress]). stagedAction Delete renders only stagedAction
and tier (the API requires every other field to be empty).
*/}}
{{- define "network-policies.class.calicoPolicySpec" -}}
{{- $path := .path -}}
{{- $spec := include "network-policies.class.passthroughSpec" .entry | fromJson -}}
{{- if eq (toString ($spec.stagedAction | default "")) "Delete" -}}
  {{- $spec = pick $spec "stagedAction" "tier" -}}
{{- else -}}
  {{- range $f := list "selector" "namespaceSelector" "serviceAccountSelector" -}}
    {{- if hasKey $spec $f -}}
      {{- $_ := set $spec $f (include "network-policies.lib.selector.toCalico" (dict "value" (index $spec $f) "path" (printf "%s.%s" $path $f))) -}}
    {{- end -}}
  {{- end -}}
  {{- range $dir := list "ingress" "egress" -}}
    {{- if kindIs "slice" (index $spec $dir) -}}
      {{- $rules := list -}}
      {{- range $i, $r := index $spec $dir -}}
        {{- $rule := deepCopy $r -}}
        {{- range $side := list "source" "destination" -}}
          {{- if kindIs "map" (index $rule $side) -}}
            {{- $_ := set $rule $side (include "network-policies.lib.calico.entityRule" (dict "value" (index $rule $side) "path" (printf "%s.%s[%d].%s" $path $dir $i $side)) | fromJson) -}}
          {{- end -}}
        {{- end -}}
        {{- $rules = append $rules $rule -}}
      {{- end -}}
      {{- $_ := set $spec $dir $rules -}}
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
{{- include "network-policies.lib.yaml" $spec -}}
{{- end -}}
