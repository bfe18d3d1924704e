{{/*
network-policies.class.networkPolicySpec: the spec of a Kubernetes NetworkPolicy or a Calico
StagedKubernetesNetworkPolicy (a NetworkPolicySpec plus stagedAction), as YAML.
Expects: dict "entry" (the values entry).
Fields pass through as given (empty lists and `{}` selectors kept), null fields dropped;
`podSelector` absent renders `{}`; `policyTypes` absent renders the API server's default
([Ingress], plus Egress when egress is non-empty). stagedAction Delete renders only stagedAction.
*/}}
{{- define "network-policies.class.networkPolicySpec" -}}
{{- $spec := include "network-policies.class.passthroughSpec" .entry | fromJson -}}
{{- if eq (toString ($spec.stagedAction | default "")) "Delete" -}}
  {{- $spec = pick $spec "stagedAction" -}}
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
{{- include "network-policies.lib.yaml" $spec -}}
{{- end -}}
