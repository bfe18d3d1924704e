{{/*
network-policies.class.networkPolicySpec: the spec of a Kubernetes NetworkPolicy or a Calico
StagedKubernetesNetworkPolicy (a NetworkPolicySpec plus stagedAction).
Expects: dict "entry" (the values entry) "out". Sets out.spec.
Fields pass through as given (empty lists and `{}` selectors kept), null fields dropped;
`podSelector` absent renders `{}`; `policyTypes` absent renders the API server's default
([Ingress], plus Egress when egress is non-empty). stagedAction Delete renders only stagedAction.
*/}}
{{- define "network-policies.class.networkPolicySpec" -}}
{{- include "network-policies.class.passthroughSpec" . -}}
{{- $spec := .out.spec -}}
{{- if eq (toString ($spec.stagedAction | default "")) "Delete" -}}
  {{- $_ := set .out "spec" (pick $spec "stagedAction") -}}
{{- else -}}
  {{- if not (hasKey $spec "podSelector") -}}
    {{- $_ := set $spec "podSelector" (dict) -}}
  {{- end -}}
  {{- if not (hasKey $spec "policyTypes") -}}
    {{- $types := list "Ingress" -}}
    {{- if not (empty $spec.egress) }}{{ $types = append $types "Egress" }}{{ end -}}
    {{- $_ := set $spec "policyTypes" $types -}}
  {{- end -}}
{{- end -}}
{{- end -}}
