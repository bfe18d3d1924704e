{{/*
network-policies.class.passthroughSpec: an entry's spec fields as given (everything but enabled, name,
labels, annotations; null fields dropped). Expects: the entry. Returns JSON.
*/}}
{{- define "network-policies.class.passthroughSpec" -}}
{{- $spec := dict -}}
{{- $meta := include "network-policies.metaKeys" . | fromJsonArray -}}
{{- range $k, $v := . -}}
  {{- if and (not (has $k $meta)) (not (kindIs "invalid" $v)) -}}
    {{- $_ := set $spec $k $v -}}
  {{- end -}}
{{- end -}}
{{- $spec | toJson -}}
{{- end -}}
